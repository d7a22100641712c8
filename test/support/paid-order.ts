// Factory: a new customer's order at a store, placed and checked in (so paid, on the barista's
// queue) at the test clock's current time. Each call makes its own customer and order, so a
// test that needs a paid order never borrows one from an earlier test.
import assert from 'node:assert/strict';
import { fillBasket, newCustomer, place, post } from '../features/orders/helpers.js';
import type { TestApp } from './test-app.js';

export interface PaidOrder {
  id: string;
  number: number;
}

export async function paidOrder(t: TestApp, firstName: string, store = 'colchester'): Promise<PaidOrder> {
  const customer = await newCustomer(t, firstName);
  await fillBasket(t, customer, store);
  const placed = await place(t, customer);
  assert.equal(placed.statusCode, 201, placed.body);
  const order = placed.json().order as PaidOrder;
  const checkIn = await post(t, customer, `/api/v1/orders/${order.id}/check-in`);
  assert.equal(checkIn.json().state, 'paid', checkIn.body);
  return order;
}
