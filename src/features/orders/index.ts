// The orders feature's public surface: app.ts and other features import from here only
// (.dependency-cruiser.cjs enforces it; decision 207).
export { demoBaristaPass, startDemoBarista } from './demo-barista.js';
export { startExpirySweeper } from './expiry-sweeper.js';
export { startDueOrders, startStartScheduler, type StartScheduler, type Timers } from './start-scheduler.js';
export { storeDateTime } from './format.js';
export type { OrderDetail } from './model.js';
export { listUserOrders } from './queries.js';
export { orderRoutes } from './routes.js';
export { cancelUnpaid, markCollected, markPaidAtTill, markReady, requireStaffOf } from './staff-actions.js';
export { refundOrder, REFUND_REASON_MAX } from './refund-order.js';
export { loadOrderDetail } from './queries.js';
export { RefundList, refundedWhat } from './refund-views.js';
export { OrderLines } from './views.js';
export { optionWords, storeTime } from './format.js';
export type { Order, OrderLine, Refund } from './model.js';
export { counterTap, type TapResult } from './counter-taps.js';
export { StateTag } from './views.js';
export { refillBasket, BasketNotEmptyError, type RefillSource } from './reorder.js';
export { OrderAgainBody, orderAgainFromPage } from './order-again-page.js';
export { orderAgainJson, orderAgainRoute } from './order-again-json.js';
