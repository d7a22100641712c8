// The dev-mailbox feature's public surface: app.ts and other features import from here only
// (.dependency-cruiser.cjs enforces it; decision 207).
export { devMailboxRoutes } from './routes.js';
