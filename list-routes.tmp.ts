import { startTestApp } from './test/support/test-app.js';
const t = await startTestApp();
for (const r of t.app.registeredRoutes) console.log(r.method, r.url);
await t.close();
