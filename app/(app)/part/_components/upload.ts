/**
 * Browser-side multipart uploads to the REST API (the streamed upload path of lib/http/upload.ts):
 * server actions cannot hand a verb a StagedFile and cap bodies at 1 MB, so files go to the API
 * directly; the session cookie authenticates and the Origin header satisfies the CSRF check.
 */
export async function sendForm(
  url: string,
  method: 'POST' | 'PATCH',
  body: FormData,
): Promise<{ ok: true } | { ok: false; errors: string[]; fields: Record<string, string[]> }> {
  let res: Response;
  try {
    res = await fetch(url, { method, body, credentials: 'same-origin' });
  } catch {
    return { ok: false, errors: ['The upload failed: the server could not be reached.'], fields: {} };
  }
  if (res.ok) return { ok: true };
  const data = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  const fields: Record<string, string[]> = {};
  const errors: string[] = [];
  if (data && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) {
      const list = (Array.isArray(value) ? value : [value]).map(String);
      if (key === 'detail' || key === 'non_field_errors') errors.push(...list);
      else fields[key] = list;
    }
  }
  if (!errors.length && !Object.keys(fields).length) errors.push(`The upload failed (HTTP ${res.status}).`);
  return { ok: false, errors, fields };
}
