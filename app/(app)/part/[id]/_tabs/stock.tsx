import Link from 'next/link';
import { Card, LinkButton, Table } from '@/components/ui';
import { allowed } from '@/lib/http/access';
import { countOf, rowsOf } from '@/lib/http/respond';
import type { Ctx } from '@/server/context';
import { listStockItems } from '@/server/stock';
import { StockQuery } from '@/server/stock/schemas';
import { StatusBadge } from '../../../stock/_components/status-badge';
import type { PartView } from '../../_lib/types';
import { LOCAL } from './perms';

interface Row {
  pk: number;
  quantity: number;
  serial: string | null;
  batch: string | null;
  status: number;
  location: number | null;
  location_detail?: { pathstring?: string; name?: string } | null;
}

/** The part's stock in hand, by location (one list call). */
export async function StockTab({ ctx, part }: { ctx: Ctx; part: PartView }) {
  const result = await listStockItems(
    ctx,
    StockQuery.parse({
      part: String(part.pk),
      location_detail: 'true',
      in_stock: 'true',
      ordering: 'location',
      limit: '50',
    }),
    LOCAL,
  );
  const rows = rowsOf<Row>(result);
  const count = countOf(result);
  return (
    <Card title={`Stock (${count} item${count === 1 ? '' : 's'}, ${part.in_stock} in stock)`}>
      <Table head={['Quantity', 'Serial', 'Batch', 'Location', 'Status']}>
        {rows.map((r) => (
          <tr key={r.pk} data-testid="part-stock-row">
            <td className="px-3 py-2">
              <Link className="underline" href={`/stock/item/${r.pk}`}>
                {r.quantity}
              </Link>
            </td>
            <td className="px-3 py-2">{r.serial ?? '—'}</td>
            <td className="px-3 py-2">{r.batch ?? '—'}</td>
            <td className="px-3 py-2">{r.location_detail?.pathstring ?? r.location_detail?.name ?? '—'}</td>
            <td className="px-3 py-2">
              <StatusBadge status={r.status} />
            </td>
          </tr>
        ))}
      </Table>
      <div className="mt-4 flex flex-wrap gap-2">
        <LinkButton href={`/stock?part=${part.pk}`}>All stock of this part</LinkButton>
        {allowed(ctx.actor, 'stock', 'POST') ? (
          <LinkButton href={`/stock/new?part=${part.pk}`}>New stock item</LinkButton>
        ) : null}
      </div>
    </Card>
  );
}
