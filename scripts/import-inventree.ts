/**
 * `npm run import:inventree -- <file.json|file.yaml|folder> [--media <dir>] [--merge] [--report <file>]`
 * Imports an InvenTree export into this project's database (DATABASE_URL, else the embedded one).
 */
import { parseArgs } from 'node:util';
import { loadDotEnv, prepareDatabase } from './lib/bootstrap';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    media: { type: 'string' },
    merge: { type: 'boolean', default: false },
    report: { type: 'string' },
  },
});
if (positionals.length !== 1) {
  console.error(
    'usage: npm run import:inventree -- <file.json|file.yaml|folder> [--media <dir>] [--merge] [--report <file>]',
  );
  process.exit(2);
}

loadDotEnv();
const database = await prepareDatabase();
const { importInventree, formatReport, ImportError } = await import('@/db/import');
let code = 0;
try {
  const isTty = process.stderr.isTTY;
  const report = await importInventree({
    url: database.url,
    input: positionals[0]!,
    media: values.media,
    merge: values.merge,
    report: values.report,
    progress: (line) => process.stderr.write(isTty ? `\r\x1b[K${line}` : `${line}\n`),
  });
  if (isTty) process.stderr.write('\n');
  console.log(formatReport(report));
  if (values.report) console.log(`report written to ${values.report}`);
} catch (e) {
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.error(e instanceof ImportError ? `import failed: ${e.message}` : e);
  code = 1;
} finally {
  await database.stop();
}
process.exit(code);
