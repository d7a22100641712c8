// `npm run seed`: load the demo catalogue (and, outside production, demo accounts). Safe to run twice.
import { loadConfig } from '../../config.js';
import { connectDatabase } from '../connect.js';
import { migrateToLatest } from '../migrate.js';
import { seedCatalogue, seedDemoData } from './seed.js';

const config = loadConfig();
const db = await connectDatabase({ ...config, poolSize: 1 });
try {
  await migrateToLatest(db.writer);
  if (config.production) await seedCatalogue(db.writer);
  else await seedDemoData(db.writer);
  console.log('Seeded.');
} finally {
  await db.close();
}
