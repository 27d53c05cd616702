/**
 * What a scanned or typed "item" value names. InvenTree's internal barcodes are JSON
 * (`{"stockitem": 42}`, `{"stocklocation": 3}`) or the short form (`INV-SI42`, `INV-SL3`); `#42`
 * is an item id typed by hand; anything else is taken as a serial number.
 */
export type ScanTarget =
  | { kind: 'item'; pk: number }
  | { kind: 'location'; pk: number }
  | { kind: 'part'; pk: number }
  | { kind: 'serial'; serial: string }
  | { kind: 'empty' };

const SHORT: Record<string, 'item' | 'location' | 'part'> = { SI: 'item', SL: 'location', PA: 'part' };
const JSON_KEYS: Record<string, 'item' | 'location' | 'part'> = {
  stockitem: 'item',
  stocklocation: 'location',
  part: 'part',
};

export function parseScan(raw: string): ScanTarget {
  const s = raw.trim();
  if (!s) return { kind: 'empty' };
  const short = /^INV-(SI|SL|PA)(\d{1,9})$/i.exec(s);
  if (short) return { kind: SHORT[short[1]!.toUpperCase()]!, pk: Number(short[2]) };
  const hash = /^#(\d{1,9})$/.exec(s);
  if (hash) return { kind: 'item', pk: Number(hash[1]) };
  if (s.startsWith('{')) {
    try {
      const obj = JSON.parse(s) as Record<string, unknown>;
      for (const [key, kind] of Object.entries(JSON_KEYS)) {
        const v = obj[key];
        const pk = typeof v === 'number' ? v : (v as { pk?: unknown } | null)?.pk;
        if (typeof pk === 'number' && Number.isInteger(pk)) return { kind, pk };
      }
    } catch {
      // Not JSON after all: a serial that starts with a brace.
    }
  }
  return { kind: 'serial', serial: s };
}
