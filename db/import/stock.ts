import { serialToInt } from '@/domain/stock';
import { generateTestKey } from '@/server/partdata/test-key';
import type { SourceRecord } from './reader';
import { type MapContext, type Mapper, Skip } from './types';
import {
  bool,
  date,
  has,
  int,
  json,
  optionalRef,
  parentsFirst,
  pick,
  refPk,
  str,
  strOrNull,
  timestamp,
  timestampOrNull,
  variantChains,
} from './values';

/**
 * What the stock mappers share through `ctx.state`, built once on first use: every part's variant
 * chain, every stock item's part (imported or in the database), and the items left out, so that
 * records hanging on them are skipped too instead of failing on a foreign key.
 */
export interface StockState {
  chains: Map<number, number[]>;
  itemPart: Map<number, number>;
  skippedItems: Set<number>;
}

function stockState(ctx: MapContext, all: Map<string, SourceRecord[]>): StockState {
  const done = ctx.state.stock as StockState | undefined;
  if (done) return done;
  const itemPart = new Map([...ctx.existing.stockItems].map(([id, s]) => [id, s.part]));
  for (const r of all.get('stock.stockitem') ?? []) {
    const part = refPk(r.fields.part);
    if (part !== null) itemPart.set(r.pk, part);
  }
  const state: StockState = {
    chains: variantChains(all.get('part.part') ?? [], ctx.existing.partVariantOf),
    itemPart,
    skippedItems: new Set(),
  };
  ctx.state.stock = state;
  return state;
}

const stockItemColumns = [
  'id',
  'part_id',
  'part_tree_id',
  'supplier_part_id',
  'location_id',
  'quantity',
  'serial',
  'serial_int',
  'batch',
  'packaging',
  'status',
  'status_custom_key',
  'expiry_date',
  'stocktake_date',
  'stocktake_user_id',
  'review_needed',
  'delete_on_deplete',
  'purchase_price',
  'purchase_price_currency',
  'purchase_order_id',
  'sales_order_id',
  'customer_id',
  'belongs_to_id',
  'build_id',
  'consumed_by_id',
  'is_building',
  'parent_id',
  'owner_id',
  'link',
  'notes',
  'metadata',
  'tags',
  'barcode_data',
  'barcode_hash',
  'created',
  'updated',
];

