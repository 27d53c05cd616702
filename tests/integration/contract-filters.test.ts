import { beforeAll, describe, expect, it } from 'vitest';
import { api } from '../api';
import contract from '../contract/v534.json';
import { makeUser, tokenFor } from '../factories';
import { makeCategory, makePart } from '../parts';
import { makeLocation } from '../stock';

/**
 * Every query parameter InvenTree v534 declares on these lists is accepted with a well-formed value
 * (clients send them): no 4xx/5xx, and the list shape is kept. The filters' effects are tested in
 * each module's own tests.
 */
describe('v534 list filters are accepted', () => {
  let token: string;
  let ids: { part: number; category: number; location: number };
  beforeAll(async () => {
    token = await tokenFor(await makeUser({ superuser: true }));
    const category = await makeCategory();
    const part = await makePart({ category: category.pk, is_template: true });
    const location = await makeLocation();
    ids = { part: part.pk, category: category.pk, location: location.pk };
  });

  const valueFor = (path: string, name: string, type: string) => {
    if (type === 'boolean') return 'true';
    if (type === 'integer' || type === 'number') {
      if (['limit', 'offset', 'depth', 'level', 'max_level'].includes(name)) return '1';
      if (['category', 'parent', 'exclude_tree'].includes(name) && path.includes('category'))
        return String(ids.category);
      if (name === 'category') return String(ids.category);
      if (name === 'location' || (path.includes('/location/') && ['parent', 'exclude_tree'].includes(name)))
        return String(ids.location);
      if (name === 'model_id' || name === 'user' || name === 'upload_user' || name === 'template') return '1';
      return String(ids.part);
    }
    if (type === 'array') return String(ids.part);
    if (name === 'ordering') return 'pk';
    if (name.endsWith('_after') || name.endsWith('_before') || /^(min|max)_date$/.test(name))
      return '2026-01-01';
    if (name === 'model_type') return 'part';
    return 'x';
  };

  for (const [path, params] of Object.entries(contract.listFilters)) {
    it(`${path} accepts its ${params.length} documented parameters`, async () => {
      for (const p of params) {
        const r = await api(
          'GET',
          `${path}?${p.name}=${encodeURIComponent(valueFor(path, p.name, p.type))}`,
          { token },
        );
        expect(r.status, `${path}?${p.name}`).toBe(200);
        expect(Array.isArray(r.body) || Array.isArray(r.body?.results), `${path}?${p.name}`).toBe(true);
      }
    });
  }
});
