import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { treeOptions } from '@/components/tree-rows';
import { Badge, Card, PageHeader, Table } from '@/components/ui';
import { STOCK_HISTORY } from '@/domain/stock';
import { allowed } from '@/lib/http/access';
import { requirePage } from '@/lib/page-auth';
import type { Ctx } from '@/server/context';
import { getStockItem, listStockItems, listTestResults, listTracking } from '@/server/stock';
import { StockQuery, TestResultQuery, TrackingQuery } from '@/server/stock/schemas';
import { orNotFound, param, routeId } from '../../../admin/_shared/lookup';
import { StatusForm } from '../../../admin/_shared/status-form';
import { LocationBreadcrumbs } from '../../_components/breadcrumbs';
import { QuantityChart } from '../../_components/quantity-chart';
import { StatusBadge } from '../../_components/status-badge';
import { quantitySeries } from '../../_lib/chart';
import { loadLocations } from '../../_lib/tree';
import {
  asItem,
  type LocationTreeRow,
  qty,
  rowsOf,
  type StockItemView,
  type TestResultView,
  type TrackingView,
} from '../../_lib/types';
import { ItemActions } from './_components/item-actions';
import { uninstallAction } from './actions';

export const metadata: Metadata = { title: 'Stock item' };

const LOCAL = new URL('http://local/');
const HISTORY_LABELS = new Map<number, string>(Object.values(STOCK_HISTORY).map((h) => [h.key, h.label]));
const historyLabel = (code: number) => HISTORY_LABELS.get(code) ?? `Tracking code ${code}`;

const TABS = [
  ['details', 'Details'],
  ['history', 'History'],
  ['tests', 'Test results'],
  ['installed', 'Installed items'],
] as const;
type Tab = (typeof TABS)[number][0];

const none = <span className="text-slate-400">—</span>;

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[8rem_minmax(0,1fr)] gap-2 py-1.5 sm:grid-cols-[10rem_minmax(0,1fr)]">
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-words" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

