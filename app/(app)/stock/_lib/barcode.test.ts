import { describe, expect, it } from 'vitest';
import { parseScan } from './barcode';

describe('parseScan', () => {
  it('reads InvenTree barcodes, ids and serials', () => {
    expect(parseScan('INV-SI42')).toEqual({ kind: 'item', pk: 42 });
    expect(parseScan('inv-sl3')).toEqual({ kind: 'location', pk: 3 });
    expect(parseScan('{"stockitem": 7}')).toEqual({ kind: 'item', pk: 7 });
    expect(parseScan('{"stocklocation": {"pk": 9}}')).toEqual({ kind: 'location', pk: 9 });
    expect(parseScan('#12')).toEqual({ kind: 'item', pk: 12 });
    expect(parseScan(' 1001 ')).toEqual({ kind: 'serial', serial: '1001' });
    expect(parseScan('')).toEqual({ kind: 'empty' });
  });
});
