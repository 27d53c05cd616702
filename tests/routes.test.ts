import { describe, expect, it } from 'vitest';
import { diffRoutes } from '../scripts/gen-routes';

describe('generated route files', () => {
  it('exist for every registered endpoint and nothing else (run `npx tsx scripts/gen-routes.ts`)', () => {
    expect(diffRoutes()).toEqual([]);
  });
});
