import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { selectionEntries, selectionLists } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { nonFieldError, notFound, validation } from '@/lib/errors';
import type { ListQuery } from '@/lib/http/list';
import { orderBy, paginate, searchCondition } from '@/lib/http/list';
import { formatDateTime } from '@/lib/http/respond';
import { type Ctx, withTransaction } from '../context';
import { assertCan } from '../permissions';
import type {
  SelectionEntry,
  SelectionEntryBody,
  SelectionEntryPatch,
  SelectionEntryQuery,
  SelectionList,
  SelectionListBody,
  SelectionListPatch,
} from './schemas';

const LOCKED = 'Selection list is locked';

type ListRow = typeof selectionLists.$inferSelect;
type EntryRow = typeof selectionEntries.$inferSelect;

function entryOut(e: EntryRow): SelectionEntry {
  return {
    id: e.id,
    value: e.value,
    label: e.label,
    description: e.description,
    active: e.active,
    list: e.listId,
  };
}

/** Lists with their entries (`choices`), counts and default entry, fetched set-based for the page. */
async function listsOut(ctx: Ctx, rows: ListRow[]): Promise<SelectionList[]> {
  const ids = rows.map((r) => r.id);
  const entries = ids.length
    ? await ctx.db
        .select()
        .from(selectionEntries)
        .where(anyOf(selectionEntries.listId, ids))
        .orderBy(asc(selectionEntries.id))
    : [];
  return rows.map((l) => {
    const own = entries.filter((e) => e.listId === l.id);
    const dflt = l.defaultId === null ? undefined : own.find((e) => e.id === l.defaultId);
    return {
      pk: l.id,
      name: l.name,
      description: l.description,
      active: l.active,
      locked: l.locked,
      // Plugins are not supported: no list has a source plugin.
      source_plugin: null,
      source_string: l.sourceString,
      default: dflt ? entryOut(dflt) : null,
      created: formatDateTime(l.created)!,
      last_updated: formatDateTime(l.lastUpdated)!,
      entry_count: own.length,
      choices: own.map(entryOut),
    };
  });
}

export async function listSelectionLists(ctx: Ctx, q: ListQuery, url: URL) {
  const where = searchCondition(q, [selectionLists.name, selectionLists.description]);
  const order = orderBy(q.ordering, { name: selectionLists.name }, selectionLists.id);
  return paginate(url, q, {
    count: () => ctx.db.$count(selectionLists, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select()
        .from(selectionLists)
        .where(where)
        .orderBy(...order);
      return listsOut(ctx, await (limit === null ? base : base.limit(limit).offset(offset)));
    },
  });
}

async function getListRow(ctx: Ctx, id: number, forUpdate = false): Promise<ListRow> {
  const q = ctx.db.select().from(selectionLists).where(eq(selectionLists.id, id));
  const [row] = await (forUpdate ? q.for('update') : q);
  if (!row) throw notFound('SelectionList');
  return row;
}

export async function getSelectionList(ctx: Ctx, id: number): Promise<SelectionList> {
  return (await listsOut(ctx, [await getListRow(ctx, id)]))[0]!;
}

function checkSourcePlugin(v: number | null | undefined) {
  // No plugin registry here: any plugin reference points at nothing.
  if (v !== undefined && v !== null)
    throw validation({ source_plugin: [`Invalid pk "${v}" - object does not exist.`] });
}

/** Creates a selection list (staff). */
export async function createSelectionList(ctx: Ctx, input: SelectionListBody): Promise<SelectionList> {
  assertCan(ctx, 'staff');
  checkSourcePlugin(input.source_plugin);
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(selectionLists)
      .values({
        name: input.name,
        description: input.description ?? '',
        active: input.active ?? true,
        locked: input.locked ?? false,
        sourceString: input.source_string ?? '',
      })
      .returning({ id: selectionLists.id });
    return getSelectionList(tx, row!.id);
  });
}

/** Updates a list (staff); a locked list only accepts being unlocked (`locked: false`). */
export async function updateSelectionList(
  ctx: Ctx,
  id: number,
  input: SelectionListPatch,
): Promise<SelectionList> {
  assertCan(ctx, 'staff');
  checkSourcePlugin(input.source_plugin);
  return withTransaction(ctx, async (tx) => {
    const row = await getListRow(tx, id, true);
    if (row.locked && input.locked !== false) throw validation({ locked: [LOCKED] });
    const set: Partial<typeof selectionLists.$inferInsert> = { lastUpdated: new Date() };
    if (input.name !== undefined) set.name = input.name;
    if (input.description !== undefined) set.description = input.description;
    if (input.active !== undefined) set.active = input.active;
    if (input.locked !== undefined) set.locked = input.locked;
    if (input.source_string !== undefined) set.sourceString = input.source_string;
    await tx.db.update(selectionLists).set(set).where(eq(selectionLists.id, id));
    return getSelectionList(tx, id);
  });
}

