import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorize, can, isStaff, storesWhere, type Actor } from '../../src/domain/permissions.js';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../src/domain/errors.js';

const COLCHESTER = { storeId: 1, storeSlug: 'colchester' };
const IPSWICH = { storeId: 2, storeSlug: 'ipswich' };

const customer: Actor = { id: 10, grants: [] };
const otherCustomer: Actor = { id: 11, grants: [] };
const baristaColchester: Actor = { id: 20, grants: [{ role: 'barista', ...COLCHESTER }] };
const managerColchester: Actor = { id: 21, grants: [{ role: 'manager', ...COLCHESTER }] };
const baristaIpswich: Actor = { id: 22, grants: [{ role: 'barista', ...IPSWICH }] };
const twoStores: Actor = {
  id: 23,
  grants: [
    { role: 'barista', ...COLCHESTER },
    { role: 'manager', ...IPSWICH },
  ],
};
const admin: Actor = { id: 30, grants: [{ role: 'admin', storeId: null, storeSlug: null }] };

describe('permissions', () => {
  it('lets nobody do anything as a guest', () => {
    for (const action of ['queue.view', 'order.advance', 'store.pause', 'admin.users', 'role.grant', 'order.view'] as const) {
      assert.equal(can(null, action, { ...COLCHESTER, ownerId: 10, targetUserId: 10 }), false, action);
    }
    assert.throws(() => authorize(null, 'queue.view', COLCHESTER), UnauthorizedError);
  });

  it("lets staff see and advance only their own stores' queues", () => {
    assert.equal(can(baristaColchester, 'queue.view', COLCHESTER), true);
    assert.equal(can(baristaColchester, 'order.advance', { storeId: 1 }), true);
    assert.equal(can(baristaColchester, 'queue.view', { storeSlug: 'colchester' }), true);
    assert.equal(can(baristaColchester, 'queue.view', IPSWICH), false);
    assert.equal(can(baristaIpswich, 'queue.view', COLCHESTER), false);
    assert.equal(can(baristaIpswich, 'order.advance', { storeId: 1 }), false);
    assert.equal(can(managerColchester, 'order.advance', COLCHESTER), true);
    assert.equal(can(customer, 'queue.view', COLCHESTER), false);
    assert.equal(can(admin, 'queue.view', IPSWICH), true);
    // A store-scoped action with no store named is refused, not granted everywhere.
    assert.equal(can(baristaColchester, 'queue.view', {}), false);
  });

  it("lets the store's baristas mark items sold out, not elsewhere", () => {
    assert.equal(can(baristaColchester, 'store.availability', COLCHESTER), true);
    assert.equal(can(baristaColchester, 'store.availability', IPSWICH), false);
    assert.equal(can(customer, 'store.availability', COLCHESTER), false);
  });

  it('keeps busy mode, hours and refunds to managers of the store and admins', () => {
    for (const action of ['store.manage', 'store.pause', 'store.hours', 'order.refund'] as const) {
      assert.equal(can(managerColchester, action, COLCHESTER), true, action);
      assert.equal(can(managerColchester, action, IPSWICH), false, action);
      assert.equal(can(baristaColchester, action, COLCHESTER), false, action);
      assert.equal(can(customer, action, COLCHESTER), false, action);
      assert.equal(can(admin, action, IPSWICH), true, action);
    }
    assert.equal(can(twoStores, 'store.pause', IPSWICH), true);
    assert.equal(can(twoStores, 'store.pause', COLCHESTER), false);
    assert.throws(() => authorize(baristaColchester, 'store.pause', COLCHESTER), ForbiddenError);
  });

  it('keeps admin areas to admins', () => {
    assert.equal(can(admin, 'admin.catalogue'), true);
    for (const actor of [customer, baristaColchester, managerColchester]) assert.equal(can(actor, 'admin.catalogue'), false);
  });

  it('lets only admins grant roles, and nobody edit their own', () => {
    assert.equal(can(admin, 'role.grant', { targetUserId: 20 }), true);
    assert.equal(can(admin, 'role.grant', { targetUserId: 30 }), false);
    assert.equal(can(admin, 'role.revoke', { targetUserId: 30 }), false);
    assert.equal(can(admin, 'user.disable', { targetUserId: 30 }), false);
    assert.equal(can(admin, 'role.grant', {}), false);
    assert.equal(can(managerColchester, 'role.grant', { targetUserId: 20 }), false);
    assert.equal(can(managerColchester, 'role.grant', { targetUserId: 21 }), false);
    assert.throws(() => authorize(admin, 'role.grant', { targetUserId: 30 }), /your own roles/);
  });

  it("hides one customer's order and basket from another with a 404", () => {
    assert.equal(can(customer, 'order.view', { ownerId: 10, ...COLCHESTER }), true);
    assert.equal(can(otherCustomer, 'order.view', { ownerId: 10, ...COLCHESTER }), false);
    assert.equal(can(customer, 'basket.view', { ownerId: 10 }), true);
    assert.equal(can(otherCustomer, 'basket.view', { ownerId: 10 }), false);
    assert.throws(() => authorize(otherCustomer, 'order.view', { ownerId: 10, ...COLCHESTER }), NotFoundError);
    assert.throws(() => authorize(otherCustomer, 'basket.view', { ownerId: 10 }, 'Basket'), /Basket not found/);
    // Staff may read the orders of their store, not of another; nobody but the owner reads a basket.
    assert.equal(can(baristaColchester, 'order.view', { ownerId: 10, ...COLCHESTER }), true);
    assert.equal(can(baristaIpswich, 'order.view', { ownerId: 10, ...COLCHESTER }), false);
    assert.equal(can(admin, 'order.view', { ownerId: 10, ...COLCHESTER }), true);
    assert.equal(can(admin, 'basket.view', { ownerId: 10 }), false);
    // Checking in or cancelling is the owner's alone, even for staff of the store.
    assert.equal(can(customer, 'order.customer', { ownerId: 10 }), true);
    assert.equal(can(baristaColchester, 'order.customer', { ownerId: 10, ...COLCHESTER }), false);
  });

  it('lists the stores where an actor may act', () => {
    assert.deepEqual(storesWhere(twoStores, 'queue.view'), [1, 2]);
    assert.deepEqual(storesWhere(twoStores, 'store.pause'), [2]);
    assert.deepEqual(storesWhere(customer, 'queue.view'), []);
    assert.deepEqual(storesWhere(null, 'queue.view'), []);
    assert.equal(storesWhere(admin, 'store.pause'), 'all');
    assert.equal(isStaff(customer), false);
    assert.equal(isStaff(baristaIpswich), true);
  });

  it('says in the refusal who may do it', () => {
    assert.throws(() => authorize(baristaColchester, 'store.pause', COLCHESTER), /Only a manager of this store or an admin/);
    assert.throws(() => authorize(baristaIpswich, 'queue.view', COLCHESTER), /Only staff of this store/);
    assert.throws(() => authorize(managerColchester, 'admin.users'), /You do not have access to this/);
  });

  it('returns the actor when allowed', () => {
    assert.equal(authorize(managerColchester, 'store.hours', COLCHESTER), managerColchester);
  });
});
