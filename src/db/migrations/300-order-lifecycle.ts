// Frozen: never edit a migration that has shipped; add a new one.
// The order lifecycle of DESIGN.md §2 (decisions 300-302):
// - the states: `payment_failed` splits into `declined` (the hold was refused: an attempt) and
//   `needs_payment` (the capture was refused: payable again); `refunded` is new;
// - the trigger that starts making (here / on my way / pickup time) and when it fires;
// - refunds as rows whose sum the database keeps on the order and never lets exceed the capture;
// - which transition wrote each event.
// The rename is done at once, not widened first: an instance still on the old code that fails a
// payment during a rolling deploy has its write refused, and the sweeper settles that order.
import { sql, type Kysely } from 'kysely';

const STATES = `'authorising', 'declined', 'authorised', 'capturing', 'needs_payment', 'paid', 'ready', 'completed', 'expired', 'cancelled', 'refunded'`;
const OLD_STATES = `'authorising', 'authorised', 'capturing', 'paid', 'ready', 'completed', 'payment_failed', 'expired', 'cancelled'`;

const statements = [
  `ALTER TABLE orders DROP CONSTRAINT orders_state_check`,
  `ALTER TABLE order_events DROP CONSTRAINT order_events_from_state_check`,
  `ALTER TABLE order_events DROP CONSTRAINT order_events_to_state_check`,
  // A capture is refused only after check-in (which stamps checked_in_at, and records a
  // capturing → payment_failed event); a refused hold never got that far.
  `UPDATE orders SET state = 'needs_payment', closed_at = NULL
     WHERE state = 'payment_failed' AND (checked_in_at IS NOT NULL OR EXISTS (
       SELECT 1 FROM order_events e WHERE e.order_id = orders.id AND e.from_state = 'capturing' AND e.to_state = 'payment_failed'))`,
  `UPDATE orders SET state = 'declined' WHERE state = 'payment_failed'`,
  `UPDATE order_events SET to_state = CASE WHEN from_state = 'capturing' THEN 'needs_payment' ELSE 'declined' END
     WHERE to_state = 'payment_failed'`,
  // payment_failed was final, so no event left it; map one anyway rather than fail the migration.
  `UPDATE order_events SET from_state = CASE WHEN to_state = 'needs_payment' THEN 'needs_payment' ELSE 'declined' END
     WHERE from_state = 'payment_failed'`,
  `ALTER TABLE orders ADD CONSTRAINT orders_state_check CHECK (state IN (${STATES}))`,
  `ALTER TABLE order_events ADD CONSTRAINT order_events_from_state_check CHECK (from_state IN (${STATES}))`,
  `ALTER TABLE order_events ADD CONSTRAINT order_events_to_state_check CHECK (to_state IN (${STATES}))`,

  // Which transition wrote the event (collect and close_uncollected both end "completed").
  `ALTER TABLE order_events ADD COLUMN transition text CHECK (transition ~ '^[a-z_]{1,40}$')`,

  // When making starts. "here": the customer's tap; "on_my_way": due_at = chosen at + arrival
  // minutes; "pickup": a 5-minute slot. making_starts_at is when the scheduler charges it.
  `ALTER TABLE orders
     ADD COLUMN trigger_kind text NOT NULL DEFAULT 'here' CHECK (trigger_kind IN ('here', 'on_my_way', 'pickup')),
     ADD COLUMN arrival_minutes integer CHECK (arrival_minutes BETWEEN 1 AND 180),
     ADD COLUMN due_at timestamptz,
     ADD COLUMN pickup_slot timestamptz CHECK (mod(extract(epoch FROM pickup_slot), 300) = 0),
     ADD COLUMN making_starts_at timestamptz`,
  `ALTER TABLE orders ADD CONSTRAINT orders_trigger_shape CHECK (
     (trigger_kind = 'here' AND arrival_minutes IS NULL AND due_at IS NULL AND pickup_slot IS NULL AND making_starts_at IS NULL)
     OR (trigger_kind = 'on_my_way' AND arrival_minutes IS NOT NULL AND due_at IS NOT NULL AND pickup_slot IS NULL)
     OR (trigger_kind = 'pickup' AND pickup_slot IS NOT NULL AND arrival_minutes IS NULL AND due_at IS NULL))`,
  // The scheduler looks only at held orders with a moment set.
  `CREATE INDEX orders_making_starts_idx ON orders (making_starts_at) WHERE state = 'authorised' AND making_starts_at IS NOT NULL`,

  // What was charged, how, and how much of it has been given back (the refunds' sum, kept by
  // the trigger below). The CHECK is what makes over-refunding impossible, whoever writes.
  `ALTER TABLE orders
     ADD COLUMN captured_pence integer NOT NULL DEFAULT 0,
     ADD COLUMN refunded_pence integer NOT NULL DEFAULT 0,
     ADD COLUMN paid_with text CHECK (paid_with IN ('card', 'till'))`,
  `UPDATE orders SET captured_pence = total_pence, paid_with = 'card' WHERE state IN ('paid', 'ready', 'completed')`,
  `ALTER TABLE orders ADD CONSTRAINT orders_captured_within_total CHECK (captured_pence BETWEEN 0 AND total_pence)`,
  `ALTER TABLE orders ADD CONSTRAINT orders_refunds_within_capture CHECK (refunded_pence BETWEEN 0 AND captured_pence)`,

  `CREATE TABLE refunds (
     id bigserial PRIMARY KEY,
     order_id uuid NOT NULL REFERENCES orders(id),
     amount_pence integer NOT NULL CHECK (amount_pence > 0),
     -- [{position, quantity}]: the order lines given back, if the refund is for lines
     lines jsonb NOT NULL DEFAULT '[]',
     reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
     -- 'staff:<id>', 'system', 'stripe'
     actor text NOT NULL CHECK (length(actor) BETWEEN 1 AND 100),
     -- a card refund goes through the gateway; a till-paid order is refunded in cash
     method text NOT NULL CHECK (method IN ('gateway', 'cash')),
     -- pending: the amount is reserved while the gateway is asked (claim → call → settle)
     status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
     gateway_reference text,
     failure text,
     idempotency_key text NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 255),
     created_at timestamptz NOT NULL DEFAULT now(),
     settled_at timestamptz
   )`,
  `CREATE INDEX refunds_order_idx ON refunds (order_id, id)`,
  // Every refund not failed counts against the capture. Updating the order row takes its row
  // lock, so two refunds of one order queue up, and the second sees the first's sum: the CHECK
  // above then refuses whatever would exceed the capture (decision 301).
  `CREATE FUNCTION refunds_keep_sum() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP = 'DELETE' THEN
       RAISE EXCEPTION 'refunds are never deleted';
     END IF;
     IF TG_OP = 'INSERT' THEN
       IF NEW.status <> 'pending' AND NEW.status <> 'succeeded' THEN
         RAISE EXCEPTION 'a refund starts pending or succeeded';
       END IF;
       UPDATE orders SET refunded_pence = refunded_pence + NEW.amount_pence WHERE id = NEW.order_id;
       RETURN NEW;
     END IF;
     IF NEW.order_id <> OLD.order_id OR NEW.amount_pence <> OLD.amount_pence OR NEW.lines <> OLD.lines
        OR NEW.method <> OLD.method OR NEW.idempotency_key <> OLD.idempotency_key OR NEW.actor <> OLD.actor
        OR NEW.reason <> OLD.reason OR NEW.created_at <> OLD.created_at THEN
       RAISE EXCEPTION 'a refund''s amount, lines and origin are immutable';
     END IF;
     IF NEW.status <> OLD.status AND OLD.status <> 'pending' THEN
       RAISE EXCEPTION 'a settled refund stays settled';
     END IF;
     IF NEW.status = 'failed' AND OLD.status <> 'failed' THEN
       UPDATE orders SET refunded_pence = refunded_pence - OLD.amount_pence WHERE id = OLD.order_id;
     END IF;
     RETURN NEW;
   END $$`,
  `CREATE TRIGGER refunds_keep_sum BEFORE INSERT OR UPDATE OR DELETE ON refunds
     FOR EACH ROW EXECUTE FUNCTION refunds_keep_sum()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    'DROP TABLE IF EXISTS refunds',
    'DROP FUNCTION IF EXISTS refunds_keep_sum()',
    'DROP INDEX IF EXISTS orders_making_starts_idx',
    `ALTER TABLE orders DROP CONSTRAINT orders_refunds_within_capture, DROP CONSTRAINT orders_captured_within_total,
       DROP CONSTRAINT orders_trigger_shape, DROP CONSTRAINT orders_state_check,
       DROP COLUMN captured_pence, DROP COLUMN refunded_pence, DROP COLUMN paid_with, DROP COLUMN trigger_kind,
       DROP COLUMN arrival_minutes, DROP COLUMN due_at, DROP COLUMN pickup_slot, DROP COLUMN making_starts_at`,
    `ALTER TABLE order_events DROP CONSTRAINT order_events_from_state_check, DROP CONSTRAINT order_events_to_state_check,
       DROP COLUMN transition`,
    // Both new failure states fold back into the old one; refunded orders read as completed.
    `UPDATE orders SET state = CASE WHEN state = 'refunded' THEN 'completed' ELSE 'payment_failed' END
       WHERE state IN ('declined', 'needs_payment', 'refunded')`,
    `UPDATE order_events SET to_state = CASE WHEN to_state = 'refunded' THEN 'completed' ELSE 'payment_failed' END
       WHERE to_state IN ('declined', 'needs_payment', 'refunded')`,
    `UPDATE order_events SET from_state = CASE WHEN from_state = 'refunded' THEN 'completed' ELSE 'payment_failed' END
       WHERE from_state IN ('declined', 'needs_payment', 'refunded')`,
    `ALTER TABLE orders ADD CONSTRAINT orders_state_check CHECK (state IN (${OLD_STATES}))`,
    `ALTER TABLE order_events ADD CONSTRAINT order_events_from_state_check CHECK (from_state IN (${OLD_STATES}))`,
    `ALTER TABLE order_events ADD CONSTRAINT order_events_to_state_check CHECK (to_state IN (${OLD_STATES}))`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}
