// The favourites feature's public surface: app.ts and other features import from here only
// (.dependency-cruiser.cjs enforces it; decision 207).
export { favouriteRoutes } from './routes.js';
