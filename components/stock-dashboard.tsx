import Link from 'next/link';
import { allowed } from '@/lib/http/access';
import { countOf, type ListAnswer, rowsOf } from '@/lib/http/respond';
import type { Ctx } from '@/server/context';
import { listParts } from '@/server/parts';
import { listStockItems } from '@/server/stock';
import { StockQuery } from '@/server/stock/schemas';
import { Card } from './ui';

const LOCAL = new URL('http://local/');
const SHOWN = 10;

type Page = { count: number; results: Record<string, unknown>[] };
const asPage = (list: ListAnswer): Page => ({ count: countOf(list), results: rowsOf(list) });
const qty = (v: unknown) =>
  String(v ?? '')
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');

/**
 * Dashboard cards for stock (server component): parts below their minimum stock, and expired
 * stock items. Each card shows only to users who may view what it lists.
 */
export async function StockDashboard({ ctx }: { ctx: Ctx }) {
  const canParts = allowed(ctx.actor, 'part', 'GET');
  const canStock = allowed(ctx.actor, 'stock', 'GET');
  if (!canParts && !canStock) return null;
  const [low, expired] = await Promise.all([
    canParts
      ? listParts(
          ctx,
          {
            low_stock: true,
            active: true,
            ordering: 'name',
            limit: String(SHOWN),
            search_regex: false,
            search_whole: false,
          },
          LOCAL,
        ).then(asPage)
      : null,
    canStock
      ? listStockItems(
          ctx,
          StockQuery.parse({
            expired: 'true',
            part_detail: 'true',
            ordering: 'expiry_date',
            limit: String(SHOWN),
          }),
          LOCAL,
        ).then(asPage)
      : null,
  ]);
  return (
    <div className="grid gap-4 md:grid-cols-2" data-testid="stock-dashboard">
      {low ? (
        <Card title={`Low stock (${low.count})`}>
          {low.results.length ? (
            <ul className="divide-y divide-slate-100 text-sm" data-testid="low-stock">
              {low.results.map((p) => (
                <li key={String(p.pk)} className="flex justify-between gap-3 py-1.5">
                  <Link href={`/part/${p.pk}`} className="text-brand-600 underline">
                    {String(p.full_name)}
                  </Link>
                  <span className="whitespace-nowrap text-slate-600">
                    {qty(p.in_stock)} / {qty(p.minimum_stock)}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">No part is below its minimum stock.</p>
          )}
        </Card>
      ) : null}
      {expired ? (
        <Card title={`Expired stock (${expired.count})`}>
          {expired.results.length ? (
            <ul className="divide-y divide-slate-100 text-sm" data-testid="expired-stock">
              {expired.results.map((s) => {
                const part = s.part_detail as { full_name?: string } | null;
                return (
                  <li key={String(s.pk)} className="flex justify-between gap-3 py-1.5">
                    <Link href={`/stock/item/${s.pk}`} className="text-brand-600 underline">
                      {part?.full_name ?? `Item #${s.pk}`}
                      {s.serial ? ` #${s.serial}` : ` × ${qty(s.quantity)}`}
                    </Link>
                    <span className="whitespace-nowrap text-red-700">{String(s.expiry_date)}</span>
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">No expired stock.</p>
          )}
        </Card>
      ) : null}
    </div>
  );
}
