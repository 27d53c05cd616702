/** The stock item answer of the stock verbs (InvenTree's StockItemSerializer), as the pages read it. */
export interface StockItemView {
  pk: number;
  part: number;
  quantity: number | string;
  serial: string | null;
  batch: string | null;
  location: number | null;
  belongs_to: number | null;
  customer: number | null;
  parent: number | null;
  packaging: string | null;
  status: number;
  status_text?: string;
  expiry_date: string | null;
  stocktake_date: string | null;
  creation_date?: string | null;
  updated: string | null;
  purchase_price: string | number | null;
  purchase_price_currency: string | null;
  in_stock: boolean;
  is_building: boolean;
  expired?: boolean;
  stale?: boolean;
  allocated?: number | string;
  link: string | null;
  notes: string | null;
  installed_items?: number;
  child_items?: number;
  tracking_items?: number;
  location_path?: { pk: number; name: string }[];
  location_detail?: { pk: number; name: string; pathstring: string } | null;
  part_detail?: {
    pk: number;
    name: string;
    full_name: string;
    IPN: string | null;
    description: string;
    units?: string | null;
    trackable?: boolean;
    testable?: boolean;
    thumbnail?: string;
  } | null;
}

/** A row of the location tree (light: no item counts). */
export interface LocationTreeRow {
  pk: number;
  name: string;
  description: string;
  pathstring: string;
  parent: number | null;
  level: number;
  icon: string;
  structural: boolean;
  sublocations: number;
}

/** The location answer of `getLocation` / `listLocations`. */
export interface LocationView {
  pk: number;
  name: string;
  description: string;
  parent: number | null;
  pathstring: string;
  path?: { pk: number; name: string }[];
  level: number;
  items: number;
  sublocations: number;
  icon: string;
  custom_icon: string | null;
  structural: boolean;
  external: boolean;
  location_type: number | null;
  location_type_detail?: { pk: number; name: string; icon: string } | null;
}

/** A ledger row (InvenTree's StockTrackingSerializer). */
export interface TrackingView {
  pk: number;
  item: number;
  date: string;
  tracking_type: number;
  label?: string;
  notes: string | null;
  deltas: Record<string, unknown>;
  user: number | null;
  user_detail?: { pk: number; username: string } | null;
}

/** A test result (StockItemTestResultSerializer). */
export interface TestResultView {
  pk: number;
  stock_item: number;
  template: number;
  template_detail?: { pk: number; test_name: string; key: string } | null;
  result: boolean;
  value: string;
  notes: string;
  date: string;
  user_detail?: { pk: number; username: string } | null;
}

export { countOf, rowsOf } from '@/lib/http/respond';

/** A verb's record answer as the pages read it. */
export const asItem = (x: unknown): StockItemView => x as StockItemView;
export const asLocation = (x: unknown): LocationView => x as LocationView;

/** A quantity for display: numeric strings lose trailing zeros ("12.50000" → "12.5"). */
export function qty(v: number | string | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  const s = String(v);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
