// The accounts feature's public surface: app.ts and other features import from here only
// (.dependency-cruiser.cjs enforces it; decision 207).
export { accountRoutes } from './routes.js';
export { normaliseEmail } from './service.js';
export { eraseAccount } from './erasure.js';
export { streamAccountExport } from './data-export.js';
export { startStaleDataSweeper, sweepStaleData } from './stale-data-sweeper.js';
export { hasSecondFactor, mustHaveSecondFactor } from './two-factor.js';
