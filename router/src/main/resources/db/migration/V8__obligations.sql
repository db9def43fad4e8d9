-- 容缺 and 告知承诺 follow-up (issue 17 items 3 and 4; contract "Supervision"). One row per case, kind and
-- material, written with the case (CaseLog.create) and changed only under the case's lock:
--   kind 'waiver':     a material accepted at intake without being supplied (容缺); state OWED → SUPPLIED
--                      (handed in) or OVERDUE (past due_at: event MaterialOverdue, one 'waiver' card) → SUPPLIED;
--   kind 'commitment': a material replaced by a commitment (告知承诺); state PENDING → CONFIRMED or FALSE
--                      (the department's after-check); past due_at unverified: one 'verification' card (carded_at).
CREATE TABLE obligations (
  case_id     uuid        NOT NULL REFERENCES cases (case_id),
  kind        text        NOT NULL CHECK (kind IN ('waiver', 'commitment')),
  material    text        NOT NULL,
  items       text[]      NOT NULL,                -- codes of the case's items that need it
  due_at      timestamptz NOT NULL,
  state       text        NOT NULL CHECK (state IN ('OWED', 'SUPPLIED', 'OVERDUE', 'PENDING', 'CONFIRMED', 'FALSE')),
  settled_at  timestamptz,                         -- supplied or verified
  settled_by  text,                                -- the actor (as the audit trail names it)
  note        text,                                -- the department's note of its after-check
  carded_at   timestamptz,                         -- when its overdue card was raised
  PRIMARY KEY (case_id, kind, material)
);
-- The watcher scans what is still open by due date.
CREATE INDEX obligations_open_idx ON obligations (due_at) WHERE state IN ('OWED', 'PENDING') AND carded_at IS NULL;