export default async function StockItemPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id: raw } = await params;
  const ctx = await requirePage('stock', `/stock/item/${raw}`);
  const id = routeId(raw);
  const sp = await searchParams;
  const item = asItem(
    await orNotFound(getStockItem(ctx, id, { part_detail: true, location_detail: true, path_detail: true })),
  );
  const canChange = allowed(ctx.actor, 'stock', 'PUT');
  const asked = param(sp, 'tab');
  const tab: Tab = TABS.some(([t]) => t === asked) ? (asked as Tab) : 'details';
  const name = item.part_detail?.full_name ?? `Part #${item.part}`;
  const isSerialized = !!item.serial && Number(item.quantity) === 1;
  const locations = canChange && allowed(ctx.actor, 'stock_location', 'GET') ? await loadLocations(ctx) : [];

  return (
    <>
      <LocationBreadcrumbs
        path={(item.location_path ?? []).map((l) => ({ pk: l.pk, name: l.name }))}
        current={isSerialized ? `${name} #${item.serial}` : name}
      />
      <PageHeader title={isSerialized ? `${name} #${item.serial}` : `Stock item: ${name}`} />
      <div
        className="-mt-4 mb-4 flex flex-wrap items-center gap-2 text-sm text-slate-600"
        data-testid="item-summary"
      >
        <StatusBadge status={item.status} />
        {item.in_stock ? <Badge tone="green">in stock</Badge> : <Badge>not in stock</Badge>}
        {item.expired ? (
          <Badge tone="red">expired</Badge>
        ) : item.stale ? (
          <Badge tone="amber">stale</Badge>
        ) : null}
        {item.belongs_to ? (
          <Link href={`/stock/item/${item.belongs_to}`} className="text-brand-600 underline">
            Installed in item #{item.belongs_to}
          </Link>
        ) : null}
      </div>
      <nav aria-label="Stock item sections" className="mb-4 overflow-x-auto border-b border-slate-200">
        <ul className="flex min-w-max gap-1 text-sm">
          {TABS.map(([t, label]) => {
            const n =
              t === 'history' ? item.tracking_items : t === 'installed' ? item.installed_items : undefined;
            return (
              <li key={t}>
                <Link
                  href={t === 'details' ? `/stock/item/${item.pk}` : `/stock/item/${item.pk}?tab=${t}`}
                  aria-current={t === tab ? 'page' : undefined}
                  className={`inline-block border-b-2 px-3 py-2 ${t === tab ? 'border-brand-600 font-semibold text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
                >
                  {label}
                  {n ? <span className="ml-1 text-xs text-slate-400">{n}</span> : null}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      {tab === 'details' ? (
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
          <DetailsCard item={item} name={name} />
          {canChange ? (
            <Card title="Actions">
              <ItemActions
                item={item}
                locations={treeOptions(locations, { structuralDisabled: true })}
                isSerialized={isSerialized}
                canAdd={allowed(ctx.actor, 'stock', 'POST')}
              />
              {item.belongs_to && allowed(ctx.actor, 'stock', 'POST') ? (
                <UninstallForm item={item} locations={locations} />
              ) : null}
            </Card>
          ) : null}
        </div>
      ) : null}
      {tab === 'history' ? <HistoryTab ctx={ctx} item={item} /> : null}
      {tab === 'tests' ? <TestsTab ctx={ctx} item={item} /> : null}
      {tab === 'installed' ? (
        <InstalledTab ctx={ctx} item={item} canChange={canChange} locations={locations} />
      ) : null}
    </>
  );
}

function DetailsCard({ item, name }: { item: StockItemView; name: string }) {
  const path = item.location_path ?? [];
  return (
    <Card title="Details" className="min-w-0">
      <dl className="divide-y divide-slate-100 text-sm" data-testid="item-details">
        <Row label="Part">
          <Link href={`/part/${item.part}`} className="text-brand-600 underline">
            {name}
          </Link>
          {item.part_detail?.description ? (
            <span className="block text-xs text-slate-500">{item.part_detail.description}</span>
          ) : null}
        </Row>
        <Row label="Quantity">
          <span data-testid="item-quantity">{qty(item.quantity)}</span>
          {item.part_detail?.units ? (
            <span className="ml-1 text-slate-500">{item.part_detail.units}</span>
          ) : null}
        </Row>
        <Row label="Location">
          {item.location ? (
            <Link href={`/stock?location=${item.location}`} className="text-brand-600 underline">
              {path.length ? path.map((l) => l.name).join(' / ') : item.location_detail?.pathstring}
            </Link>
          ) : (
            none
          )}
        </Row>
        <Row label="Serial number">
          {item.serial ? <span className="font-mono">{item.serial}</span> : none}
        </Row>
        <Row label="Batch code">{item.batch || none}</Row>
        <Row label="Status">
          <StatusBadge status={item.status} />
        </Row>
        <Row label="Expiry date">
          {item.expiry_date ? (
            <span className={item.expired ? 'text-red-700' : undefined}>{item.expiry_date}</span>
          ) : (
            none
          )}
        </Row>
        <Row label="Purchase price">
          {item.purchase_price !== null && item.purchase_price !== ''
            ? `${qty(item.purchase_price)} ${item.purchase_price_currency ?? ''}`.trim()
            : none}
        </Row>
        <Row label="Packaging">{item.packaging || none}</Row>
        <Row label="Parent item">
          {item.parent ? (
            <Link href={`/stock/item/${item.parent}`} className="text-brand-600 underline">
              #{item.parent}
            </Link>
          ) : (
            none
          )}
        </Row>
        <Row label="Last stocktake">{item.stocktake_date ?? none}</Row>
        <Row label="Created">{item.creation_date?.slice(0, 10) ?? none}</Row>
        <Row label="Updated">{item.updated?.slice(0, 10) ?? none}</Row>
        <Row label="Link">
          {item.link ? (
            <a
              href={item.link}
              rel="noopener noreferrer"
              target="_blank"
              className="text-brand-600 underline"
            >
              {item.link}
            </a>
          ) : (
            none
          )}
        </Row>
      </dl>
    </Card>
  );
}

/** A delta's value, linked when it names a location or an item. */
function DeltaValue({ field, value }: { field: string; value: unknown }) {
  if (field === 'location' && typeof value === 'number')
    return (
      <Link href={`/stock?location=${value}`} className="text-brand-600 underline">
        location #{value}
      </Link>
    );
  if ((field === 'stockitem' || field === 'stockitem_detail') && typeof value === 'number')
    return (
      <Link href={`/stock/item/${value}`} className="text-brand-600 underline">
        item #{value}
      </Link>
    );
  if (field === 'status' && typeof value === 'number') return <StatusBadge status={value} />;
  return <>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</>;
}

/** The ledger, newest first, and the quantity chart drawn from it. */
async function HistoryTab({ ctx, item }: { ctx: Ctx; item: StockItemView }) {
  const entries = rowsOf<TrackingView>(
    await listTracking(
      ctx,
      TrackingQuery.parse({ item: String(item.pk), user_detail: 'true', ordering: 'date' }),
      LOCAL,
    ),
  );
  const newestFirst = [...entries].reverse();
  return (
    <div className="flex flex-col gap-6">
      <Card title="Quantity over time">
        <QuantityChart points={quantitySeries(entries, historyLabel)} />
      </Card>
      <Card title="Stock history">
        {newestFirst.length ? (
          <ol className="flex flex-col gap-3 text-sm" data-testid="tracking">
            {newestFirst.map((e) => (
              <li key={e.pk} className="border-l-2 border-slate-200 pl-3" data-testid="tracking-entry">
                <p className="text-slate-600">
                  <span className="font-medium text-slate-800">{historyLabel(e.tracking_type)}</span> ·{' '}
                  {e.user_detail?.username ?? 'system'} · {e.date.replace('T', ' ').slice(0, 16)}
                </p>
                {Object.keys(e.deltas ?? {}).length ? (
                  <ul className="mt-1 flex flex-wrap gap-x-4 text-xs text-slate-600">
                    {Object.entries(e.deltas).map(([field, value]) => (
                      <li key={field}>
                        <code>{field}</code>: <DeltaValue field={field} value={value} />
                      </li>
                    ))}
                  </ul>
                ) : null}
                {e.notes ? <p className="mt-1 text-slate-700">{e.notes}</p> : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-slate-500">No history recorded.</p>
        )}
      </Card>
    </div>
  );
}

async function TestsTab({ ctx, item }: { ctx: Ctx; item: StockItemView }) {
  const rows = rowsOf<TestResultView>(
    await listTestResults(
      ctx,
      TestResultQuery.parse({
        stock_item: String(item.pk),
        template_detail: 'true',
        user_detail: 'true',
        ordering: '-date',
      }),
      LOCAL,
    ),
  );
  return (
    <Card title="Test results">
      {rows.length ? (
        <div data-testid="test-results">
          <Table head={['Test', 'Result', 'Value', 'Notes', 'User', 'Date']}>
            {rows.map((r) => (
              <tr key={r.pk} data-testid="test-result-row">
                <td className="px-3 py-2">{r.template_detail?.test_name ?? `Template #${r.template}`}</td>
                <td className="px-3 py-2">
                  {r.result ? <Badge tone="green">pass</Badge> : <Badge tone="red">fail</Badge>}
                </td>
                <td className="px-3 py-2">{r.value || none}</td>
                <td className="px-3 py-2">{r.notes || none}</td>
                <td className="px-3 py-2">{r.user_detail?.username ?? none}</td>
                <td className="whitespace-nowrap px-3 py-2">{r.date.slice(0, 10)}</td>
              </tr>
            ))}
          </Table>
        </div>
      ) : (
        <p className="text-sm text-slate-500">No test results.</p>
      )}
    </Card>
  );
}

