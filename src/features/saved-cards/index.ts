// The saved-cards feature's public surface: app.ts and other features import from here only
// (.dependency-cruiser.cjs enforces it; decision 207).
export { savedCardRoutes } from './routes.js';
export { gatewayCustomer, listSavedCards, recordSavedCard, savedCardPayment, type SavedCard } from './service.js';
export { SaveCardBox, SavedCardChoice, SavedCardsSection } from './views.js';
