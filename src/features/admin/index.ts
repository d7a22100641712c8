// The admin feature's public surface: app.ts and other features import from here only
// (.dependency-cruiser.cjs enforces it; decision 207).
export { adminRoutes } from './routes.js';
export { recordPaymentErrors } from './logs/payment-error-queries.js';
