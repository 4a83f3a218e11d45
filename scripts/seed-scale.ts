/**
 * Writes a state-sized data set into the configured database (DATABASE_URL, or the embedded one in ROUNDS_DATA_DIR):
 *
 *   npm run seed:scale -- --schools 1000 --years 5 [--districts 10]
 *
 * About 50 teachers and 3 observers per school, 3 visits per observer per school day, each tagged with 1-2 look-fors.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { DEFAULT_SCALE, seedScale } from '../db/seed/scale';
import { loadConfig } from '../server/config';
import { openRuntime } from '../server/runtime';

const { values } = parseArgs({
  options: { schools: { type: 'string', default: '1000' }, years: { type: 'string', default: '5' }, districts: { type: 'string', default: String(DEFAULT_SCALE.districts) } },
});
const schools = Number(values.schools);
const years = Number(values.years);
const districts = Number(values.districts);
if (!(schools >= 1 && years >= 1 && districts >= 1 && districts <= schools)) {
  process.stderr.write('Usage: npm run seed:scale -- --schools N --years N [--districts N] (whole numbers, districts ≤ schools)\n');
  process.exit(2);
}
const runtime = await openRuntime({ ...loadConfig(), demo: false }, pino({ level: 'warn' }));
try {
  const started = Date.now();
  const until = new Date().toISOString().slice(0, 10);
  const visits = await seedScale(runtime.db, { ...DEFAULT_SCALE, schools, years, districts, until, log: (m) => process.stdout.write(`  ${m}\n`) });
  process.stdout.write(`Wrote ${schools} schools in ${districts} districts and ${visits.toLocaleString('en-US')} visits in ${((Date.now() - started) / 1000).toFixed(0)} s.\n`);
} finally {
  await runtime.close();
}
