// `npm run migrate`: apply pending migrations to the configured database and exit.
import { loadConfig } from '../config.js';
import { connectDatabase } from './connect.js';
import { migrateToLatest } from './migrate.js';

const config = loadConfig();
const db = await connectDatabase({ ...config, poolSize: 1 });
try {
  const applied = await migrateToLatest(db.writer);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Schema already up to date.');
} finally {
  await db.close();
}
