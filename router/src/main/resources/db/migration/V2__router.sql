-- Dispatch state per item, delivery attempts, department status-callback idempotency,
-- result delivery (一次送达), deadline cards and cluster-wide leases.

ALTER TABLE case_items
  ADD COLUMN delivery_id     uuid,                       -- webhook-id: the same on every retry of one dispatch
  ADD COLUMN attempts        integer NOT NULL DEFAULT 0, -- delivery attempts of the current dispatch
  ADD COLUMN next_attempt_at timestamptz,                -- not claimable before (retry backoff)
  ADD COLUMN lease_id        uuid,                       -- a router or a pulling department holds the item
  ADD COLUMN lease_until     timestamptz,                -- the lease is void after this
  ADD COLUMN cancel_pending  boolean NOT NULL DEFAULT false, -- the department must still be told of a withdrawal
  ADD COLUMN last_error      text,
  ADD COLUMN failed_at       timestamptz,
  ADD COLUMN note            text,
  ADD COLUMN yellow_at       timestamptz,                -- ItemDueSoon raised
  ADD COLUMN red_at          timestamptz;                -- ItemOverdue raised

DROP INDEX case_items_queued_idx;
-- What a router or puller may claim, per department, oldest first.
CREATE INDEX case_items_claim_idx ON case_items (department, updated_at)
  WHERE status = 'QUEUED' OR cancel_pending;
CREATE INDEX case_items_dead_idx ON case_items (failed_at) WHERE status = 'DELIVERY_FAILED';

CREATE TABLE deliveries (
  delivery_id  uuid        NOT NULL,
  attempt      integer     NOT NULL,
  item_id      uuid        NOT NULL REFERENCES case_items (item_id),
  kind         text        NOT NULL,                     -- work | cancel
  started_at   timestamptz NOT NULL,
  duration_ms  integer     NOT NULL,
  http_status  integer,
  outcome      text        NOT NULL,                     -- delivered | failed
  error        text,
  PRIMARY KEY (delivery_id, attempt, kind)
);
CREATE INDEX deliveries_item_idx ON deliveries (item_id);

CREATE TABLE department_callbacks (
  department  text        NOT NULL,
  event_id    text        NOT NULL,
  item_id     uuid        NOT NULL,
  response    json        NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (department, event_id)
);

CREATE TABLE result_deliveries (
  case_id      uuid PRIMARY KEY REFERENCES cases (case_id),
  method       text        NOT NULL,
  address      text,
  certificates jsonb       NOT NULL,
  created_at   timestamptz NOT NULL
);

CREATE TABLE leases (
  name    text PRIMARY KEY,
  holder  text        NOT NULL,
  until   timestamptz NOT NULL
);
