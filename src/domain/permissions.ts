// Who may do what, in one pure module (no I/O). Every route asks here, through
// `can` (a yes/no) or `authorize` (throws the right HTTP error).
//
// Roles: any signed-in user is a customer; barista and manager are held per store;
// admin is global. A manager can do everything a barista can at their store; an
// admin can do everything everywhere — except edit their own roles or account.
import { ForbiddenError, NotFoundError, UnauthorizedError } from './errors.js';

export type StaffRole = 'barista' | 'manager' | 'admin';

export interface PermissionGrant {
  role: StaffRole;
  storeId: number | null;
  storeSlug?: string | null;
}

/** The caller: null for a guest. Only the id and grants matter here. */
export type Actor = { id: number; grants: readonly PermissionGrant[] } | null;

/** Actions on one store's counter: seeing and moving its orders. */
export type StoreStaffAction = 'queue.view' | 'order.advance' | 'store.availability';
/** Actions that change how one store trades. */
export type StoreManagerAction = 'store.manage' | 'store.pause' | 'store.hours' | 'order.refund';
/** Things only admins do; `admin.` plus an area name, e.g. 'admin.catalogue', 'admin.reports'. */
export type AdminAction = `admin.${string}`;
/** Actions on another user: only admins, and never on themselves. */
export type UserAction = 'role.grant' | 'role.revoke' | 'user.disable';
/** Reading a customer's own things: the owner, or staff of the order's store. */
export type OwnedAction = 'order.view' | 'basket.view' | 'order.customer';

export type Action = StoreStaffAction | StoreManagerAction | AdminAction | UserAction | OwnedAction;

export interface Scope {
  /** The store the action is about, by id and/or slug (grants carry both). */
  storeId?: number | null;
  storeSlug?: string | null;
  /** The customer who owns the order or basket. */
  ownerId?: number | null;
  /** The user whose roles or account would change. */
  targetUserId?: number | null;
}

// Baristas mark items sold out from the counter (issue 10 item 5); managers keep the rest.
const STORE_STAFF: ReadonlySet<string> = new Set<StoreStaffAction>(['queue.view', 'order.advance', 'store.availability']);
const STORE_MANAGER: ReadonlySet<string> = new Set<StoreManagerAction>(['store.manage', 'store.pause', 'store.hours', 'order.refund']);
const USER_ACTIONS: ReadonlySet<string> = new Set<UserAction>(['role.grant', 'role.revoke', 'user.disable']);

export function isAdmin(actor: Actor): boolean {
  return actor !== null && actor.grants.some((g) => g.role === 'admin');
}

function holdsAtStore(actor: Actor, roles: readonly StaffRole[], scope: Scope): boolean {
  if (actor === null) return false;
  const byId = scope.storeId !== undefined && scope.storeId !== null;
  const bySlug = scope.storeSlug !== undefined && scope.storeSlug !== null;
  if (!byId && !bySlug) return false;
  return actor.grants.some(
    (g) => roles.includes(g.role) && g.storeId !== null && ((byId && g.storeId === scope.storeId) || (bySlug && g.storeSlug === scope.storeSlug)),
  );
}

/** Whether the actor may do the action in the scope. Pure: same input, same answer. */
export function can(actor: Actor, action: Action, scope: Scope = {}): boolean {
  if (actor === null) return false;
  if (STORE_STAFF.has(action)) return isAdmin(actor) || holdsAtStore(actor, ['barista', 'manager'], scope);
  if (STORE_MANAGER.has(action)) return isAdmin(actor) || holdsAtStore(actor, ['manager'], scope);
  if (USER_ACTIONS.has(action)) {
    // Nobody edits their own roles or disables themselves — not even an admin
    // (an admin locked out by mistake is fixed by another admin, not by themselves).
    const target = scope.targetUserId;
    return isAdmin(actor) && target !== undefined && target !== null && target !== actor.id;
  }
  if (action === 'order.view' || action === 'basket.view') {
    if (scope.ownerId !== undefined && scope.ownerId !== null && scope.ownerId === actor.id) return true;
    return action === 'order.view' && (isAdmin(actor) || holdsAtStore(actor, ['barista', 'manager'], scope));
  }
  // Customer-only steps on an order (check in, cancel): the owner alone.
  if (action === 'order.customer') return scope.ownerId !== undefined && scope.ownerId === actor.id;
  if (action.startsWith('admin.')) return isAdmin(actor);
  return false;
}

/** Stores (by id) where the actor may do a store-scoped action; 'all' for admins. */
export function storesWhere(actor: Actor, action: StoreStaffAction | StoreManagerAction): number[] | 'all' {
  if (actor === null) return [];
  if (isAdmin(actor)) return 'all';
  const roles: StaffRole[] = STORE_MANAGER.has(action) ? ['manager'] : ['barista', 'manager'];
  return [...new Set(actor.grants.filter((g) => roles.includes(g.role) && g.storeId !== null).map((g) => g.storeId!))];
}

/** Whether the actor holds any staff role (for showing staff navigation). */
export function isStaff(actor: Actor): boolean {
  return actor !== null && actor.grants.length > 0;
}

/**
 * Throws unless the actor may act: 401 for a guest; 404 for someone else's order
 * or basket (its existence is not revealed); 403 otherwise.
 */
export function authorize<A extends { id: number; grants: readonly PermissionGrant[] }>(actor: A | null, action: Action, scope: Scope = {}, what = 'Order'): A {
  if (actor === null) throw new UnauthorizedError();
  if (can(actor, action, scope)) return actor;
  if (action === 'order.view' || action === 'order.customer' || action === 'basket.view') throw new NotFoundError(what);
  if (USER_ACTIONS.has(action) && scope.targetUserId === actor.id) {
    throw new ForbiddenError('You cannot change your own roles or account; ask another admin.');
  }
  throw new ForbiddenError(
    STORE_MANAGER.has(action)
      ? 'Only a manager of this store or an admin can do that.'
      : STORE_STAFF.has(action)
        ? 'Only staff of this store can do that.'
        : 'You do not have access to this.',
  );
}
