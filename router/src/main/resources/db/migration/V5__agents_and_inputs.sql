-- 帮办代办 / 委托代理: who filed for the applicant, and the proofs of prerequisites held elsewhere;
-- 一次联办: the outputs of earlier items a released item receives.

ALTER TABLE cases
  ADD COLUMN agent          jsonb,                       -- {name, idNumber, phone, relation, authorization} or NULL
  ADD COLUMN agent_id       text,                        -- the agent's resident ID number (canonical), for the agent's own token
  ADD COLUMN prerequisites  jsonb NOT NULL DEFAULT '[]'; -- [{item, ecertRef | sharedData, ...}] verified at intake
CREATE INDEX cases_agent_idx ON cases (agent_id, created_at DESC) WHERE agent_id IS NOT NULL;

ALTER TABLE case_items
  ADD COLUMN inputs jsonb;                               -- {values: {...}, certificates: [...]} resolved when the item is released
