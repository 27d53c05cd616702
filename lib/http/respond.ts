/** JSON with exactly `Content-Type: application/json` (InvenTree's python client compares it for equality). */
export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(data), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** InvenTree's datetime output: `YYYY-MM-DD HH:MM` in the server time zone (UTC), no seconds, no offset. */
export function formatDateTime(d: Date | string | null | undefined): string | null {
  if (d === null || d === undefined) return null;
  const date = typeof d === 'string' ? new Date(d) : d;
  return date.toISOString().slice(0, 16).replace('T', ' ');
}

export function formatDate(d: Date | string | null | undefined): string | null {
  if (d === null || d === undefined) return null;
  if (typeof d === 'string') return d.slice(0, 10);
  return d.toISOString().slice(0, 10);
}
