import { parsePartList, type SearchParams, toPartQuery } from '@/app/(app)/part/_lib/list-query';
import { parameterCells, partTemplates } from '@/app/(app)/part/_lib/parameters';
import { type PartView, rowsOf } from '@/app/(app)/part/_lib/types';
import { AppError, STATUS } from '@/lib/errors';
import { allowed } from '@/lib/http/access';
import { json } from '@/lib/http/respond';
import { currentPrincipal, requirePage } from '@/lib/page-auth';
import { listParts } from '@/server/parts';

/**
 * `/part/export.csv?<the part list's query>`: every part of that view (no pagination) as CSV, with
 * the chosen parameter columns. Session auth like the pages, but answered as the API would: 401/403 JSON.
 */
export async function GET(request: Request): Promise<Response> {
  const who = await currentPrincipal();
  if (!who) return json({ detail: 'Authentication credentials were not provided.' }, 401);
  if (!allowed(who, 'part', 'GET'))
    return json({ detail: 'You do not have permission to perform this action.' }, 403);
  const ctx = await requirePage('part');
  const url = new URL(request.url);
  const sp: SearchParams = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    sp[key] = all.length > 1 ? all : all[0];
  }
  const state = parsePartList(sp);
  let parts: PartView[];
  try {
    parts = rowsOf<PartView>(await listParts(ctx, toPartQuery(state, { paged: false }), url));
  } catch (err) {
    if (err instanceof AppError && (err.code === 'validation' || err.code === 'not_found'))
      return json(err.body ?? { detail: err.message }, STATUS[err.code]);
    throw err;
  }
  const templates = state.params.length
    ? (await partTemplates(ctx)).filter((t) => state.params.includes(t.pk))
    : [];
  const cells = templates.length
    ? await parameterCells(
        ctx,
        parts.map((p) => p.pk),
      )
    : null;

  const head = [
    ...COLUMNS.map(([label]) => label),
    ...templates.map((t) => (t.units ? `${t.name} [${t.units}]` : t.name)),
  ];
  const line = (values: unknown[]) => `${values.map(cell).join(',')}\r\n`;
  const encoder = new TextEncoder();
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // A BOM so spreadsheet programs read UTF-8.
      controller.enqueue(encoder.encode(`\uFEFF${line(head)}`));
    },
    pull(controller) {
      const chunk = parts.slice(i, i + 500);
      i += chunk.length;
      if (!chunk.length) {
        controller.close();
        return;
      }
      controller.enqueue(
        encoder.encode(
          chunk
            .map((p) =>
              line([
                ...COLUMNS.map(([, get]) => get(p)),
                ...templates.map((t) => cells?.get(p.pk)?.get(t.pk) ?? ''),
              ]),
            )
            .join(''),
        ),
      );
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="parts-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
}

const COLUMNS: [string, (p: PartView) => unknown][] = [
  ['ID', (p) => p.pk],
  ['Name', (p) => p.name],
  ['IPN', (p) => p.IPN],
  ['Revision', (p) => p.revision],
  ['Description', (p) => p.description],
  ['Category', (p) => p.category_detail?.pathstring ?? p.category_name],
  ['Keywords', (p) => p.keywords],
  ['Units', (p) => p.units],
  ['Link', (p) => p.link],
  ['Active', (p) => p.active],
  ['Assembly', (p) => p.assembly],
  ['Component', (p) => p.component],
  ['Template', (p) => p.is_template],
  ['Trackable', (p) => p.trackable],
  ['Testable', (p) => p.testable],
  ['Purchaseable', (p) => p.purchaseable],
  ['Salable', (p) => p.salable],
  ['Virtual', (p) => p.virtual],
  ['Locked', (p) => p.locked],
  ['Minimum stock', (p) => p.minimum_stock],
  ['Maximum stock', (p) => p.maximum_stock],
  ['Created', (p) => p.creation_date],
];

/** One CSV field: quoted when needed; text that a spreadsheet would run as a formula is defused. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
