-- 好差评 per item and complaints through their whole life (issue 17 item 5; API.md "Cases" rating,
-- "Supervision" complaints, "12345 hotline" urge).

-- One rating per item, booked to that item's department only (from ACCEPTED on).
CREATE TABLE item_ratings (
  item_id     uuid PRIMARY KEY REFERENCES case_items (item_id),   -- once per item
  case_id     uuid        NOT NULL REFERENCES cases (case_id),
  department  text        NOT NULL,
  score       smallint    NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment     text,
  rated_by    text        NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX item_ratings_department_idx ON item_ratings (department, created_at);

-- A case rating rates the whole case and the channel that took it.
ALTER TABLE ratings ADD COLUMN channel text;
UPDATE ratings r SET channel = c.channel FROM cases c WHERE c.case_id = r.case_id;

-- Complaints: opened by a low rating (of an item or a case) or filed (hotline, admin, channel), with or
-- without a case; assigned to one department; OPEN → ANSWERED → CONFIRMED | OPEN (reopened) → CLOSED.
ALTER TABLE complaints DROP CONSTRAINT complaints_case_id_key;
ALTER TABLE complaints
  ALTER COLUMN case_id DROP NOT NULL,
  ALTER COLUMN score DROP NOT NULL,
  ALTER COLUMN departments DROP NOT NULL,
  ADD COLUMN kind           text NOT NULL DEFAULT 'complaint' CHECK (kind IN ('complaint', 'report', 'cannot-get-it-done')),
  ADD COLUMN source         text NOT NULL DEFAULT 'case-rating' CHECK (source IN ('case-rating', 'item-rating', 'filed')),
  ADD COLUMN item_id        uuid,
  ADD COLUMN department     text,
  ADD COLUMN channel        text,                 -- a case rating's complaint: the channel whose service hall answers
  ADD COLUMN contact        jsonb,                -- personal data: {name, phone}; masked on every staff path
  ADD COLUMN filed_by       text,                 -- who filed it (API key name or JWT principal); never shown for a report
  ADD COLUMN due_at         timestamptz,          -- rectification deadline: supervision.complaintDays working days
  ADD COLUMN answered_at    timestamptz,
  ADD COLUMN rectification  text,
  ADD COLUMN reply          text,
  ADD COLUMN reopened       integer NOT NULL DEFAULT 0,
  ADD COLUMN overdue_at     timestamptz,          -- set once, by the deadline watcher, when OPEN past due_at
  ADD COLUMN updated_at     timestamptz;

-- Complaints of the one-per-case rating before this migration named every department of the case;
-- the contract assigns them to the channel's service hall (市行政审批服务局, supervision.hallDepartment's
-- default), due seven calendar days after they were opened (the calendar is not known here).
UPDATE complaints p SET department = 'administrative-approval', channel = c.channel, due_at = p.created_at + interval '7 days',
    updated_at = p.created_at
  FROM cases c WHERE c.case_id = p.case_id;
ALTER TABLE complaints
  ALTER COLUMN department SET NOT NULL,
  ALTER COLUMN due_at SET NOT NULL,
  ALTER COLUMN updated_at SET NOT NULL,
  ADD CONSTRAINT complaints_status_check CHECK (status IN ('OPEN', 'ANSWERED', 'CONFIRMED', 'CLOSED'));
-- A low item rating opens one complaint per item.
CREATE UNIQUE INDEX complaints_item_rating_idx ON complaints (item_id) WHERE source = 'item-rating';
CREATE INDEX complaints_department_idx ON complaints (department, created_at);
CREATE INDEX complaints_case_idx ON complaints (case_id) WHERE case_id IS NOT NULL;
DROP INDEX complaints_open_idx;
-- The deadline watcher marks unanswered complaints past their deadline, once.
CREATE INDEX complaints_overdue_idx ON complaints (due_at) WHERE status = 'OPEN' AND overdue_at IS NULL;

-- 催办 from the hotline, one row per item urged (counted per department in /stats).
CREATE TABLE urges (
  urge_id     uuid PRIMARY KEY,
  case_id     uuid        NOT NULL REFERENCES cases (case_id),
  item_id     uuid        NOT NULL REFERENCES case_items (item_id),
  department  text        NOT NULL,
  note        text,
  urged_by    text        NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX urges_department_idx ON urges (department, created_at);
