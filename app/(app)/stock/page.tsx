import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { type Column, DataTable } from '@/components/data-table';
import { TreeListLayout } from '@/components/tree-list-layout';
import { pathTo, treeNodes } from '@/components/tree-rows';
import { Badge, Button, LinkButton, PageHeader } from '@/components/ui';
import { allowed } from '@/lib/http/access';
import { requirePage } from '@/lib/page-auth';
import { getLocation, listStockItems } from '@/server/stock';
import { StockQuery } from '@/server/stock/schemas';
import { orNotFound } from '../admin/_shared/lookup';
import { LocationBreadcrumbs } from './_components/breadcrumbs';
import { STATUS_OPTIONS, StatusBadge } from './_components/status-badge';
import {
  parseStockList,
  type SearchParams,
  type StockListState,
  stockListHref,
  stockQueryParams,
} from './_lib/list-query';
import { loadLocations } from './_lib/tree';
import {
  asLocation,
  countOf,
  type LocationTreeRow,
  type LocationView,
  qty,
  rowsOf,
  type StockItemView,
} from './_lib/types';

export const metadata: Metadata = { title: 'Stock' };

const LOCAL = new URL('http://local/api/stock/');

export default async function StockPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requirePage('stock', '/stock');
  const state = parseStockList(await searchParams);
  const who = ctx.actor;
  const canLocations = allowed(who, 'stock_location', 'GET');

  // An unknown location is a 404 before the list (whose verb would call it a bad filter).
  const location =
    state.location !== undefined ? asLocation(await orNotFound(getLocation(ctx, state.location))) : null;
  const [tree, list] = await Promise.all([
    canLocations ? loadLocations(ctx) : Promise.resolve([] as LocationTreeRow[]),
    listStockItems(ctx, StockQuery.parse(stockQueryParams(state)), LOCAL),
  ]);
  const items = rowsOf<StockItemView>(list);
  const count = countOf(list);
  const path = location ? pathTo(tree, location.pk).map((l) => ({ pk: l.pk, name: l.name })) : [];
  const children = location ? tree.filter((l) => l.parent === location.pk) : [];

  return (
    <>
      {location ? (
        <LocationBreadcrumbs path={path.length ? path : [{ pk: location.pk, name: location.name }]} />
      ) : null}
      <PageHeader title={location ? location.name : 'Stock'}>
        {location && allowed(who, 'stock_location', 'PUT') ? (
          <LinkButton href={`/stock/location/${location.pk}/edit`}>Edit location</LinkButton>
        ) : null}
        {allowed(who, 'stock_location', 'POST') ? (
          <LinkButton href={location ? `/stock/location/new?parent=${location.pk}` : '/stock/location/new'}>
            {location ? 'New sublocation' : 'New location'}
          </LinkButton>
        ) : null}
        {allowed(who, 'stock', 'POST') && !location?.structural ? (
          <LinkButton variant="primary" href={newItemHref(state)}>
            New stock item
          </LinkButton>
        ) : null}
      </PageHeader>
      {location ? <LocationSummary location={location} sublocations={children} /> : null}
      <TreeListLayout
        empty={{ text: 'No stock item matches.', testId: 'no-stock' }}
        pagination={{
          count,
          offset: state.offset,
          limit: state.limit,
          shown: items.length,
          noun: 'stock item',
          testId: 'stock-pagination',
          href: (w) => stockListHref(state, w),
        }}
        tree={
          canLocations
            ? {
                title: 'Locations',
                label: 'Stock locations',
                nodes: treeNodes(tree, (id) => `/stock?location=${id}`),
                currentId: location?.pk,
                testId: 'location-tree',
                all: { href: stockListHref(state, { location: undefined }), text: 'All stock' },
              }
            : null
        }
      >
        <StockFilters state={state} />
        <StockTable state={state} items={items} />
      </TreeListLayout>
    </>
  );
}

/** The receive form, knowing the location and part the list shows. */
function newItemHref(s: StockListState): string {
  const p = new URLSearchParams();
  if (s.part !== undefined) p.set('part', String(s.part));
  if (s.location !== undefined) p.set('location', String(s.location));
  const q = p.toString();
  return q ? `/stock/new?${q}` : '/stock/new';
}

