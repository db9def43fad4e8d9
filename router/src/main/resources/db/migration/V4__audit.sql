-- The audit trail (DESIGN "Second wave"; anchor: X-Road's signed message log): one row per state
-- change of a case and per staff or channel read of personal data. Rows of one day form a hash
-- chain: hash = SHA-256(prev_hash || '\n' || day_seq || '\n' || canonical row), the first row of a
-- day chaining from 64 zeros. audit_days holds each day's head (last seq and hash), so a removed
-- tail is detected too. Rows are written only by audit_append (one call per transaction, holding
-- the day's head row locked until commit, so one day's rows chain in one total order), and removed
-- only by audit_purge (retention, whole days). Triggers refuse everything else.

CREATE TABLE audit_days (
  day        date PRIMARY KEY,                   -- Asia/Shanghai (the calendar's zone) date of the rows
  last_seq   integer NOT NULL,
  last_hash  text    NOT NULL
);

-- The key of the subject hashes (HMAC-SHA256 of ID numbers, credit codes, phones), made once here
-- from the server's strong random source (gen_random_uuid): a reader of audit rows alone cannot
-- reverse them; whoever can read this table can also read the cases, where the numbers are clear.
CREATE TABLE audit_subject_key (
  id   boolean PRIMARY KEY DEFAULT true CHECK (id),
  key  text NOT NULL
);
INSERT INTO audit_subject_key (key)
  VALUES (replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''));

CREATE TABLE audit_log (
  day         date        NOT NULL,
  day_seq     integer     NOT NULL,              -- 1, 2, 3, ... per day: the chain order
  at          timestamptz NOT NULL,
  actor_id    text        NOT NULL,              -- key:<name>, jwt:..., applicant:<hash>, system:<component>
  actor_role  text        NOT NULL,              -- channel, applicant, department, hotline, admin, system
  actor_unit  text,                              -- the channel, department or system component
  action      text        NOT NULL,              -- onego.domain.AuditAction
  subject     text,                              -- HMAC-SHA256 of the person's or company's identifier, never the identifier
  case_id     uuid,
  purpose     text,                              -- case:<id>, thing:<code>, ...
  detail      jsonb       NOT NULL,              -- no personal data: seqs, types, field names, case ids
  prev_hash   text        NOT NULL,
  hash        text        NOT NULL,
  PRIMARY KEY (day, day_seq)
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject, day) WHERE subject IS NOT NULL;
CREATE INDEX audit_log_case_idx ON audit_log (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, day);
-- Searches and case lists name the cases they returned in detail.cases.
CREATE INDEX audit_log_found_idx ON audit_log USING gin ((detail -> 'cases')) WHERE detail ? 'cases';

-- p_rows: [{day, at, actorId, actorRole, actorUnit, action, subject, caseId, purpose, detail, canonical}]
-- in the order to chain (grouped by day here, days ascending, so two callers never lock heads in
-- opposite orders). Call it last in the transaction: the head lock is held until commit.
CREATE FUNCTION audit_append(p_rows jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  r        jsonb;
  cur_day  date;
  d        date;
  seq      integer;
  prev     text;
  h        text;
BEGIN
  FOR r IN SELECT e.value FROM jsonb_array_elements(p_rows) WITH ORDINALITY AS e(value, n)
           ORDER BY (e.value ->> 'day')::date, e.n
  LOOP
    d := (r ->> 'day')::date;
    IF cur_day IS DISTINCT FROM d THEN
      IF cur_day IS NOT NULL THEN
        UPDATE audit_days SET last_seq = seq, last_hash = prev WHERE day = cur_day;
      END IF;
      -- Creates the day's head or locks it; RETURNING gives the newest committed head.
      INSERT INTO audit_days AS a (day, last_seq, last_hash) VALUES (d, 0, repeat('0', 64))
        ON CONFLICT (day) DO UPDATE SET last_seq = a.last_seq
        RETURNING a.last_seq, a.last_hash INTO seq, prev;
      cur_day := d;
    END IF;
    seq := seq + 1;
    h := encode(sha256(convert_to(prev || E'\n' || seq::text || E'\n' || (r ->> 'canonical'), 'UTF8')), 'hex');
    INSERT INTO audit_log (day, day_seq, at, actor_id, actor_role, actor_unit, action, subject, case_id, purpose, detail, prev_hash, hash)
    VALUES (d, seq, (r ->> 'at')::timestamptz, r ->> 'actorId', r ->> 'actorRole', r ->> 'actorUnit', r ->> 'action',
            r ->> 'subject', (r ->> 'caseId')::uuid, r ->> 'purpose', r -> 'detail', prev, h);
    prev := h;
  END LOOP;
  IF cur_day IS NOT NULL THEN
    UPDATE audit_days SET last_seq = seq, last_hash = prev WHERE day = cur_day;
  END IF;
END $$;

-- Retention: deletes the oldest whole day before p_before and its head; answers the rows deleted
-- (0 when no such day is left). The sweeper calls it until 0. It never deletes one of the last 28
-- days (retention.auditDays is at least 30; the margin is for the day boundary of time zones).
CREATE FUNCTION audit_purge(p_before date) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  victim date;
  n      bigint;
BEGIN
  IF p_before > current_date - 28 THEN
    RAISE EXCEPTION 'audit rows are kept at least 28 days (asked to purge before %)', p_before;
  END IF;
  SELECT min(day) INTO victim FROM audit_days WHERE day < p_before;
  IF victim IS NULL THEN
    SELECT min(day) INTO victim FROM audit_log WHERE day < p_before;
  END IF;
  IF victim IS NULL THEN
    RETURN 0;
  END IF;
  PERFORM set_config('onego.audit_purge_day', to_char(victim, 'YYYY-MM-DD'), true);
  DELETE FROM audit_log WHERE day = victim;
  GET DIAGNOSTICS n = ROW_COUNT;
  DELETE FROM audit_days WHERE day = victim;
  PERFORM set_config('onego.audit_purge_day', '', true);
  RETURN greatest(n, 1);
END $$;

-- Append-only in the database too: no UPDATE, no DELETE but audit_purge's (the day it is purging),
-- no TRUNCATE. This stops the application's own statements and mistakes at a console; the table's
-- owner can still disable triggers, which is what the hash chain and GET /admin/audit/verify catch.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF to_char(OLD.day, 'YYYY-MM-DD') = current_setting('onego.audit_purge_day', true) THEN
      RETURN OLD;
    END IF;
  ELSIF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_days' THEN
    IF NEW.day = OLD.day AND NEW.last_seq >= OLD.last_seq THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_days_forward_only BEFORE UPDATE OR DELETE ON audit_days
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_days_no_truncate BEFORE TRUNCATE ON audit_days
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_subject_key_fixed BEFORE UPDATE OR DELETE ON audit_subject_key
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
