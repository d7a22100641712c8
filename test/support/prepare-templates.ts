import { prepareTemplates } from './database.js';

// `--postgres-only`: the PGlite image was built earlier in this run (scripts/test), only PostgreSQL's is made.
await prepareTemplates({ pglite: !process.argv.includes('--postgres-only') });
