import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { parts, stockItems, stockLocations, stockTestResults } from '@/db/schema';
import { systemCtx } from '@/server/context';
import { BLANK_THUMBNAIL } from '@/server/partdata/images';
import { getPart } from '@/server/parts';
import { getStockItem } from '@/server/stock';
import { unique } from '../factories';
import { makePart } from '../parts';
import { makeItem, makeLocation } from '../stock';

/** The part and stock item serializers' less common fields: images, decimals, dates, variant sums, paths, tests. */
describe('part and stock item answers', () => {
  it('answers a part’s image, thumbnail, full name and decimals', async () => {
    const withImage = await makePart({ IPN: unique('IPN'), revision: 'B', minimum_stock: '2.50000' });
    await db.update(parts).set({ image: 'part_images/a b.png' }).where(eq(parts.id, withImage.pk));
    const plain = await makePart({});
    const ctx = systemCtx();
    const a = await getPart(ctx, withImage.pk);
    expect(a.image).toBe('/media/part_images/a%20b.png');
    expect(a.thumbnail).toBe('/media/part_images/a%20b.thumbnail.png');
    expect(a.full_name).toBe(`${withImage.IPN} | ${withImage.name} | B`);
    expect(a.minimum_stock).toBe(2.5);
    expect(a.maximum_stock).toBeNull();
    expect(a.creation_date).toMatch(/^\d{4}-\d\d-\d\d$/);
    const b = await getPart(ctx, plain.pk);
    expect(b.image).toBeNull();
    expect(b.thumbnail).toBe(BLANK_THUMBNAIL);
    expect(b.full_name).toBe(plain.name);
    expect(b.IPN).toBe('');
  });

  it('sums a template’s stock over its variants, its own stock apart', async () => {
    const template = await makePart({ is_template: true });
    const variant = await makePart({ variant_of: template.pk });
    const external = await makeLocation({ external: true });
    await makeItem({ part: template.pk, quantity: '1.25' });
    await makeItem({ part: variant.pk, quantity: '3' });
    await makeItem({ part: variant.pk, quantity: '4', location: external.pk });
    const t = await getPart(systemCtx(), template.pk);
    expect(t).toMatchObject({
      in_stock: 1.25,
      total_in_stock: 8.25,
      variant_stock: 7,
      external_stock: 4,
      unallocated_stock: 8.25,
      stock_item_count: 1,
    });
    const v = await getPart(systemCtx(), variant.pk);
    expect(v).toMatchObject({
      in_stock: 7,
      total_in_stock: 7,
      variant_stock: 0,
      external_stock: 4,
      stock_item_count: 2,
    });
  });

  it('answers a stock item’s decimals, dates, expiry flags, path and tests', async () => {
    const part = await makePart({});
    const root = await makeLocation({});
    const leaf = await makeLocation({ parent: root.pk });
    const item = await makeItem({ part: part.pk, quantity: '2.5', location: leaf.pk });
    await db
      .update(stockItems)
      .set({ expiryDate: '2000-01-01', purchasePrice: '1.5', purchasePriceCurrency: 'EUR' })
      .where(eq(stockItems.id, item.pk));
    await db
      .update(stockLocations)
      .set({ customIcon: 'ti:box:outline' })
      .where(eq(stockLocations.id, root.pk));
    const [older, newer] = [new Date('2020-01-01T10:00:00.123Z'), new Date('2021-06-01T12:30:00Z')];
    const tmpl = await db.execute<{ id: number }>(sql`
      insert into part_test_templates (part_id, test_name, key) values (${part.pk}, 'T', ${unique('t')}) returning id`);
    await db.insert(stockTestResults).values([
      { stockItemId: item.pk, templateId: tmpl[0]!.id, result: true, date: older },
      { stockItemId: item.pk, templateId: tmpl[0]!.id, result: false, date: newer },
    ]);
    const out = await getStockItem(systemCtx(), item.pk, {
      location_detail: true,
      path_detail: true,
      tests: true,
    });
    expect(out.quantity).toBe(2.5);
    expect(out.expiry_date).toBe('2000-01-01');
    expect(out.expired).toBe(true);
    expect(out.stale).toBe(true);
    expect(out.purchase_price).toBe('1.500000');
    expect(out.purchase_price_currency).toBe('EUR');
    expect(out.creation_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(out.status_text).toBe('OK');
    expect(out.location_detail).toEqual({
      pk: leaf.pk,
      name: leaf.name,
      pathstring: `${root.name}/${leaf.name}`,
    });
    expect((out.location_path as { pk: number; icon: string }[]).map((n) => [n.pk, n.icon])).toEqual([
      [root.pk, 'ti:box:outline'],
      [leaf.pk, expect.any(String)],
    ]);
    const tests = out.tests as { result: boolean; date: string }[];
    expect(tests.map((t) => [t.result, t.date])).toEqual([
      [false, newer.toISOString()],
      [true, older.toISOString()],
    ]);
    expect((out.part_detail as { pk: number; thumbnail: string }).thumbnail).toBe(BLANK_THUMBNAIL);
    expect(out.tracking_items).toBe(1);
  });
});
