import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { type Column, DataTable } from '@/components/data-table';
import { TreeListLayout } from '@/components/tree-list-layout';
import { pathTo, treeNodes } from '@/components/tree-rows';
import { Badge, Button, LinkButton, PageHeader } from '@/components/ui';
import { allowed } from '@/lib/http/access';
import { requirePage } from '@/lib/page-auth';
import { getCategory, listParts } from '@/server/parts';
import { orNotFound } from '../admin/_shared/lookup';
import { Breadcrumbs } from './_components/breadcrumbs';
import { StarButton } from './_components/star-button';
import {
  exportHref,
  FLAG_FILTERS,
  type PartListState,
  parsePartList,
  partListHref,
  type SearchParams,
  toPartQuery,
} from './_lib/list-query';
import { parameterCells, partTemplates, type TemplateOption } from './_lib/parameters';
import { loadTree } from './_lib/tree';
import { type CategoryView, countOf, type PartView, rowsOf, type TreeRow } from './_lib/types';
import { starCategoryAction } from './category/actions';

export const metadata: Metadata = { title: 'Parts' };

const LOCAL = new URL('http://local/api/part/');

export default async function PartsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requirePage('part', '/part');
  const state = parsePartList(await searchParams);
  const who = ctx.actor;
  const canCategories = allowed(who, 'part_category', 'GET');

  // An unknown category is a 404 before the list (whose verb would call it a bad filter).
  const category =
    typeof state.category === 'number'
      ? ((await orNotFound(getCategory(ctx, state.category))) as CategoryView)
      : null;
  const [tree, list, templates] = await Promise.all([
    canCategories ? loadTree(ctx) : Promise.resolve([] as TreeRow[]),
    listParts(ctx, toPartQuery(state, { paged: true }), LOCAL),
    partTemplates(ctx),
  ]);
  const parts = rowsOf<PartView>(list);
  const count = countOf(list);
  const columns = templates.filter((t) => state.params.includes(t.pk));
  const cells = columns.length
    ? await parameterCells(
        ctx,
        parts.map((p) => p.pk),
      )
    : null;

  const path = category ? pathTo(tree, category.pk).map((c) => ({ pk: c.pk, name: c.name })) : [];
  const children = category ? tree.filter((c) => c.parent === category.pk) : [];
  const title = category ? category.name : state.category === null ? 'Parts without a category' : 'Parts';

  return (
    <>
      {category ? (
        <Breadcrumbs path={path.length ? path : [{ pk: category.pk, name: category.name }]} />
      ) : null}
      <PageHeader title={title}>
        {category && allowed(who, 'part_category', 'PUT') ? (
          <StarButton
            action={starCategoryAction}
            id={category.pk}
            starred={category.starred}
            what="category"
          />
        ) : null}
        {category && allowed(who, 'part_category', 'PUT') ? (
          <LinkButton href={`/part/category/${category.pk}/edit`}>Edit category</LinkButton>
        ) : null}
        {allowed(who, 'part_category', 'POST') ? (
          <LinkButton href={category ? `/part/category/new?parent=${category.pk}` : '/part/category/new'}>
            {category ? 'New subcategory' : 'New category'}
          </LinkButton>
        ) : null}
        {allowed(who, 'part', 'POST') && !category?.structural ? (
          <LinkButton variant="primary" href={category ? `/part/new?category=${category.pk}` : '/part/new'}>
            New part
          </LinkButton>
        ) : null}
      </PageHeader>
      {category ? (
        <div className="-mt-4 mb-4 flex flex-col gap-2 text-sm text-slate-600" data-testid="category-summary">
          {category.description ? <p>{category.description}</p> : null}
          <p className="flex flex-wrap items-center gap-2">
            <span>
              {category.part_count} part{category.part_count === 1 ? '' : 's'} here and below
            </span>
            {category.structural ? <Badge tone="amber">structural</Badge> : null}
          </p>
          {children.length ? (
            <ul aria-label="Subcategories" className="flex flex-wrap gap-2">
              {children.map((c) => (
                <li key={c.pk}>
                  <Link
                    href={`/part?category=${c.pk}`}
                    className="inline-block rounded-full border border-slate-300 bg-white px-3 py-1 text-slate-700 hover:bg-slate-50"
                  >
                    {c.name}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <TreeListLayout
        empty={{ text: 'No part matches.', testId: 'no-parts' }}
        pagination={{
          count,
          offset: state.offset,
          limit: state.limit,
          shown: parts.length,
          noun: 'part',
          testId: 'part-pagination',
          href: (w) => partListHref(state, w),
        }}
        tree={
          canCategories
            ? {
                title: 'Categories',
                label: 'Part categories',
                nodes: treeNodes(tree, (id) => `/part?category=${id}`),
                currentId: category?.pk,
                testId: 'category-tree',
                all: { href: partListHref(state, { category: undefined }), text: 'All parts' },
              }
            : null
        }
      >
        <PartFilters state={state} templates={templates} />
        <PartTable state={state} parts={parts} columns={columns} cells={cells} />
      </TreeListLayout>
    </>
  );
}

const inputClass =
  'rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:outline-none focus:ring-2 focus:ring-brand-600';

/** Search, flag filters and parameter columns: one GET form, so every view is a shareable URL. */
function PartFilters({ state, templates }: { state: PartListState; templates: TemplateOption[] }) {
  const active = FLAG_FILTERS.filter(([k]) => state.flags[k] !== undefined);
  return (
    <Form action="/part" role="search" className="mb-4 flex flex-col gap-3" data-testid="part-filters">
      {state.category !== undefined ? (
        <input type="hidden" name="category" value={state.category === null ? 'null' : state.category} />
      ) : null}
      {state.ordering ? <input type="hidden" name="ordering" value={state.ordering} /> : null}
      {state.limit !== 25 ? <input type="hidden" name="limit" value={state.limit} /> : null}
      {state.parameterFilters.map((f) => (
        <input key={f.templateId} type="hidden" name={`parameter_${f.templateId}`} value={f.value} />
      ))}
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex min-w-48 flex-1 flex-col gap-1">
          <label htmlFor="part-search" className="text-sm font-medium text-slate-700">
            Search parts
          </label>
          <input
            id="part-search"
            type="search"
            name="search"
            defaultValue={state.search}
            placeholder="Name, IPN, description, keywords"
            className={inputClass}
          />
        </div>
        <Button variant="secondary">Search</Button>
        <a
          href={exportHref(state)}
          className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
          data-testid="export-csv"
        >
          Export CSV
        </a>
      </div>
      <details open={active.length > 0 || state.params.length > 0} className="text-sm">
        <summary className="cursor-pointer font-medium text-slate-700">
          Filters and columns{active.length ? ` (${active.length} active)` : ''}
        </summary>
        <div className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4">
          {FLAG_FILTERS.map(([key, label]) => (
            <div key={key} className="flex flex-col gap-1">
              <label htmlFor={`filter-${key}`} className="text-slate-700">
                {label}
              </label>
              <select
                id={`filter-${key}`}
                name={key}
                defaultValue={state.flags[key] === undefined ? '' : String(state.flags[key])}
                className={inputClass}
              >
                <option value="">Any</option>
                <option value="true">Yes</option>
                <option value="false">No</option>
              </select>
            </div>
          ))}
        </div>
        {typeof state.category === 'number' ? (
          <div className="mt-3 flex flex-col gap-1 sm:w-64">
            <label htmlFor="filter-cascade" className="text-slate-700">
              Parts in subcategories
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
        {templates.length ? (
          <fieldset className="mt-3">
            <legend className="mb-1 text-slate-700">Parameter columns</legend>
            <div className="grid max-h-48 grid-cols-1 gap-x-4 gap-y-1 overflow-y-auto sm:grid-cols-3">
              {templates.map((t) => (
                <label key={t.pk} className="inline-flex items-center gap-2">
                  <input
                    type="checkbox"
                    name="params"
                    value={t.pk}
                    defaultChecked={state.params.includes(t.pk)}
                    className="h-4 w-4 rounded border-slate-300"
                  />
                  {t.name}
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        <div className="mt-3 flex gap-2">
          <Button variant="secondary">Apply</Button>
          <LinkButton
            href={partListHref(state, {
              flags: {},
              search: '',
              params: [],
              parameterFilters: [],
              cascade: true,
            })}
          >
            Reset
          </LinkButton>
        </div>
      </details>
      {state.parameterFilters.length ? (
        <p className="flex flex-wrap gap-2 text-sm">
          {state.parameterFilters.map((f) => (
            <Link
              key={f.templateId}
              href={partListHref(state, {
                parameterFilters: state.parameterFilters.filter((x) => x !== f),
              })}
              className="rounded-full bg-slate-100 px-3 py-1 text-slate-700 hover:bg-slate-200"
            >
              {templates.find((t) => t.pk === f.templateId)?.name ?? `Parameter ${f.templateId}`} = {f.value}{' '}
              ✕
            </Link>
          ))}
        </p>
      ) : null}
    </Form>
  );
}

function PartTable({
  state,
  parts,
  columns,
  cells,
}: {
  state: PartListState;
  parts: PartView[];
  columns: TemplateOption[];
  cells: Map<number, Map<number, string>> | null;
}) {
  const head: Column[] = [
    { key: 'name', label: 'Part', sort: 'name' },
    { key: 'IPN', label: 'IPN', sort: 'IPN', className: 'hidden sm:table-cell' },
    { key: 'category', label: 'Category', sort: 'category', className: 'hidden md:table-cell' },
    { key: 'units', label: 'Units', sort: 'units', className: 'hidden md:table-cell' },
    { key: 'creation_date', label: 'Created', sort: 'creation_date', className: 'hidden lg:table-cell' },
    ...columns.map((t) => ({ key: `param-${t.pk}`, label: t.name })),
  ];
  return (
    <DataTable
      columns={head}
      ordering={state.ordering || 'name'}
      sortHref={(ordering) => partListHref(state, { ordering })}
      testId="part-table"
      caption="Parts"
    >
      {parts.map((p) => (
        <tr key={p.pk} data-testid="part-row">
          <td className="px-3 py-2">
            <div className="flex items-center gap-3">
              {/* biome-ignore lint/performance/noImgElement: protected media, served by our own route. */}
              <img
                src={p.thumbnail}
                alt=""
                width={32}
                height={32}
                loading="lazy"
                className="h-8 w-8 shrink-0 rounded border border-slate-200 object-contain"
              />
              <div className="min-w-0">
                <Link href={`/part/${p.pk}`} className="font-medium text-brand-600 underline">
                  {p.full_name}
                </Link>
                <div className="flex flex-wrap items-center gap-1">
                  {p.description ? <span className="text-xs text-slate-500">{p.description}</span> : null}
                  {p.active ? null : <Badge tone="red">inactive</Badge>}
                  {p.locked ? <Badge tone="amber">locked</Badge> : null}
                  {p.is_template ? <Badge>template</Badge> : null}
                  {p.assembly ? <Badge>assembly</Badge> : null}
                </div>
              </div>
            </div>
          </td>
          <td className="hidden whitespace-nowrap px-3 py-2 sm:table-cell">
            {p.IPN || <span className="text-slate-400">—</span>}
          </td>
          <td className="hidden px-3 py-2 md:table-cell">
            {p.category ? (
              <Link href={`/part?category=${p.category}`} className="text-slate-700 hover:underline">
                {p.category_detail?.pathstring ?? p.category_name}
              </Link>
            ) : (
              <span className="text-slate-400">—</span>
            )}
          </td>
          <td className="hidden px-3 py-2 md:table-cell">
            {p.units || <span className="text-slate-400">—</span>}
          </td>
          <td className="hidden whitespace-nowrap px-3 py-2 lg:table-cell">{p.creation_date ?? '—'}</td>
          {columns.map((t) => (
            <td key={t.pk} className="whitespace-nowrap px-3 py-2" data-testid={`param-cell-${t.pk}`}>
              {cells?.get(p.pk)?.get(t.pk) ?? <span className="text-slate-400">—</span>}
            </td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}