function LocationSummary({
  location,
  sublocations,
}: {
  location: LocationView;
  sublocations: LocationTreeRow[];
}) {
  return (
    <div className="-mt-4 mb-4 flex flex-col gap-2 text-sm text-slate-600" data-testid="location-summary">
      {location.description ? <p>{location.description}</p> : null}
      <p className="flex flex-wrap items-center gap-2">
        <span>
          {location.items} item{location.items === 1 ? '' : 's'} here and below
        </span>
        {location.structural ? <Badge tone="amber">structural</Badge> : null}
        {location.external ? <Badge>external</Badge> : null}
        {location.location_type_detail ? <Badge>{location.location_type_detail.name}</Badge> : null}
      </p>
      {sublocations.length ? (
        <ul aria-label="Sublocations" className="flex flex-wrap gap-2">
          {sublocations.map((c) => (
            <li key={c.pk}>
              <Link
                href={`/stock?location=${c.pk}`}
                className="inline-block rounded-full border border-slate-300 bg-white px-3 py-1 text-slate-700 hover:bg-slate-50"
              >
                {c.name}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

const inputClass =
  'rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:outline-none focus:ring-2 focus:ring-brand-600';

const TRI = [
  ['', 'Any'],
  ['true', 'Yes'],
  ['false', 'No'],
] as const;

/** Search and filters: one GET form, so every view is a shareable URL. */
function StockFilters({ state }: { state: StockListState }) {
  const active = [
    state.status !== undefined,
    state.inStock !== true,
    state.serialized !== undefined,
    !!state.batch,
    !state.cascade,
  ].filter(Boolean).length;
  const tri = (v: boolean | undefined) => (v === undefined ? '' : String(v));
  return (
    <Form action="/stock" role="search" className="mb-4 flex flex-col gap-3" data-testid="stock-filters">
      {state.location !== undefined ? <input type="hidden" name="location" value={state.location} /> : null}
      {state.part !== undefined ? <input type="hidden" name="part" value={state.part} /> : null}
      {state.ordering ? <input type="hidden" name="ordering" value={state.ordering} /> : null}
      {state.limit !== 25 ? <input type="hidden" name="limit" value={state.limit} /> : null}
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex min-w-48 flex-1 flex-col gap-1">
          <label htmlFor="stock-search" className="text-sm font-medium text-slate-700">
            Search stock
          </label>
          <input
            id="stock-search"
            type="search"
            name="search"
            defaultValue={state.search}
            placeholder="Part, IPN, serial, batch, location"
            className={inputClass}
          />
        </div>
        <Button variant="secondary">Search</Button>
      </div>
      <details open={active > 0} className="text-sm">
        <summary className="cursor-pointer font-medium text-slate-700">
          Filters{active ? ` (${active} active)` : ''}
        </summary>
        <div className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4">
          <div className="flex flex-col gap-1">
            <label htmlFor="filter-status" className="text-slate-700">
              Status
            </label>
            <select id="filter-status" name="status" defaultValue={state.status ?? ''} className={inputClass}>
              <option value="">Any</option>
              {STATUS_OPTIONS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="filter-in-stock" className="text-slate-700">
              In stock
            </label>
            <select
              id="filter-in-stock"
              name="in_stock"
              defaultValue={tri(state.inStock)}
              className={inputClass}
            >
              {TRI.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="filter-serialized" className="text-slate-700">
              Serialized
            </label>
            <select
              id="filter-serialized"
              name="serialized"
              defaultValue={tri(state.serialized)}
              className={inputClass}
            >
              {TRI.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="filter-batch" className="text-slate-700">
              Batch
            </label>
            <input id="filter-batch" name="batch" defaultValue={state.batch} className={inputClass} />
          </div>
          {state.location !== undefined ? (
            <div className="flex flex-col gap-1">
              <label htmlFor="filter-cascade" className="text-slate-700">
                Stock in sublocations
              </label>
              <select
                id="filter-cascade"
                name="cascade"
                defaultValue={String(state.cascade)}
                className={inputClass}
              >
                <option value="true">Included</option>
                <option value="false">Left out</option>
              </select>
            </div>
          ) : null}
        </div>
        <div className="mt-3 flex gap-2">
          <Button variant="secondary">Apply</Button>
          <LinkButton
            href={stockListHref(state, {
              search: '',
              status: undefined,
              inStock: true,
              serialized: undefined,
              batch: '',
              cascade: true,
            })}
          >
            Reset
          </LinkButton>
        </div>
      </details>
    </Form>
  );
}

const none = <span className="text-slate-400">—</span>;

function StockTable({ state, items }: { state: StockListState; items: StockItemView[] }) {
  const head: Column[] = [
    { key: 'part', label: 'Part', sort: 'part' },
    { key: 'quantity', label: 'Quantity', sort: 'quantity' },
    { key: 'location', label: 'Location', sort: 'location', className: 'hidden md:table-cell' },
    { key: 'status', label: 'Status', sort: 'status' },
    { key: 'batch', label: 'Batch', className: 'hidden lg:table-cell' },
    { key: 'updated', label: 'Updated', sort: 'updated', className: 'hidden lg:table-cell' },
  ];
  return (
    <DataTable
      columns={head}
      ordering={state.ordering || 'part'}
      sortHref={(ordering) => stockListHref(state, { ordering })}
      testId="stock-table"
      caption="Stock items"
    >
      {items.map((s) => (
        <tr key={s.pk} data-testid="stock-row">
          <td className="px-3 py-2">
            <Link href={`/stock/item/${s.pk}`} className="font-medium text-brand-600 underline">
              {s.part_detail?.full_name ?? `Part #${s.part}`}
            </Link>
            {s.part_detail?.description ? (
              <span className="block text-xs text-slate-500">{s.part_detail.description}</span>
            ) : null}
          </td>
          <td className="whitespace-nowrap px-3 py-2" data-testid="stock-quantity">
            {s.serial ? (
              <span>
                # <span className="font-mono">{s.serial}</span>
              </span>
            ) : (
              qty(s.quantity)
            )}
            {s.part_detail?.units ? <span className="ml-1 text-slate-500">{s.part_detail.units}</span> : null}
          </td>
          <td className="hidden px-3 py-2 md:table-cell">
            {s.location ? (
              <Link href={`/stock?location=${s.location}`} className="text-slate-700 hover:underline">
                {s.location_detail?.pathstring ?? `Location #${s.location}`}
              </Link>
            ) : (
              none
            )}
          </td>
          <td className="px-3 py-2">
            <span className="flex flex-wrap gap-1">
              <StatusBadge status={s.status} />
              {s.expired ? (
                <Badge tone="red">expired</Badge>
              ) : s.stale ? (
                <Badge tone="amber">stale</Badge>
              ) : null}
              {s.in_stock ? null : <Badge>not in stock</Badge>}
            </span>
          </td>
          <td className="hidden px-3 py-2 lg:table-cell">{s.batch || none}</td>
          <td className="hidden whitespace-nowrap px-3 py-2 lg:table-cell">
            {s.updated ? s.updated.slice(0, 10) : none}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
