// What the order page says about time (decision 303): before the charge, the pickup times and
// ETA for changing when making starts; once being made, the ready time from the queue as it is
// now (ahead of this order only: later orders never delay it).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { etaAt, loadStoreQueue, type StoreEta } from '../../db/store-eta.js';
import { getStoreById } from '../../db/stores.js';
import type { SlotOffer } from '../../domain/pickup-slots.js';
import { busyNow, isOpen } from '../../domain/store.js';
import type { Order } from './model.js';
import { pickupOffer } from './triggers.js';

export interface OrderTiming {
  /** Before the charge: the choices for changing when making starts. */
  change: { offer: SlotOffer; open: boolean; etaIfNow: StoreEta } | null;
  /** Being made or waiting for its moment: when it should be ready. */
  readyBy: Date | null;
}

export async function orderTiming(db: Kysely<DB>, order: Order, now: Date): Promise<OrderTiming> {
  if (order.state !== 'authorised' && order.state !== 'capturing' && order.state !== 'paid') return { change: null, readyBy: null };
  const store = (await getStoreById(db, order.storeId))!;
  const queue = await loadStoreQueue(db, store.id, now, order.id);
  const load = { drinks: order.drinks, prepSeconds: order.prepSeconds };
  if (order.state === 'authorised') {
    const etaMs = etaAt(store, queue, now, load);
    const etaIfNow = { etaMs, readyAt: new Date(now.getTime() + etaMs), busy: busyNow(store, now) };
    return {
      change: { offer: pickupOffer(store, queue, load, now), open: isOpen(store, now), etaIfNow },
      readyBy: order.makingStartsAt ? order.readyEstimateAt : null,
    };
  }
  const startedAt = order.paidAt ?? order.checkedInAt ?? now;
  const readyBy = new Date(startedAt.getTime() + etaAt(store, queue, startedAt, load));
  return { change: null, readyBy: readyBy.getTime() < now.getTime() ? now : readyBy };
}