/** Deletes a list and its entries (staff); templates using it lose their list. Locked lists refuse. */
export async function deleteSelectionList(ctx: Ctx, id: number): Promise<void> {
  assertCan(ctx, 'staff');
  await withTransaction(ctx, async (tx) => {
    const row = await getListRow(tx, id, true);
    if (row.locked) throw nonFieldError(LOCKED);
    await tx.db.delete(selectionLists).where(eq(selectionLists.id, id));
  });
}

/* ---------- entries ---------- */

export async function listSelectionEntries(ctx: Ctx, listId: number, q: SelectionEntryQuery, url: URL) {
  await getListRow(ctx, listId);
  const where = and(
    eq(selectionEntries.listId, listId),
    q.list === undefined ? undefined : eq(selectionEntries.listId, q.list),
    q.active === undefined ? undefined : eq(selectionEntries.active, q.active),
    q.value === undefined ? undefined : eq(selectionEntries.value, q.value),
    searchCondition(q, [selectionEntries.description, selectionEntries.label]),
  );
  const order = orderBy(
    q.ordering,
    { list: selectionEntries.listId, label: selectionEntries.label, active: selectionEntries.active },
    selectionEntries.id,
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(selectionEntries, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select()
        .from(selectionEntries)
        .where(where)
        .orderBy(...order);
      return (await (limit === null ? base : base.limit(limit).offset(offset))).map(entryOut);
    },
  });
}

async function getEntryRow(ctx: Ctx, listId: number, entryId: number, forUpdate = false): Promise<EntryRow> {
  const q = ctx.db
    .select()
    .from(selectionEntries)
    .where(and(eq(selectionEntries.id, entryId), eq(selectionEntries.listId, listId)));
  const [row] = await (forUpdate ? q.for('update') : q);
  if (!row) throw notFound('SelectionListEntry');
  return row;
}

export async function getSelectionEntry(ctx: Ctx, listId: number, entryId: number): Promise<SelectionEntry> {
  return entryOut(await getEntryRow(ctx, listId, entryId));
}

/** The list is writable (exists, not locked) and `value` is free in it; the list row stays locked. */
async function assertEntryWritable(ctx: Ctx, listId: number, value: string | undefined, exceptId?: number) {
  const list = await getListRow(ctx, listId, true);
  if (list.locked) throw nonFieldError(LOCKED);
  if (value === undefined) return;
  const clash = await ctx.db.$count(
    selectionEntries,
    and(
      eq(selectionEntries.listId, listId),
      eq(selectionEntries.value, value),
      exceptId === undefined ? undefined : ne(selectionEntries.id, exceptId),
    ),
  );
  if (clash) throw nonFieldError('The fields list, value must make a unique set.');
}

const touchList = (ctx: Ctx, listId: number) =>
  ctx.db.update(selectionLists).set({ lastUpdated: sql`now()` }).where(eq(selectionLists.id, listId));

/** Adds an entry to an unlocked list (staff). */
export async function createSelectionEntry(
  ctx: Ctx,
  listId: number,
  input: SelectionEntryBody,
): Promise<SelectionEntry> {
  assertCan(ctx, 'staff');
  return withTransaction(ctx, async (tx) => {
    await assertEntryWritable(tx, listId, input.value);
    const [row] = await tx.db
      .insert(selectionEntries)
      .values({
        listId,
        value: input.value,
        label: input.label,
        description: input.description ?? '',
        active: input.active ?? true,
      })
      .returning();
    await touchList(tx, listId);
    return entryOut(row!);
  });
}

export async function updateSelectionEntry(
  ctx: Ctx,
  listId: number,
  entryId: number,
  input: SelectionEntryPatch,
): Promise<SelectionEntry> {
  assertCan(ctx, 'staff');
  return withTransaction(ctx, async (tx) => {
    await assertEntryWritable(tx, listId, input.value, entryId);
    await getEntryRow(tx, listId, entryId, true);
    const set: Partial<typeof selectionEntries.$inferInsert> = {};
    if (input.value !== undefined) set.value = input.value;
    if (input.label !== undefined) set.label = input.label;
    if (input.description !== undefined) set.description = input.description;
    if (input.active !== undefined) set.active = input.active;
    const [row] = Object.keys(set).length
      ? await tx.db.update(selectionEntries).set(set).where(eq(selectionEntries.id, entryId)).returning()
      : [await getEntryRow(tx, listId, entryId)];
    await touchList(tx, listId);
    return entryOut(row!);
  });
}

export async function deleteSelectionEntry(ctx: Ctx, listId: number, entryId: number): Promise<void> {
  assertCan(ctx, 'staff');
  await withTransaction(ctx, async (tx) => {
    await assertEntryWritable(tx, listId, undefined);
    await getEntryRow(tx, listId, entryId, true);
    await tx.db.delete(selectionEntries).where(eq(selectionEntries.id, entryId));
    await tx.db
      .update(selectionLists)
      .set({ defaultId: null })
      .where(and(eq(selectionLists.id, listId), eq(selectionLists.defaultId, entryId)));
    await touchList(tx, listId);
  });
}
