import { closeDb, db } from '@/db/client';
import { routeHandlers } from '@/lib/http/route';
import { loadPrincipal } from '@/server/auth/principal';
import { systemCtx } from '@/server/context';
import { partList } from '@/server/parts/endpoints';
import { createUser, issueToken } from '@/server/users';

const u = await createUser(systemCtx(), {
  username: `bench${Date.now()}`,
  password: 'bench-password',
  is_superuser: true,
});
const actor = (await loadPrincipal(db, u.pk, 'token'))!;
const { token } = await issueToken({ actor, db }, 'bench', {});
const h = routeHandlers(partList);
async function time(q: string, n = 40) {
  const ts: number[] = [];
  for (let i = 0; i < n + 5; i++) {
    const t0 = performance.now();
    const r = await h.GET(
      new Request(`http://localhost:3000/api/part/?${q}`, { headers: { authorization: `Token ${token}` } }),
      { params: Promise.resolve({}) },
    );
    await r.text();
    if (i >= 5) ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  console.log(
    `${q.padEnd(60)} p50 ${ts[Math.floor(n / 2)]!.toFixed(1)} ms  p95 ${ts[Math.floor(n * 0.95)]!.toFixed(1)} ms`,
  );
}
for (const q of [
  'limit=50&search=bolt&category=3&cascade=true',
  'limit=50&search=P-00123&category=3&cascade=true',
  'limit=50&category=3&cascade=true',
  'limit=50&search=bolt',
  'limit=50',
  'limit=500&category_detail=true',
])
  await time(q);
await closeDb();
process.exit(0);
