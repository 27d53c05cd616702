/**
 * Prints the SQL statements one API request runs (the real handler, in-process, warm):
 *   DATABASE_URL=… npx tsx bench/sql.ts GET '/api/stock/?limit=50&location=111'
 *   DATABASE_URL=… npx tsx bench/sql.ts POST /api/stock/add/ '{"items":[{"pk":1,"quantity":"1"}]}'
 * As the first superuser (a fresh token). With EXPLAIN=1 each read statement is explained.
 */
import postgres from 'postgres';
import { capture, captureOn } from './lib/capture';

const [method = 'GET', path = '/api/', body] = process.argv.slice(2);
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
process.env.AUTH_SECRET ??= 'bench-sql-0123456789abcdef0123456789';
process.env.LOG_LEVEL ??= 'warn';
delete process.env.REDIS_URL;
await captureOn(url);
const { api } = await import('@/tests/api');
const { db } = await import('@/db/client');
const { loadPrincipal } = await import('@/server/auth/principal');
const { issueToken } = await import('@/server/users/tokens');
const sql = postgres(url, { max: 1, onnotice: () => {} });
const [su] = await sql<
  { id: number }[]
>`select id from users where is_superuser and is_active order by id limit 1`;
if (!su) throw new Error('no active superuser in this database');
const actor = (await loadPrincipal(db, su.id, 'token'))!;
const token = (await issueToken({ actor, db }, 'bench sql', {})).token;
const call = () => api(method, path, { token, ...(body ? { body: JSON.parse(body) } : {}) });
await call();
await call();
const t0 = performance.now();
let status = 0;
const statements = await capture(async () => {
  status = (await call()).status;
});
console.log(
  `${method} ${path} → ${status} in ${(performance.now() - t0).toFixed(1)} ms, ${statements.length} statements`,
);
for (const [i, s] of statements.entries()) {
  console.log(`\n#${i + 1} ${s.query.replace(/\s+/g, ' ').trim()}`);
  if (s.params.length)
    console.log(`   params (${s.params.length}): ${JSON.stringify(s.params).slice(0, 200)}`);
  if (process.env.EXPLAIN && /^\s*(select|with)/i.test(s.query)) {
    const plan = await sql.unsafe(`explain (analyze, buffers) ${s.query}`, s.params as never[]);
    for (const r of plan) console.log(`   ${r['QUERY PLAN']}`);
  }
}
await sql.end();
process.exit(0);
