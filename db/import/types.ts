import type { SourceRecord } from './reader';

/** A row for one of our tables, keyed by SQL (snake_case) column name. */
export type Row = Record<string, unknown>;

/** The kinds of rows other records point at; each is one of our tables. */
export type RefKind =
  | 'user'
  | 'group'
  | 'owner'
  | 'category'
  | 'part'
  | 'paramTemplate'
  | 'selectionList'
  | 'location'
  | 'locationType'
  | 'testTemplate'
  | 'stockItem';

export const REF_TABLES: Record<RefKind, string> = {
  user: 'users',
  group: 'groups',
  owner: 'owners',
  category: 'part_categories',
  part: 'parts',
  paramTemplate: 'parameter_templates',
  selectionList: 'selection_lists',
  location: 'stock_locations',
  locationType: 'stock_location_types',
  testTemplate: 'part_test_templates',
  stockItem: 'stock_items',
};

/** Why a record was not imported (counted per reason in the summary). */
export class Skip {
  constructor(readonly reason: string) {}
}

/** A failure that names the record (or the condition) that stopped the import; nothing was written. */
export class ImportError extends Error {}

export interface Emitted {
  table: string;
  row: Row;
  /** Conflict target for the upsert (default `id`); `nothing` skips the update. */
  conflict?: string[];
  onConflict?: 'update' | 'nothing';
}

export interface MapContext {
  /**
   * Resolves a reference (a pk or a Django natural key such as `["admin"]`) to an id that exists in
   * the import or the database; a missing one is recorded against the record and null returned.
   */
  ref(kind: RefKind, value: unknown, rec: SourceRecord, field: string): number | null;
  /** Our model type name (`part`, …) for a content type given as a natural key or a pk, else null. */
  contentType(value: unknown): string | null;
  /** Size in bytes of a file under `--media`, or 0 when absent / not given. */
  mediaSize(rel: string | null): number;
  /** Extra rows to write for this record in other tables (group memberships, …). */
  emit(e: Emitted): void;
  /** Values computed by a mapper's `prepare` for later use by its `map`. */
  state: Record<string, unknown>;
  existing: ExistingData;
}

export interface ExistingData {
  ids: Record<RefKind, Set<number>>;
  usernames: Map<string, number>;
  groupNames: Map<string, number>;
  categories: Map<number, { parent: number | null; name: string }>;
  locations: Map<number, { parent: number | null; name: string }>;
  partVariantOf: Map<number, number | null>;
  customUnits: { name: string; symbol: string; definition: string }[];
  /** Part test templates in the database (for test results that name their test). */
  testTemplates: { id: number; part: number; key: string }[];
  /** Stock items in the database: their part and serial (loaded only when stock records are imported). */
  stockItems: Map<number, { part: number; tree: number; serial: string | null }>;
}

export interface Mapper {
  /** InvenTree models this mapper reads (lower-case `app.model`). */
  models: string[];
  table: string;
  /** What the records' pks are, for references from other records (pks kept). */
  defines?: RefKind;
  /** Columns of `table`, all present in every row this mapper returns. */
  columns: string[];
  conflict?: string[];
  /** For rows mapped with `id: null` (pks that cannot be kept): written without an id, upserted on this key. */
  naturalKey?: string[];
  /** Orders the records (parents first) and computes derived values before mapping. */
  prepare?(records: SourceRecord[], ctx: MapContext, all: Map<string, SourceRecord[]>): SourceRecord[];
  map(rec: SourceRecord, ctx: MapContext): Row | Skip;
}
