// The menu feature's public surface: app.ts and other features import from here only
// (.dependency-cruiser.cjs enforces it; decision 207).
export { Choice, Quantity, QUANTITY_MESSAGE } from './choice.js';
export { ProductForm, productFormMessages, ProductPreview, selectedFor } from './form-choice.js';
export { listCategories, loadMenuProducts, type MenuCategory } from './queries.js';
export { menuRoutes } from './routes.js';
export { ProductPage, type EditingLine } from './views.js';
