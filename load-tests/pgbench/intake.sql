-- One accepted 新生儿出生 submission, written the way OneGo's IntakeStore writes it, as ONE transaction:
-- 1 idempotency key (ON CONFLICT DO NOTHING RETURNING), 1 case, 5 items, 3 events (CaseSubmitted + 2 ItemQueued).
-- The server sends each statement as a prepared statement with bound parameters; so does this script
-- under `-M prepared`: the JSON documents are pgbench variables given with -D by run.sh (copied from a
-- real row of a Gatling run, see payload/), so they travel as parameters exactly as the server's do.
-- The server's only extra work per transaction is batching several submissions into it (group commit);
-- here one transaction = one submission, so pgbench's tps is submissions/s without group commit.
--
-- Careful: pgbench substitutes :name anywhere, string literals included; hence the caller ("key:dev-portal")
-- comes in as a -D variable and the id separators are '/'.
-- Unique keys and ids per transaction: two 62-bit randoms plus the client id, hashed to UUIDs
-- (the server uses UUIDv7 generated in Java; md5() here costs PostgreSQL a few microseconds).
\set r1 random(1, 4611686018427387903)
\set r2 random(1, 4611686018427387903)
BEGIN;
INSERT INTO idempotency_keys (caller, key, request_hash, case_id, status_code, response, created_at)
  VALUES (:caller, 'pgbench-' || :client_id::text || '-' || :r1::text || '-' || :r2::text, :request_hash,
          md5(:client_id::text || '/' || :r1::text || '/' || :r2::text)::uuid, 201, :response, now())
  ON CONFLICT (caller, key) DO NOTHING
  RETURNING case_id;
INSERT INTO cases (case_id, thing, status, channel, submitted_by, applicant_id, applicant_phone, applicant,
                   form, materials, commitments, delivery, last_seq, created_at, updated_at)
  VALUES (md5(:client_id::text || '/' || :r1::text || '/' || :r2::text)::uuid, 'newborn', 'SUBMITTED', 'pc', :caller,
          '430102' || lpad((:r1 % 1000000000000)::text, 12, '0'), '13973412345', :applicant,
          :form, :materials, :commitments, :delivery, 3, now(), now());
INSERT INTO case_items (item_id, case_id, position, code, name, department, status, depends_on, due_at, updated_at)
  VALUES (md5(:client_id::text || '/' || :r1::text || '/' || :r2::text || '/i0')::uuid, md5(:client_id::text || '/' || :r1::text || '/' || :r2::text)::uuid,
          0, 'birth-medical-certificate', '出生医学证明签发', 'health', 'QUEUED', '{}'::text[], now() + interval '3 days', now());
INSERT INTO case_items (item_id, case_id, position, code, name, department, status, depends_on, due_at, updated_at)
  VALUES (md5(:client_id::text || '/' || :r1::text || '/' || :r2::text || '/i1')::uuid, md5(:client_id::text || '/' || :r1::text || '/' || :r2::text)::uuid,
          1, 'vaccination-certificate', '预防接种证办理', 'health', 'QUEUED', '{}'::text[], now() + interval '3 days', now());
INSERT INTO case_items (item_id, case_id, position, code, name, department, status, depends_on, due_at, updated_at)
  VALUES (md5(:client_id::text || '/' || :r1::text || '/' || :r2::text || '/i2')::uuid, md5(:client_id::text || '/' || :r1::text || '/' || :r2::text)::uuid,
          2, 'household-registration', '户口登记', 'public-security', 'WAITING', '{birth-medical-certificate}'::text[], now() + interval '6 days', now());
INSERT INTO case_items (item_id, case_id, position, code, name, department, status, depends_on, due_at, updated_at)
  VALUES (md5(:client_id::text || '/' || :r1::text || '/' || :r2::text || '/i3')::uuid, md5(:client_id::text || '/' || :r1::text || '/' || :r2::text)::uuid,
          3, 'resident-medical-insurance-registration', '城乡居民参保登记(基本医疗保险)', 'medical-insurance', 'WAITING', '{household-registration}'::text[], now() + interval '7 days', now());
INSERT INTO case_items (item_id, case_id, position, code, name, department, status, depends_on, due_at, updated_at)
  VALUES (md5(:client_id::text || '/' || :r1::text || '/' || :r2::text || '/i4')::uuid, md5(:client_id::text || '/' || :r1::text || '/' || :r2::text)::uuid,
          4, 'social-security-card', '社会保障卡申领', 'human-resources', 'WAITING', '{household-registration}'::text[], now() + interval '19 days', now());
INSERT INTO case_events (case_id, seq, type, item_id, status, at, data)
  VALUES (md5(:client_id::text || '/' || :r1::text || '/' || :r2::text)::uuid, 1, 'CaseSubmitted', NULL, 'SUBMITTED', now(), :event_submitted);
INSERT INTO case_events (case_id, seq, type, item_id, status, at, data)
  VALUES (md5(:client_id::text || '/' || :r1::text || '/' || :r2::text)::uuid, 2, 'ItemQueued',
          md5(:client_id::text || '/' || :r1::text || '/' || :r2::text || '/i0')::uuid, 'QUEUED', now(), '{"code": "birth-medical-certificate", "department": "health"}');
INSERT INTO case_events (case_id, seq, type, item_id, status, at, data)
  VALUES (md5(:client_id::text || '/' || :r1::text || '/' || :r2::text)::uuid, 3, 'ItemQueued',
          md5(:client_id::text || '/' || :r1::text || '/' || :r2::text || '/i1')::uuid, 'QUEUED', now(), '{"code": "vaccination-certificate", "department": "health"}');
END;
