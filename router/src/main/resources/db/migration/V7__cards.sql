-- Cards as records (issue 17 item 2; contract "Supervision", Cards: 红黄牌, 个案追查和责任追究).
-- A card is raised once per cause (the unique `cause`: e.g. 'deadline:red:<itemId>',
-- 'waiver:<caseId>:<material>'), explained by its department and closed by admin with a verdict.
CREATE TABLE cards (
  card_id      uuid PRIMARY KEY,
  cause        text        NOT NULL UNIQUE,
  level        text        NOT NULL CHECK (level IN ('yellow', 'red')),
  kind         text        NOT NULL CHECK (kind IN ('deadline', 'complaint', 'verification', 'waiver')),
  case_id      uuid        REFERENCES cases (case_id),
  item_id      uuid,
  department   text        NOT NULL,
  raised_at    timestamptz NOT NULL,
  state        text        NOT NULL CHECK (state IN ('OPEN', 'EXPLAINED', 'CLOSED')),
  explanation  jsonb,                                 -- {reason, responsiblePerson, measures, explainedAt}
  verdict      text        CHECK (verdict IN ('upheld', 'withdrawn')),
  note         text,
  closed_at    timestamptz,
  closed_by    text
);
CREATE INDEX cards_department_idx ON cards (department, raised_at DESC);
CREATE INDEX cards_open_idx ON cards (raised_at DESC) WHERE state <> 'CLOSED';

-- The deadline cards raised before this migration (the item's yellow_at / red_at columns).
INSERT INTO cards (card_id, cause, level, kind, case_id, item_id, department, raised_at, state)
SELECT md5('deadline:yellow:' || item_id)::uuid, 'deadline:yellow:' || item_id, 'yellow', 'deadline', case_id, item_id, department, yellow_at, 'OPEN'
  FROM case_items WHERE yellow_at IS NOT NULL;
INSERT INTO cards (card_id, cause, level, kind, case_id, item_id, department, raised_at, state)
SELECT md5('deadline:red:' || item_id)::uuid, 'deadline:red:' || item_id, 'red', 'deadline', case_id, item_id, department, red_at, 'OPEN'
  FROM case_items WHERE red_at IS NOT NULL;
