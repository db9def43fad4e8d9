-- Cases, their items, the append-only progress log (the transactional outbox) and idempotency keys.

CREATE TABLE cases (
  case_id        uuid PRIMARY KEY,
  thing          text        NOT NULL,
  status         text        NOT NULL,
  channel        text        NOT NULL,
  submitted_by   text        NOT NULL,            -- the caller (API key name or JWT principal)
  applicant_id   text        NOT NULL,            -- resident ID number or credit code
  applicant_phone text,
  applicant      jsonb       NOT NULL,
  form           jsonb       NOT NULL,
  materials      jsonb       NOT NULL,
  commitments    jsonb       NOT NULL,
  delivery       jsonb       NOT NULL,
  last_seq       integer     NOT NULL,            -- seq of the newest event of this case
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX cases_applicant_idx ON cases (applicant_id, created_at DESC);
CREATE INDEX cases_phone_idx ON cases (applicant_phone, created_at DESC) WHERE applicant_phone IS NOT NULL;

CREATE TABLE case_items (
  item_id     uuid PRIMARY KEY,
  case_id     uuid        NOT NULL REFERENCES cases (case_id),
  position    integer     NOT NULL,
  code        text        NOT NULL,
  name        text        NOT NULL,
  department  text        NOT NULL,
  status      text        NOT NULL,
  depends_on  text[]      NOT NULL,               -- item codes of this case it waits for
  due_at      timestamptz NOT NULL,
  result      jsonb,
  updated_at  timestamptz NOT NULL,
  UNIQUE (case_id, position)
);
CREATE INDEX case_items_case_idx ON case_items (case_id);
-- The router claims ready work per department; only QUEUED items are in this index.
CREATE INDEX case_items_queued_idx ON case_items (department, updated_at) WHERE status = 'QUEUED';
-- The deadline watcher scans unfinished items by due date.
CREATE INDEX case_items_due_idx ON case_items (due_at)
  WHERE status NOT IN ('COMPLETED', 'REJECTED', 'CANCELLED');

CREATE TABLE case_events (
  case_id  uuid        NOT NULL REFERENCES cases (case_id),
  seq      integer     NOT NULL,                  -- 1, 2, 3, ... per case, gap-free
  type     text        NOT NULL,
  item_id  uuid,
  status   text,
  at       timestamptz NOT NULL,
  data     jsonb       NOT NULL,
  PRIMARY KEY (case_id, seq)
);

CREATE TABLE idempotency_keys (
  caller        text        NOT NULL,
  key           text        NOT NULL,
  request_hash  text        NOT NULL,             -- SHA-256 of the canonical request body
  case_id       uuid        NOT NULL,
  status_code   integer     NOT NULL,
  response      json        NOT NULL,             -- json, not jsonb: a replay answers the very same bytes
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
