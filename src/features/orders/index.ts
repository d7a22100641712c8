// The orders feature's public surface: app.ts and other features import from here only
// (.dependency-cruiser.cjs enforces it; decision 207).
export { demoBaristaPass, startDemoBarista } from './demo-barista.js';
export { startExpirySweeper } from './expiry-sweeper.js';
export { storeDateTime } from './format.js';
export type { OrderDetail } from './model.js';
export { listUserOrders } from './queries.js';
export { orderRoutes } from './routes.js';
export { markCollected, markReady } from './staff-actions.js';
export { StateTag } from './views.js';
