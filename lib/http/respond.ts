/**
 * JSON PostgreSQL built (a page of answers, a tree) as the UTF-8 bytes it sent: sent as they are,
 * never decoded, parsed into rows and serialised again. An answer may be one, or a page whose
 * `results` is.
 */
export class JsonText {
  readonly bytes: Uint8Array;
  constructor(json: string | Uint8Array) {
    this.bytes = typeof json === 'string' ? Buffer.from(json) : json;
  }
  get text(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString('utf8');
  }
}

function body(data: unknown): string | Uint8Array {
  if (data instanceof JsonText) return data.bytes;
  if ((data as { results?: unknown } | null)?.results instanceof JsonText) {
    // `results` last, as null, then replaced by the bytes: `…,"results":null}` → `…,"results":[…]}`.
    const { results, ...rest } = data as { results: JsonText };
    const page = JSON.stringify({ ...rest, results: null });
    return Buffer.concat([Buffer.from(page.slice(0, -'null}'.length)), results.bytes, Buffer.from('}')]);
  }
  return JSON.stringify(data);
}

/** JSON with exactly `Content-Type: application/json` (InvenTree's python client compares it for equality). */
export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : (body(data) as BodyInit), {
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

/** A list answer as server code (pages) gets it: an array without `limit`, a page with it, either as JSON text. */
export type ListAnswer = unknown[] | { count: number; results: unknown[] | JsonText } | JsonText;

/** The rows of a list answer, parsing PostgreSQL-built JSON text. */
export function rowsOf<T>(list: ListAnswer): T[] {
  if (list instanceof JsonText) return JSON.parse(list.text) as T[];
  if (Array.isArray(list)) return list as T[];
  return rowsOf<T>(list.results);
}

/** The total of a list answer. */
export function countOf(list: ListAnswer): number {
  return Array.isArray(list) || list instanceof JsonText ? rowsOf(list).length : list.count;
}
