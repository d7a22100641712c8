// Writing a side effect to the outbox, inside the caller's transaction, so the
// effect is recorded if and only if the state change commits.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { jsonb } from '../db/jsonb.js';
import { currentRequestId } from '../web/request-id.js';

export type EmailTemplate =
  | 'order-placed'
  | 'payment-receipt'
  | 'payment-failed'
  | 'order-ready'
  | 'order-expired'
  | 'order-cancelled'
  | 'order-refunded'
  | 'order-not-started'
  | 'password-reset'
  | AccountEmailTemplate;

/** The account's own emails (issue 14): confirm an address, confirm a new one, tell the old one. */
export type AccountEmailTemplate = 'verify-email' | 'confirm-new-email' | 'email-change-notice' | 'login-throttled';

export type OutboxMessage =
  /** An email; order emails carry { orderId } (a refund's also { refundId }), password reset carries { resetUrl, firstName }. */
  | { kind: 'email'; template: EmailTemplate; to: string; data: Record<string, unknown> }
  /** The printer ticket for a paid order, published to the store's MQTT topic (or the in-app feed). */
  | { kind: 'ticket'; orderId: string; reprint?: true }
  /** Release a card hold: the one named (its reference and attempt number, decision 317). */
  | { kind: 'payment-void'; orderId: string; reference: string; attempt: number };

export type OutboxKind = OutboxMessage['kind'];

/**
 * Adds a message to the outbox. `dedupeKey` makes the enqueue idempotent
 * (a retried transition enqueues nothing new), e.g. `ticket:<orderId>`.
 */
export async function enqueue(db: Kysely<DB>, message: OutboxMessage, dedupeKey?: string): Promise<void> {
  const { kind, ...payload } = message;
  await db
    .insertInto('outbox')
    .values({ kind, payload: jsonb(payload), dedupe_key: dedupeKey ?? null, request_id: currentRequestId() })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}
