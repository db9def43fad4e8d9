-- 好差评: one rating per case, and the complaints low ratings open for follow-up.

CREATE TABLE ratings (
  case_id      uuid PRIMARY KEY REFERENCES cases (case_id),   -- once per case
  score        smallint    NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment      text,
  rated_by     text        NOT NULL,                          -- the caller (API key name, JWT principal)
  departments  text[]      NOT NULL,                          -- every department with an item in the case
  created_at   timestamptz NOT NULL
);
-- Rating averages per department unnest departments; the table is one row per rated case.

CREATE TABLE complaints (
  complaint_id uuid PRIMARY KEY,
  case_id      uuid        NOT NULL UNIQUE REFERENCES cases (case_id),
  score        smallint    NOT NULL,
  comment      text,
  departments  text[]      NOT NULL,
  status       text        NOT NULL,                          -- OPEN until followed up
  created_at   timestamptz NOT NULL
);
CREATE INDEX complaints_open_idx ON complaints (created_at) WHERE status = 'OPEN';
