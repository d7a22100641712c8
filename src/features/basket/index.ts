// The basket feature's public surface: app.ts and other features import from here only
// (.dependency-cruiser.cjs enforces it; decision 207).
export { BasketJson, basketJson } from './api.js';
export { basketRoutes } from './routes.js';
export { StoreChoiceBody } from './schemas.js';
export type { BasketView } from './model.js';
export { addLine, basketSummary, chooseStore, clearBasket, findBasket, mergeVisitorBasket, ownerOf, viewBasket } from './service.js';
export { LineSummary } from './views.js';
