/** `npm run db:migrate`: applies the committed migrations (to the embedded PostgreSQL when DATABASE_URL is unset). */
import { loadDotEnv, prepareDatabase } from './lib/bootstrap';

loadDotEnv();
const db = await prepareDatabase();
console.log(`migrations applied (${db.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'})`);
await db.stop();
