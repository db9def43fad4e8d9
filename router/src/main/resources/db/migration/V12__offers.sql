-- 免申即享 / 政策找人: offers made by the catalog's eligibility rules (offers.yaml) from shared data.
-- One offer per (rule, subject, period), enforced here: sweeps on several nodes, restarts and reruns
-- insert with ON CONFLICT DO NOTHING, so a second attempt makes nothing.
CREATE TABLE offers (
  offer_id    uuid        PRIMARY KEY,
  rule        text        NOT NULL,
  subject     text        NOT NULL,             -- resident ID number or unified social credit code (canonical, upper case)
  subject_kind text       NOT NULL CHECK (subject_kind IN ('person', 'enterprise')),
  period      text        NOT NULL,             -- 'once' or a year ('2026')
  thing       text        NOT NULL,
  items       text[]      NOT NULL,
  state       text        NOT NULL DEFAULT 'OFFERED' CHECK (state IN ('OFFERED', 'CONFIRMED', 'DECLINED', 'EXPIRED')),
  facts       jsonb       NOT NULL,             -- {fact: {value, source}} the rule read when it made the offer
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  decided_at  timestamptz,
  case_id     uuid        REFERENCES cases (case_id),
  answer      jsonb,                            -- the confirmation's 201 body (a later confirm answers it again)
  CONSTRAINT offers_once UNIQUE (rule, subject, period),
  CONSTRAINT offers_case_when_confirmed CHECK ((state = 'CONFIRMED') = (case_id IS NOT NULL AND answer IS NOT NULL))
);
CREATE INDEX offers_subject_idx ON offers (subject, created_at DESC);
CREATE INDEX offers_open_expiry_idx ON offers (expires_at) WHERE state = 'OFFERED';
