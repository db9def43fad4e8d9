-- The audit trail sequenced after commit (anchor: Trillian's sequencer; Certificate Transparency's
-- maximum merge delay). A change's own transaction inserts its audit rows here, with no shared
-- row to wait on, so audited commits no longer run one after another; a rolled-back change leaves
-- no row. One sealer per cluster (the 'audit-sealer' lease, plus an advisory lock per seal
-- transaction) moves committed rows, oldest id first, into their day's chain in audit_log under the
-- day's head in audit_days, computing seq and hash then; the chain order is the seal order.
-- audit_log, audit_days and their triggers are unchanged: existing chains go on from their heads.
--
-- audit_append (V4) stays for old nodes during a rolling upgrade: it still chains under the head
-- row lock, and the sealer locks the same head, so both kinds of writer keep one unforked chain.
-- A later migration drops it once no node of the older version is left.

CREATE TABLE audit_pending (
  id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- the seal order among committed rows
  day         date        NOT NULL,              -- as audit_log: the Asia/Shanghai date of at
  at          timestamptz NOT NULL,
  actor_id    text        NOT NULL,
  actor_role  text        NOT NULL,
  actor_unit  text,
  action      text        NOT NULL,
  subject     text,
  case_id     uuid,
  purpose     text,
  detail      jsonb       NOT NULL
);
-- A queue: every row is deleted within about a sealing interval of its insert. Vacuumed after every
-- 5,000 dead rows whatever the table's size, unthrottled (a small table), so the sealer's ordered scan and
-- the nodes' backlog samples do not wade through dead rows.
ALTER TABLE audit_pending SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                               autovacuum_vacuum_cost_delay = 0);
-- the oldest unsealed row (the merge delay gauge, the verifier's overdue count)
CREATE INDEX audit_pending_at_idx ON audit_pending (at);

-- Rows are inserted, and deleted only by the sealer as it seals them (the transaction that copies
-- them into audit_log sets onego.audit_seal). No UPDATE, no TRUNCATE.
CREATE FUNCTION audit_pending_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('onego.audit_seal', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_pending rows change only by sealing: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_pending_seal_only BEFORE UPDATE OR DELETE ON audit_pending
  FOR EACH ROW EXECUTE FUNCTION audit_pending_refuse_change();
CREATE TRIGGER audit_pending_no_truncate BEFORE TRUNCATE ON audit_pending
  FOR EACH STATEMENT EXECUTE FUNCTION audit_pending_refuse_change();

COMMENT ON FUNCTION audit_append(jsonb) IS
  'V4 writer kept for nodes of the older version during a rolling upgrade; new nodes insert into audit_pending and the sealer chains.';