function UninstallForm({ item, locations }: { item: StockItemView; locations: LocationTreeRow[] }) {
  return (
    <div className="mt-4 border-t border-slate-200 pt-3">
      <StatusForm
        action={uninstallAction}
        submitLabel="Uninstall"
        okText="Uninstalled."
        testId={`uninstall-form-${item.pk}`}
        className="flex flex-wrap items-end gap-2"
      >
        <input type="hidden" name="id" value={item.pk} />
        <label className="flex flex-col gap-1 text-sm">
          <span className="text-slate-700">Into location</span>
          <select
            name="location"
            required
            defaultValue=""
            className="rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          >
            <option value="">— choose —</option>
            {treeOptions(locations, { structuralDisabled: true }).map((o) => (
              <option key={o.value} value={o.value} disabled={o.disabled}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      </StatusForm>
    </div>
  );
}

async function InstalledTab({
  ctx,
  item,
  canChange,
  locations,
}: {
  ctx: Ctx;
  item: StockItemView;
  canChange: boolean;
  locations: LocationTreeRow[];
}) {
  const rows = rowsOf<StockItemView>(
    await listStockItems(ctx, StockQuery.parse({ belongs_to: String(item.pk), part_detail: 'true' }), LOCAL),
  );
  return (
    <Card title="Installed items">
      {rows.length ? (
        <div data-testid="installed-items">
          <Table head={['Item', 'Quantity', 'Status', ...(canChange ? ['Uninstall'] : [])]}>
            {rows.map((r) => (
              <tr key={r.pk} data-testid="installed-row">
                <td className="px-3 py-2">
                  <Link href={`/stock/item/${r.pk}`} className="text-brand-600 underline">
                    {r.part_detail?.full_name ?? `Part #${r.part}`}
                    {r.serial ? ` #${r.serial}` : ''}
                  </Link>
                </td>
                <td className="px-3 py-2">{qty(r.quantity)}</td>
                <td className="px-3 py-2">
                  <StatusBadge status={r.status} />
                </td>
                {canChange ? (
                  <td className="px-3 py-2">
                    <UninstallForm item={r} locations={locations} />
                  </td>
                ) : null}
              </tr>
            ))}
          </Table>
        </div>
      ) : (
        <p className="text-sm text-slate-500">Nothing is installed in this item.</p>
      )}
    </Card>
  );
}
