import { STOCK_STATUS } from '@/domain/stock';

/** InvenTree's colour names → badge classes (success, warning, danger, info, dark). */
const TONES: Record<string, string> = {
  success: 'bg-green-100 text-green-800',
  warning: 'bg-amber-100 text-amber-800',
  danger: 'bg-red-100 text-red-800',
  info: 'bg-sky-100 text-sky-800',
  dark: 'bg-slate-700 text-white',
};

const BY_CODE = new Map<number, { label: string; color: string }>(
  Object.values(STOCK_STATUS).map((s) => [s.key, s]),
);

/** Status choices for selects, in InvenTree's order. */
export const STATUS_OPTIONS = Object.values(STOCK_STATUS).map((s) => ({ value: s.key, label: s.label }));

export const statusLabel = (code: number) => BY_CODE.get(code)?.label ?? `Status ${code}`;

/** A stock status with InvenTree's label and colour. */
export function StatusBadge({ status }: { status: number }) {
  const s = BY_CODE.get(status);
  return (
    <span
      className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${TONES[s?.color ?? ''] ?? 'bg-slate-100 text-slate-700'}`}
      data-testid="status-badge"
    >
      {s?.label ?? `Status ${status}`}
    </span>
  );
}
