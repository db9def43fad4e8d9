-- 跨省通办 between platforms (federation): items this platform handed to a peer province's platform,
-- handoffs peers filed here, and the status reports owed back to them (a durable outbox).

-- Origin side: one row per item handed to a peer, written when the peer accepted the handoff (2xx).
-- handoff_id is stable per item (the webhook-id of every attempt); last_seq is the newest status
-- report applied (older or repeated reports change nothing).
CREATE TABLE federation_handoffs_out (
  item_id       uuid PRIMARY KEY REFERENCES case_items (item_id),
  case_id       uuid        NOT NULL REFERENCES cases (case_id),
  handoff_id    text        NOT NULL UNIQUE,
  peer          text        NOT NULL,               -- the peer's 2-digit province code
  peer_case_id  text        NOT NULL,               -- the case the peer filed
  last_seq      integer     NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);
CREATE INDEX federation_handoffs_out_case_idx ON federation_handoffs_out (case_id);

-- Receiving side: one row per handoff filed here, in the transaction that filed its case;
-- UNIQUE handoff_id is what makes a handoff filed once, whatever replays and retries.
CREATE TABLE federation_handoffs_in (
  handoff_id    text PRIMARY KEY,
  origin        text        NOT NULL,               -- the origin platform's 2-digit province code
  case_id       uuid        NOT NULL UNIQUE REFERENCES cases (case_id) DEFERRABLE INITIALLY DEFERRED, -- recorded before the case row in its transaction
  request_hash  text        NOT NULL,               -- SHA-256 of the canonical filing (same id, other body: refused)
  response      json        NOT NULL,               -- the 201 body, answered again to a replay
  created_at    timestamptz NOT NULL
);

-- Receiving side outbox: every status change of a handed-in case's items, in case seq order,
-- written by the trigger below in the same transaction as the event itself (never lost).
CREATE TABLE federation_reports (
  handoff_id      text        NOT NULL REFERENCES federation_handoffs_in (handoff_id),
  seq             integer     NOT NULL,             -- the case event's seq: increasing per handoff
  status          text        NOT NULL,
  data            jsonb       NOT NULL,             -- the event's data (note, result, missing, suspension)
  created_at      timestamptz NOT NULL,
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  lease_until     timestamptz,
  sent_at         timestamptz,                      -- delivered (2xx) or refused for good (4xx): done
  outcome         text,
  last_error      text,
  PRIMARY KEY (handoff_id, seq)
);
CREATE INDEX federation_reports_pending_idx ON federation_reports (created_at) WHERE sent_at IS NULL;

CREATE FUNCTION federation_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.item_id IS NOT NULL AND NEW.type IN ('ItemStatusChanged', 'ItemSuspended', 'ItemResumed') THEN
    INSERT INTO federation_reports (handoff_id, seq, status, data, created_at)
    SELECT h.handoff_id, NEW.seq, NEW.status, NEW.data, NEW.at FROM federation_handoffs_in h WHERE h.case_id = NEW.case_id
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER case_events_federation_report AFTER INSERT ON case_events
  FOR EACH ROW EXECUTE FUNCTION federation_report();
