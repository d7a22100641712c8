// The staff-orders feature's public surface: needs attention, the order lookup and one order's page
// with its refunds (issue 10 items 4 and 6). app.ts imports from here only (decision 207).
export { staffOrderPages } from './pages.js';
