/**
 * `npm run user:create -- --username admin --password secret [--email a@b.c] [--superuser] [--staff] [--if-missing]`
 * Creates a user (the first admin, typically). `--if-missing` succeeds quietly when the name exists.
 */
import { parseArgs } from 'node:util';
import { loadDotEnv, prepareDatabase } from './lib/bootstrap';

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    password: { type: 'string' },
    email: { type: 'string', default: '' },
    superuser: { type: 'boolean', default: false },
    staff: { type: 'boolean', default: false },
    'if-missing': { type: 'boolean', default: false },
  },
});
if (!values.username || !values.password) {
  console.error(
    'usage: npm run user:create -- --username NAME --password PASSWORD [--email E] [--superuser] [--staff] [--if-missing]',
  );
  process.exit(2);
}

loadDotEnv();
const database = await prepareDatabase();
const { systemCtx } = await import('@/server/context');
const { createUser } = await import('@/server/users');
const { closeDb } = await import('@/db/client');
const { AppError } = await import('@/lib/errors');
let code = 0;
try {
  const user = await createUser(systemCtx(), {
    username: values.username,
    password: values.password,
    email: values.email,
    is_superuser: values.superuser,
    is_staff: values.staff || values.superuser,
  });
  console.log(`created user ${user.username} (pk ${user.pk})${values.superuser ? ' as superuser' : ''}`);
} catch (err) {
  const exists = err instanceof AppError && JSON.stringify(err.body ?? '').includes('already exists');
  if (exists && values['if-missing']) console.log(`user ${values.username} already exists`);
  else {
    console.error(err instanceof AppError ? JSON.stringify(err.body ?? err.message) : err);
    code = 1;
  }
} finally {
  await closeDb();
  await database.stop();
}
process.exit(code);
