import { AppError } from '../errors';

/**
 * Reads a request body as DRF's parsers do: JSON, urlencoded or multipart (files stay `File`s).
 * An empty body is `{}`; malformed JSON is a 400; other content types are a 415.
 */
export async function readBody(request: Request): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded') {
    const form = await request.formData();
    const out: Record<string, unknown> = {};
    for (const key of new Set(form.keys())) {
      const values = form.getAll(key);
      out[key] = values.length > 1 ? values : values[0];
    }
    return out;
  }
  const raw = await request.text();
  if (raw.trim() === '') return {};
  if (type && type !== 'application/json' && !type.endsWith('+json')) {
    throw new AppError('unsupported_media_type', `Unsupported media type "${type}" in request.`);
  }
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new AppError('bad_request', `JSON parse error - ${(e as Error).message}`);
  }
}
