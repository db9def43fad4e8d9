package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.AuditEntry;
import onego.domain.ProgressEvent;
import onego.domain.Times;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one writer of cases (DESIGN "The case log has one owner"). Every write to a case goes
 * through here: intake's batch of new cases ({@link #create}) and every later change
 * ({@link #change}: the item flow, ratings). A change locks the case row, then its items, runs
 * the work, writes what it changed with the derived case status and its events under the next
 * gap-free seqs, commits, and only then publishes the events. A failed work function (or a
 * {@link onego.domain.DomainError} it throws) rolls everything back and publishes nothing.
 */
public final class CaseLog {
  // One statement per table per batch: the rows travel as arrays (one element per case or item) and
  // unnest turns them back into rows, so a batch of 64 cases costs three statement executions, not ~650.
  private static final String INSERT_CASES = """
      INSERT INTO cases (case_id, thing, status, channel, submitted_by, applicant_id, applicant_phone, applicant,
                         form, materials, commitments, delivery, agent, agent_id, prerequisites, last_seq, created_at, updated_at)
      SELECT c.id, c.thing, 'SUBMITTED', c.channel, c.submitted_by, c.applicant_id, c.phone, c.applicant::jsonb,
             c.form::jsonb, c.materials::jsonb, c.commitments::jsonb, c.delivery::jsonb, c.agent::jsonb, c.agent_id,
             c.prerequisites::jsonb, c.last_seq, c.at, c.at
      FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                  $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::int[], $16::timestamptz[])
        AS c(id, thing, channel, submitted_by, applicant_id, phone, applicant, form, materials, commitments, delivery,
             agent, agent_id, prerequisites, last_seq, at)""";
  /** {@code depends_on} travels as one text per item, its codes joined by U+001F (unnest cannot carry an array per row). */
  private static final String INSERT_ITEMS = """
      INSERT INTO case_items (item_id, case_id, position, code, name, department, status, depends_on, due_at, updated_at)
      SELECT i.id, i.case_id, i.position, i.code, i.name, i.department, i.status, string_to_array(i.deps, chr(31)), i.due_at, i.at
      FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                  $9::timestamptz[], $10::timestamptz[])
        AS i(id, case_id, position, code, name, department, status, deps, due_at, at)""";
  private static final char DEPS_SEPARATOR = '\u001f';

  private final Pool pool;
  private final EventPublisher publisher;
  private final ZoneId zone;
  private final AuditSink audit;

  public CaseLog(Pool pool, EventPublisher publisher, ZoneId zone, AuditSink audit) {
    this.pool = pool;
    this.publisher = publisher;
    this.zone = zone;
    this.audit = audit;
  }

  public ZoneId zone() { return zone; }

  /**
   * Changes one case in one transaction: {@code work} gets the locked case and its items and
   * answers the result; fails with NOT_FOUND when there is no such case. When the work changed
   * anything, one audit row records {@code actor} and {@code action} with the seqs and types of
   * the events it appended.
   */
  public <T> Future<T> change(UUID caseId, Actor actor, AuditAction action, Function<CaseTransaction, Future<T>> work) {
    List<ProgressEvent> committed = new ArrayList<>();
    return pool.withTransaction(conn -> CaseTransaction.open(conn, caseId, Times.now(zone)).compose(tx -> {
      Future<T> result;
      try {
        result = work.apply(tx);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      return result.compose(r -> tx.finish().compose(events -> {
        committed.addAll(events);
        if (!tx.changed()) return Future.succeededFuture(r);
        AuditEntry entry = new AuditEntry(tx.now, actor, action, tx.kase.applicantId, caseId, "case:" + caseId, detail(events));
        return audit.append(conn, List.of(entry)).map(r);
      }));
    })).onSuccess(r -> publisher.publish(committed));
  }

  /** One change of {@link #changeEach}: the case and the work on it (as for {@link #change}). */
  public record Change<T>(UUID caseId, Function<CaseTransaction, Future<T>> work) {}

  /**
   * Many changes in one transaction (one commit, one audit append, for outcomes that arrive in
   * bursts: push dispatch). The cases are locked in id order, so two such transactions cannot
   * deadlock (a single {@link #change} locks one case); several changes of one case run in turn on
   * one {@link CaseTransaction}. Each changed case gets its own audit row and gap-free seqs as with
   * {@link #change}. Any failure rolls back every change; answers the works' results in the order given.
   */
  public <T> Future<List<T>> changeEach(List<Change<T>> changes, Actor actor, AuditAction action) {
    TreeMap<UUID, List<Integer>> byCase = new TreeMap<>();
    for (int k = 0; k < changes.size(); k++) byCase.computeIfAbsent(changes.get(k).caseId(), id -> new ArrayList<>()).add(k);
    List<ProgressEvent> committed = new ArrayList<>();
    OffsetDateTime now = Times.now(zone);
    return pool.withTransaction(conn -> {
      // issued together in id order: one connection runs them in that order, without a round trip each
      List<Future<CaseTransaction>> opened = new ArrayList<>();
      for (UUID id : byCase.keySet()) opened.add(CaseTransaction.open(conn, id, now));
      return Future.all(opened).compose(all -> {
        List<Object> results = new ArrayList<>(java.util.Collections.nCopies(changes.size(), null));
        List<Future<AuditEntry>> finished = new ArrayList<>();
        int c = 0;
        for (List<Integer> indexes : byCase.values()) {
          CaseTransaction tx = opened.get(c++).result();
          Future<Void> works = Future.succeededFuture();
          for (int k : indexes) works = works.compose(v -> run(changes.get(k).work(), tx).map(r -> {
            results.set(k, r);
            return null;
          }));
          finished.add(works.compose(v -> tx.finish()).map(events -> {
            committed.addAll(events);
            return tx.changed() ? new AuditEntry(tx.now, actor, action, tx.kase.applicantId, tx.kase.caseId, "case:" + tx.kase.caseId,
                detail(events)) : null;
          }));
        }
        return Future.all(finished).compose(f -> {
          List<AuditEntry> entries = new ArrayList<>();
          for (Future<AuditEntry> e : finished) if (e.result() != null) entries.add(e.result());
          @SuppressWarnings("unchecked") List<T> out = (List<T>) results;
          return audit.append(conn, entries).map(out);
        });
      });
    }).onSuccess(r -> publisher.publish(committed));
  }

  private static <T> Future<T> run(Function<CaseTransaction, Future<T>> work, CaseTransaction tx) {
    try {
      return work.apply(tx);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** What an audit row of a change says about it: the seqs, types and items of its events (the log holds the rest). */
  private static JsonObject detail(List<ProgressEvent> events) {
    JsonObject d = new JsonObject();
    if (events.isEmpty()) return d.put("types", new JsonArray());
    LinkedHashSet<String> types = new LinkedHashSet<>();
    LinkedHashSet<String> items = new LinkedHashSet<>();
    for (ProgressEvent e : events) {
      types.add(e.type());
      if (e.itemId() != null) items.add(e.itemId().toString());
    }
    return d.put("seqs", new JsonArray().add(events.get(0).seq()).add(events.get(events.size() - 1).seq()))
        .put("types", new JsonArray(List.copyOf(types))).put("items", new JsonArray(List.copyOf(items)));
  }

  /**
   * Writes new cases in one transaction (group commit). {@code claim} runs first in it and
   * answers the ids of the cases to write (intake: those whose idempotency key it could take);
   * the others write nothing. Answers the ids written; their events are published after commit.
   */
  public Future<Set<UUID>> create(List<NewCase> cases, Function<SqlConnection, Future<Set<UUID>>> claim) {
    List<ProgressEvent> committed = new ArrayList<>();
    return pool.withTransaction(conn -> claim.apply(conn).compose(won -> {
      if (won.isEmpty()) return Future.succeededFuture(won);
      List<NewCase> written = cases.stream().filter(c -> won.contains(c.caseId())).toList();
      List<ProgressEvent> events = new ArrayList<>();
      for (NewCase c : written) events.addAll(EventLog.number(c.caseId(), 1, c.createdAt(), c.events()));
      return conn.preparedQuery(INSERT_CASES).execute(caseRows(written))
          .compose(r -> conn.preparedQuery(INSERT_ITEMS).execute(itemRows(written)))
          .compose(r -> EventLog.insert(conn, events))
          .compose(r -> audit.append(conn, written.stream().map(CaseLog::submitted).toList()))
          .map(v -> {
            committed.addAll(events);
            return won;
          });
    })).onSuccess(won -> publisher.publish(committed));
  }

  private static AuditEntry submitted(NewCase c) {
    JsonObject detail = new JsonObject().put("thing", c.thing()).put("seqs", new JsonArray().add(1).add(c.events().size()))
        .put("items", c.items().size());
    return new AuditEntry(c.createdAt(), c.submitter(), AuditAction.CASE_SUBMITTED, c.applicantId(), c.caseId(),
        "thing:" + c.thing(), detail);
  }

  private static Tuple caseRows(List<NewCase> cases) {
    int n = cases.size();
    UUID[] ids = new UUID[n];
    String[][] text = new String[13][n];
    Integer[] lastSeq = new Integer[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    for (int k = 0; k < n; k++) {
      NewCase c = cases.get(k);
      ids[k] = c.caseId();
      Object[] cols = {c.thing(), c.channel(), c.submittedBy(), c.applicantId(), c.applicantPhone(), c.applicant(), c.form(),
          c.materials(), c.commitments(), c.delivery(), c.agent(), c.agentId(), c.prerequisites()};
      for (int col = 0; col < cols.length; col++) text[col][k] = encode(cols[col]);
      lastSeq[k] = c.events().size();
      at[k] = c.createdAt();
    }
    Tuple t = Tuple.tuple().addArrayOfUUID(ids);
    for (String[] col : text) t.addArrayOfString(col);
    return t.addArrayOfInteger(lastSeq).addArrayOfOffsetDateTime(at);
  }

  private static Tuple itemRows(List<NewCase> cases) {
    int n = cases.stream().mapToInt(c -> c.items().size()).sum();
    UUID[] ids = new UUID[n];
    UUID[] caseIds = new UUID[n];
    Integer[] positions = new Integer[n];
    String[][] text = new String[5][n];
    OffsetDateTime[] due = new OffsetDateTime[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    int k = 0;
    for (NewCase c : cases) {
      for (NewCase.NewItem i : c.items()) {
        ids[k] = i.itemId();
        caseIds[k] = c.caseId();
        positions[k] = i.position();
        text[0][k] = i.code();
        text[1][k] = i.name();
        text[2][k] = i.department();
        text[3][k] = i.status();
        text[4][k] = joinDeps(i.dependsOn());
        due[k] = i.dueAt();
        at[k] = c.createdAt();
        k++;
      }
    }
    Tuple t = Tuple.tuple().addArrayOfUUID(ids).addArrayOfUUID(caseIds).addArrayOfInteger(positions);
    for (String[] col : text) t.addArrayOfString(col);
    return t.addArrayOfOffsetDateTime(due).addArrayOfOffsetDateTime(at);
  }

  private static String joinDeps(List<String> codes) {
    for (String code : codes) {
      if (code.indexOf(DEPS_SEPARATOR) >= 0) throw new IllegalArgumentException("an item code holds U+001F: " + code);
    }
    return String.join(String.valueOf(DEPS_SEPARATOR), codes);
  }

  /** A JSON column as text (cast to jsonb in SQL), a text column as is; null stays null. */
  static String encode(Object v) {
    if (v == null) return null;
    if (v instanceof JsonObject o) return o.encode();
    if (v instanceof JsonArray a) return a.encode();
    return v.toString();
  }
}
