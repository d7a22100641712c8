// Use cases for running one store. Each opens its transaction, checks the
// caller may act at that store, changes the row and writes the audit entry in
// the same transaction.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { authorize, type Actor } from '../../domain/permissions.js';
import { ValidationError } from '../../domain/errors.js';
import { validateWeekHours, type DayInput } from '../../domain/week-hours.js';
import { soldOutUntil } from '../../domain/sold-out-until.js';
import type { OpeningHours } from '../../domain/opening-hours.js';
import { write } from '../../db/unit-of-work.js';
import { recordAudit } from '../audit/index.js';
import { getStore } from '../../db/stores.js';
import type { Store } from '../../domain/store.js';
import { type ItemKind, lockPauseState, replaceWeekHours, setItemAvailable, setPauseState } from './queries.js';

type StaffActor = NonNullable<Actor>;

// Every change here sets a value rather than adding to one, so a transaction
// whose COMMIT was lost in a failover is safe to run again.
const IDEMPOTENT = { guardedBy: 'idempotent by nature' } as const;

/** Busy mode may be set for at most a week; longer closures are opening-hours changes. */
export const MAX_PAUSE_MS = 7 * 24 * 3_600_000;

async function storeFor(db: Kysely<DB>, actor: StaffActor, slug: string, action: 'store.availability' | 'store.pause' | 'store.hours'): Promise<Store> {
  const store = await getStore(db, slug);
  authorize(actor, action, { storeId: store.id, storeSlug: store.slug });
  return store;
}

/** How long a switched-off item stays off: `until` as the API and forms say it (domain/sold-out-until.ts). */
export interface SellOut {
  until?: string | undefined;
  now?: Date;
}

function backAt(store: Store, available: boolean, { until, now = new Date() }: SellOut): Date | null {
  if (available) {
    if (until !== undefined && until !== '') throw new ValidationError({ until: 'Only an item switched off comes back by itself.' });
    return null;
  }
  return soldOutUntil(until, store, now);
}

export interface SwitchResult {
  store: Store;
  slug: string;
  name: string;
  available: boolean;
  /** When it comes back by itself; null: on, or off indefinitely. */
  availableAgainAt: Date | null;
  changed: boolean;
}

/** Switches a product or an option on, or off until a moment or indefinitely, and audits it. */
export async function switchItem(
  db: Kysely<DB>,
  actor: StaffActor,
  kind: ItemKind,
  storeSlug: string,
  slug: string,
  available: boolean,
  sellOut: SellOut = {},
): Promise<SwitchResult> {
  const store = await storeFor(db, actor, storeSlug, 'store.availability');
  const againAt = backAt(store, available, sellOut);
  return write(
    db,
    async (trx) => {
      const { item, before } = await setItemAvailable(trx, kind, store.id, slug, available, againAt);
      if (before !== available || againAt) {
        await recordAudit(trx, {
          actorId: actor.id,
          action: 'store.availability',
          entity: kind,
          entityId: slug,
          storeId: store.id,
          before: { available: before },
          after: { available, ...(againAt ? { until: againAt.toISOString() } : {}) },
        });
      }
      return { store, slug, name: item.name, available, availableAgainAt: againAt, changed: before !== available };
    },
    IDEMPOTENT,
  );
}

/** Busy mode: stop taking new orders, until `until` or until resumed. Orders already placed carry on. */
export async function pauseOrdering(db: Kysely<DB>, actor: StaffActor, storeSlug: string, until: Date | null, now: Date): Promise<Store> {
  const store = await storeFor(db, actor, storeSlug, 'store.pause');
  if (until !== null && until <= now) throw new ValidationError({ resumeAt: 'The resume time must be in the future.' });
  if (until !== null && until.getTime() - now.getTime() > MAX_PAUSE_MS) {
    throw new ValidationError({ resumeAt: 'Busy mode lasts at most 7 days; change the opening hours for longer closures.' });
  }
  await write(
    db,
    async (trx) => {
      const before = await lockPauseState(trx, store.id);
      const after = { paused: true, pausedUntil: until };
      await setPauseState(trx, store.id, after);
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'store.pause',
        entity: 'store',
        entityId: store.slug,
        storeId: store.id,
        before: pauseJson(before),
        after: pauseJson(after),
      });
    },
    IDEMPOTENT,
  );
  return getStore(db, storeSlug);
}

export async function resumeOrdering(db: Kysely<DB>, actor: StaffActor, storeSlug: string): Promise<Store> {
  const store = await storeFor(db, actor, storeSlug, 'store.pause');
  await write(
    db,
    async (trx) => {
      const before = await lockPauseState(trx, store.id);
      const after = { paused: false, pausedUntil: null };
      await setPauseState(trx, store.id, after);
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'store.resume',
        entity: 'store',
        entityId: store.slug,
        storeId: store.id,
        before: pauseJson(before),
        after: pauseJson(after),
      });
    },
    IDEMPOTENT,
  );
  return getStore(db, storeSlug);
}

function pauseJson(state: { paused: boolean; pausedUntil: Date | null }) {
  return { paused: state.paused, pausedUntil: state.pausedUntil?.toISOString() ?? null };
}

/** Replaces the week's opening hours after validating every day. */
export async function setWeekHours(
  db: Kysely<DB>,
  actor: StaffActor,
  storeSlug: string,
  days: readonly DayInput[],
): Promise<{ store: Store; hours: OpeningHours[] }> {
  const store = await storeFor(db, actor, storeSlug, 'store.hours');
  const result = validateWeekHours(days);
  if (!result.ok) throw new ValidationError(result.fields, 'Please check the opening hours.');
  await write(
    db,
    async (trx) => {
      const before = await replaceWeekHours(trx, store.id, result.hours);
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'store.hours',
        entity: 'store',
        entityId: store.slug,
        storeId: store.id,
        before,
        after: result.hours,
      });
    },
    IDEMPOTENT,
  );
  return { store: await getStore(db, storeSlug), hours: result.hours };
}