/** Stock item, tracking and test result mappers (after parts, locations and test templates). */
export const STOCK_MAPPERS: Mapper[] = [
  {
    models: ['stock.stockitem'],
    table: 'stock_items',
    defines: 'stockItem',
    columns: stockItemColumns,
    // belongs_to and parent point at other items: containers and split sources are written first.
    prepare(records, ctx, all) {
      stockState(ctx, all);
      const firstTracked = new Map<number, string>();
      for (const t of all.get('stock.stockitemtracking') ?? []) {
        const item = refPk(t.fields.item);
        const when = t.fields.date ? timestamp(t.fields.date) : null;
        if (item === null || when === null) continue;
        const seen = firstTracked.get(item);
        if (!seen || Date.parse(when) < Date.parse(seen)) firstTracked.set(item, when);
      }
      ctx.state.firstTracked = firstTracked;
      // Serials already taken in the database by items this import does not overwrite.
      const imported = new Set(records.map((r) => r.pk));
      const serials = new Map<string, number>();
      for (const [id, s] of ctx.existing.stockItems)
        if (s.serial && !imported.has(id)) serials.set(`${s.tree}\u0000${s.serial}`, id);
      ctx.state.serials = serials;
      const byPk = [...records].sort((a, b) => a.pk - b.pk);
      return parentsFirst(byPk, (r) =>
        [refPk(r.fields.belongs_to), refPk(r.fields.parent)].filter((p) => p !== null),
      );
    },
    map(r, ctx) {
      const f = r.fields;
      const st = ctx.state.stock as StockState;
      const skip = (reason: string) => {
        st.skippedItems.add(r.pk);
        return new Skip(reason);
      };
      const quantity = str(f.quantity, '1');
      if (Number(quantity) < 0) return skip('negative quantity (stock quantities are ≥ 0)');
      for (const field of ['belongs_to', 'parent'] as const) {
        const other = refPk(f[field]);
        if (other !== null && st.skippedItems.has(other))
          return skip(
            `its ${field === 'parent' ? 'parent' : 'containing (belongs_to)'} stock item was skipped`,
          );
      }
      const part = ctx.ref('part', f.part, r, 'part');
      const tree = part === null ? null : (st.chains.get(part)?.[0] ?? part);
      const serial = strOrNull(f.serial);
      if (serial && tree !== null) {
        // InvenTree validates this in Python; the database holds it as a unique index here.
        const serials = ctx.state.serials as Map<string, number>;
        const key = `${tree}\u0000${serial}`;
        const holder = serials.get(key);
        if (holder !== undefined && holder !== r.pk)
          return skip("serial number already used in the part's variant tree");
        serials.set(key, r.pk);
      }
      const serialInt = Number(f.serial_int);
      const created =
        pick(f, 'created', 'creation_date') ??
        (ctx.state.firstTracked as Map<number, string>).get(r.pk) ??
        f.updated;
      return {
        id: r.pk,
        part_id: part,
        part_tree_id: tree,
        // Orders, companies and builds are not modelled yet: their ids are kept as they are.
        supplier_part_id: refPk(f.supplier_part),
        location_id: optionalRef(ctx, 'location', f.location, r, 'location'),
        quantity,
        serial,
        serial_int:
          has(f, 'serial_int') && f.serial_int !== null && Number.isInteger(serialInt)
            ? Math.min(Math.max(serialInt, 0), 0x7fffffff)
            : serialToInt(serial),
        batch: strOrNull(f.batch),
        packaging: strOrNull(f.packaging),
        status: int(f.status, 10),
        status_custom_key: refPk(f.status_custom_key),
        expiry_date: date(f.expiry_date),
        stocktake_date: date(f.stocktake_date),
        stocktake_user_id: optionalRef(ctx, 'user', f.stocktake_user, r, 'stocktake_user'),
        review_needed: bool(f.review_needed, false),
        delete_on_deplete: bool(f.delete_on_deplete, true),
        purchase_price: strOrNull(f.purchase_price) || null,
        purchase_price_currency: strOrNull(f.purchase_price_currency) || null,
        purchase_order_id: refPk(f.purchase_order),
        sales_order_id: refPk(f.sales_order),
        customer_id: refPk(f.customer),
        belongs_to_id: optionalRef(ctx, 'stockItem', f.belongs_to, r, 'belongs_to'),
        build_id: refPk(f.build),
        consumed_by_id: refPk(f.consumed_by),
        is_building: bool(f.is_building, false),
        parent_id: optionalRef(ctx, 'stockItem', f.parent, r, 'parent'),
        owner_id: optionalRef(ctx, 'owner', f.owner, r, 'owner'),
        link: strOrNull(f.link) || null,
        notes: strOrNull(f.notes),
        metadata: json(f.metadata),
        tags: Array.isArray(f.tags) ? f.tags.map(String) : [],
        barcode_data: str(f.barcode_data),
        barcode_hash: str(f.barcode_hash),
        created: timestamp(created),
        updated: timestamp(f.updated ?? created),
      };
    },
  },
  {
    models: ['stock.stockitemtracking'],
    table: 'stock_item_tracking',
    columns: ['id', 'item_id', 'part_id', 'date', 'tracking_type', 'user_id', 'notes', 'deltas'],
    prepare(records, ctx, all) {
      stockState(ctx, all);
      return records;
    },
    map(r, ctx) {
      const f = r.fields;
      const st = ctx.state.stock as StockState;
      const itemPk = refPk(f.item);
      if (itemPk !== null && st.skippedItems.has(itemPk)) return new Skip('its stock item was skipped');
      const item = ctx.ref('stockItem', f.item, r, 'item');
      // Before `deltas` (InvenTree < 0.7) a row had a title and a quantity of its own.
      const title = str(f.title);
      const notes = strOrNull(f.notes);
      const deltas = has(f, 'deltas')
        ? (json(f.deltas) ?? {})
        : has(f, 'quantity') && f.quantity !== null
          ? { quantity: Number(f.quantity) }
          : {};
      return {
        id: r.pk,
        item_id: item,
        // The part at the time, when the export has it; else the item's part.
        part_id:
          f.part !== undefined && f.part !== null
            ? ctx.ref('part', f.part, r, 'part')
            : itemPk === null
              ? null
              : (st.itemPart.get(itemPk) ?? null),
        date: timestamp(f.date),
        // LEGACY (0) for rows older than the history codes.
        tracking_type: int(f.tracking_type, 0),
        user_id: optionalRef(ctx, 'user', f.user, r, 'user'),
        notes: (title ? (notes ? `${title}: ${notes}` : title) : notes)?.slice(0, 512) ?? null,
        deltas,
      };
    },
  },
  {
    models: ['stock.stockitemtestresult'],
    table: 'stock_item_test_results',
    columns: [
      'id',
      'stock_item_id',
      'template_id',
      'result',
      'value',
      'attachment',
      'notes',
      'test_station',
      'started_datetime',
      'finished_datetime',
      'user_id',
      'date',
      'metadata',
    ],
    prepare(records, ctx, all) {
      stockState(ctx, all);
      // Test keys per part, for results that name their test (InvenTree < 0.14 had no template FK).
      const byPart = new Map<number, { id: number; key: string }[]>();
      const add = (part: number, id: number, key: string) =>
        byPart.set(part, [...(byPart.get(part) ?? []), { id, key }]);
      const imported = all.get('part.parttesttemplate') ?? [];
      const importedIds = new Set(imported.map((t) => t.pk));
      for (const t of ctx.existing.testTemplates) if (!importedIds.has(t.id)) add(t.part, t.id, t.key);
      const partless = new Set<number>();
      for (const t of imported) {
        const part = refPk(t.fields.part);
        if (part === null) partless.add(t.pk);
        else add(part, t.pk, str(t.fields.key) || generateTestKey(str(pick(t.fields, 'test_name', 'name'))));
      }
      ctx.state.testKeys = byPart;
      ctx.state.partlessTemplates = partless;
      return records;
    },
    map(r, ctx) {
      const f = r.fields;
      const st = ctx.state.stock as StockState;
      const itemPk = refPk(f.stock_item);
      if (itemPk !== null && st.skippedItems.has(itemPk)) return new Skip('its stock item was skipped');
      const item = ctx.ref('stockItem', f.stock_item, r, 'stock_item');
      let template: number | null;
      const templatePk = refPk(f.template);
      if (templatePk !== null) {
        // The template mapper skips templates without a part.
        if ((ctx.state.partlessTemplates as Set<number>).has(templatePk))
          return new Skip('its test template was skipped');
        template = ctx.ref('testTemplate', f.template, r, 'template');
      } else if (str(f.test)) {
        // Nearest first: the item's part, then the templates it is a variant of.
        const key = generateTestKey(str(f.test));
        const part = itemPk === null ? undefined : st.itemPart.get(itemPk);
        const chain = part === undefined ? [] : (st.chains.get(part) ?? [part]);
        const keys = ctx.state.testKeys as Map<number, { id: number; key: string }[]>;
        const found = [...chain]
          .reverse()
          .map((p) => keys.get(p)?.find((t) => t.key === key))
          .find((t) => t !== undefined);
        if (!found)
          return new Skip(
            "test name matches no test template of the item's part or the parts it is a variant of",
          );
        template = found.id;
      } else return new Skip('test result without a template or a test name');
      return {
        id: r.pk,
        stock_item_id: item,
        template_id: template,
        result: bool(f.result, false),
        value: str(f.value),
        attachment: strOrNull(f.attachment) || null,
        notes: str(f.notes),
        test_station: str(f.test_station),
        started_datetime: timestampOrNull(f.started_datetime),
        finished_datetime: timestampOrNull(f.finished_datetime),
        user_id: optionalRef(ctx, 'user', f.user, r, 'user'),
        date: timestamp(f.date),
        metadata: json(f.metadata),
      };
    },
  },
];
