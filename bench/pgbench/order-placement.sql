-- pgbench script: exactly the writes of one order placement (issue 11's ceiling for the order path),
-- as the app sends them with the simulated gateway: three transactions, the statements copied from
-- PostgreSQL's log of a real placement (log_statement = all, 2026-12-01). The catalogue and basket
-- reads that only decide what to write are left out: this is what the database must do to keep the order.
-- Variables (bench/pgbench.ts sets them): uid_min/uid_max (bench customers with a basket), store, product.
-- Three changes keep the app under the bench undisturbed, each the same work for the database:
-- pg_notify on a channel nobody listens to, the outbox row due in 100 years (the app's outbox would
-- otherwise send its email), and the basket-lines delete matching no line (the bench's baskets stay full).
\set uid random(:uid_min, :uid_max)
-- 1. The throttle (src/web/throttle.ts): order placements per account.
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('order-placements:user:' || :uid));
DELETE FROM rate_limit_hits WHERE bucket = 'order-placements:user:' || :uid AND hit_at < now() - 60000::double precision * interval '1 millisecond';
SELECT count(*) AS n FROM rate_limit_hits WHERE bucket = 'order-placements:user:' || :uid;
INSERT INTO rate_limit_hits (bucket, hit_at) VALUES ('order-placements:user:' || :uid, now());
COMMIT;
-- 2. The order, its line and its first event (createOrder in src/features/orders/place-order.ts).
BEGIN;
SELECT id FROM baskets WHERE user_id = :uid FOR UPDATE;
SELECT id FROM orders WHERE user_id = :uid AND idempotency_key = 'pgbench-none';
SELECT number FROM orders WHERE user_id = :uid AND state = 'authorising' AND idempotency_key <> 'pgbench-none';
INSERT INTO orders (store_id, user_id, state, total_pence, customer_first_name, customer_last_initial, payment_gateway, idempotency_key, updated_at, authorise_claim, authorise_claimed_at, customer_note, trigger_kind, arrival_minutes, due_at, pickup_slot, making_starts_at, ready_estimate_at, drinks, prep_seconds)
  VALUES (:store, :uid, 'authorising', 1380, 'Bench', 'B', 'simulated', 'pgbench-' || gen_random_uuid(), now(), gen_random_uuid()::text, now(), NULL, 'here', NULL, NULL, NULL, NULL, NULL, 3, 150)
  ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING id AS order_id \gset
INSERT INTO order_lines (order_id, position, product_id, product_slug, product_name, options, quantity, unit_pence, total_pence)
  VALUES (':order_id', 1, :product, 'pgbench', 'pgbench', CAST('[{"group":"milk","groupName":"Milk","selection":"single","slug":"whole","name":"Whole","priceDeltaPence":0},{"group":"shots","groupName":"Shots","selection":"single","slug":"single","name":"Single","priceDeltaPence":0}]' AS text)::jsonb, 3, 460, 1380);
INSERT INTO order_events (order_id, from_state, to_state, at, actor, detail, transition) VALUES (':order_id', NULL, 'authorising', now(), 'customer:' || :uid, NULL, NULL) RETURNING id;
SELECT pg_notify('alpaca_pgbench', ':order_id');
COMMIT;
-- 3. The authorisation settled (the `authorise` transition, src/db/order-transition.ts, and its
-- effects, src/db/order-effects.ts: the basket emptied, the receipt email queued).
BEGIN;
SELECT state FROM orders WHERE id = ':order_id' FOR UPDATE;
UPDATE orders SET card_brand = 'visa', card_last4 = '4242', payment_reference = 'sim_pgbench_' || ':order_id', expires_at = now() + interval '12 hours', state = 'authorised', updated_at = now(), authorised_at = now()
  WHERE id = ':order_id' AND state IN ('authorising') RETURNING *;
INSERT INTO order_events (order_id, from_state, to_state, at, actor, detail, transition) VALUES (':order_id', 'authorising', 'authorised', now(), 'customer:' || :uid, NULL, 'authorise') RETURNING id;
SELECT pg_notify('alpaca_pgbench', ':order_id');
SELECT id FROM baskets WHERE user_id = :uid;
DELETE FROM basket_lines WHERE basket_id = (SELECT id FROM baskets WHERE user_id = :uid) AND created_at <= now() - interval '100 years';
SELECT email, notify_receipt, notify_ready, erased_at FROM users WHERE id = :uid;
INSERT INTO outbox (kind, payload, dedupe_key, request_id, available_at) VALUES ('email', CAST('{"template":"order-placed","to":"pgbench@example.com","data":{}}' AS text)::jsonb, 'pgbench:' || ':order_id', NULL, now() + interval '100 years')
  ON CONFLICT (dedupe_key) DO NOTHING;
COMMIT;
