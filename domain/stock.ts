/**
 * Stock enumerations with InvenTree's numeric values (stock/status_codes.py): one source for the
 * database, the API (`/api/stock/status/`, `/api/stock/track/status/`), zod schemas and UI labels.
 */
export const STOCK_STATUS = {
  OK: { key: 10, label: 'OK', color: 'success' },
  ATTENTION: { key: 50, label: 'Attention needed', color: 'warning' },
  DAMAGED: { key: 55, label: 'Damaged', color: 'warning' },
  DESTROYED: { key: 60, label: 'Destroyed', color: 'danger' },
  REJECTED: { key: 65, label: 'Rejected', color: 'danger' },
  LOST: { key: 70, label: 'Lost', color: 'dark' },
  QUARANTINED: { key: 75, label: 'Quarantined', color: 'info' },
  RETURNED: { key: 85, label: 'Returned', color: 'warning' },
} as const;
export type StockStatusName = keyof typeof STOCK_STATUS;
export const STOCK_STATUS_CODES = Object.values(STOCK_STATUS).map((s) => s.key);
/** StockStatusGroups.AVAILABLE_CODES: statuses whose items count as in stock. */
export const AVAILABLE_STATUS_CODES = [10, 50, 55, 85] as const;

export const STOCK_HISTORY = {
  LEGACY: { key: 0, label: 'Legacy stock tracking entry' },
  CREATED: { key: 1, label: 'Stock item created' },
  EDITED: { key: 5, label: 'Edited stock item' },
  ASSIGNED_SERIAL: { key: 6, label: 'Assigned serial number' },
  STOCK_COUNT: { key: 10, label: 'Stock counted' },
  STOCK_ADD: { key: 11, label: 'Stock manually added' },
  STOCK_REMOVE: { key: 12, label: 'Stock manually removed' },
  STOCK_SERIALIZED: { key: 13, label: 'Serialized stock items' },
  RETURNED_TO_STOCK: { key: 15, label: 'Returned to stock' },
  STOCK_MOVE: { key: 20, label: 'Location changed' },
  STOCK_UPDATE: { key: 25, label: 'Stock updated' },
  INSTALLED_INTO_ASSEMBLY: { key: 30, label: 'Installed into assembly' },
  REMOVED_FROM_ASSEMBLY: { key: 31, label: 'Removed from assembly' },
  INSTALLED_CHILD_ITEM: { key: 35, label: 'Installed component item' },
  REMOVED_CHILD_ITEM: { key: 36, label: 'Removed component item' },
  SPLIT_FROM_PARENT: { key: 40, label: 'Split from parent item' },
  SPLIT_CHILD_ITEM: { key: 42, label: 'Split child item' },
  MERGED_STOCK_ITEMS: { key: 45, label: 'Merged stock items' },
  DISASSEMBLED: { key: 46, label: 'Disassembled into components' },
  CREATED_FROM_DISASSEMBLY: { key: 47, label: 'Created from disassembly' },
  CONVERTED_TO_VARIANT: { key: 48, label: 'Converted to variant' },
  BUILD_OUTPUT_CREATED: { key: 50, label: 'Build order output created' },
  BUILD_OUTPUT_COMPLETED: { key: 55, label: 'Build order output completed' },
  BUILD_OUTPUT_REJECTED: { key: 56, label: 'Build order output rejected' },
  BUILD_CONSUMED: { key: 57, label: 'Consumed by build order' },
  SHIPPED_AGAINST_SALES_ORDER: { key: 60, label: 'Shipped against Sales Order' },
  RECEIVED_AGAINST_PURCHASE_ORDER: { key: 70, label: 'Received against Purchase Order' },
  RETURNED_AGAINST_RETURN_ORDER: { key: 80, label: 'Returned against Return Order' },
  SENT_TO_CUSTOMER: { key: 100, label: 'Sent to customer' },
  RETURNED_FROM_CUSTOMER: { key: 105, label: 'Returned from customer' },
} as const;
export type StockHistoryName = keyof typeof STOCK_HISTORY;

export class SerialError extends Error {}

/** The integer part of a serial for sorting and "next" (InvenTree: leading digits, clipped to 0x7FFFFFFF). */
export function serialToInt(serial: string | null | undefined): number {
  if (!serial) return 0;
  const m = /^\s*(\d+)/.exec(serial) ?? /(\d+)\s*$/.exec(serial);
  if (!m) return 0;
  const n = Number(m[1]);
  return Number.isFinite(n) ? Math.min(n, 0x7fffffff) : 0x7fffffff;
}

/**
 * Expands InvenTree's serial-number grammar into exactly `quantity` serials:
 * `5`; `1,3,5`; `10-15` (inclusive); `10+3` (10 … 13); `4+` (from 4, as many as needed);
 * `~` (the next free serial); `~+5`; groups separated by commas or whitespace.
 * `next` is the next free serial number of the part's tree (for `~`). Throws SerialError with
 * InvenTree's wording when the expression is malformed or yields another count.
 */
export function parseSerials(expr: string, quantity: number, next: number): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const push = (s: string) => {
    if (seen.has(s)) throw new SerialError(`Duplicate serial: ${s}`);
    seen.add(s);
    out.push(s);
  };
  const groups = expr
    .split(/[\s,]+/)
    .map((g) => g.trim())
    .filter(Boolean);
  if (!groups.length) throw new SerialError('Empty serial number string');
  if (!Number.isInteger(quantity) || quantity < 1) throw new SerialError('Invalid quantity provided');
  let cursor = next;
  for (const g of groups) {
    const plusNext = /^~\+(\d+)$/.exec(g);
    const range = /^(\d+)-(\d+)$/.exec(g);
    const count = /^(\d+)\+(\d+)$/.exec(g);
    const open = /^(\d+)\+$/.exec(g);
    if (g === '~') push(String(cursor++));
    else if (plusNext) {
      for (let i = 0; i <= Number(plusNext[1]); i++) push(String(cursor++));
    } else if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (b < a || b - a > 100_000) throw new SerialError(`Invalid group range: ${g}`);
      for (let i = a; i <= b; i++) push(String(i));
    } else if (count) {
      const [a, n] = [Number(count[1]), Number(count[2])];
      for (let i = a; i <= a + n; i++) push(String(i));
    } else if (open) {
      // "as many as needed": whatever the groups after this one leave over.
      const a = Number(open[1]);
      const remaining = quantity - (groups.length - 1 - groups.indexOf(g)) - out.length;
      for (let i = 0; i < remaining; i++) push(String(a + i));
    } else if (/^[^\s,~+]+$/.test(g)) push(g);
    else throw new SerialError(`Invalid group: ${g}`);
  }
  if (out.length !== quantity)
    throw new SerialError(
      `Number of unique serial numbers (${out.length}) must match quantity (${quantity})`,
    );
  return out;
}
