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

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
  private static final String INSERT_CASE = """
      INSERT INTO cases (case_id, thing, status, channel, submitted_by, applicant_id, applicant_phone, applicant,
                         form, materials, commitments, delivery, last_seq, created_at, updated_at, agent, agent_id, prerequisites)
      VALUES ($1, $2, 'SUBMITTED', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15, $16)""";
  private static final String INSERT_ITEM = """
      INSERT INTO case_items (item_id, case_id, position, code, name, department, status, depends_on, due_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""";

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
      return conn.preparedQuery(INSERT_CASE).executeBatch(caseRows(written))
          .compose(r -> conn.preparedQuery(INSERT_ITEM).executeBatch(itemRows(written)))
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

  private static List<Tuple> caseRows(List<NewCase> cases) {
    List<Tuple> rows = new ArrayList<>(cases.size());
    for (NewCase c : cases) {
      rows.add(Tuple.from(new Object[] {c.caseId(), c.thing(), c.channel(), c.submittedBy(), c.applicantId(), c.applicantPhone(),
          c.applicant(), c.form(), c.materials(), c.commitments(), c.delivery(), c.events().size(), c.createdAt(),
          c.agent(), c.agentId(), c.prerequisites()}));
    }
    return rows;
  }

  private static List<Tuple> itemRows(List<NewCase> cases) {
    List<Tuple> rows = new ArrayList<>();
    for (NewCase c : cases) {
      for (NewCase.NewItem i : c.items()) {
        rows.add(Tuple.from(new Object[] {i.itemId(), c.caseId(), i.position(), i.code(), i.name(), i.department(), i.status(),
            i.dependsOn().toArray(new String[0]), i.dueAt(), c.createdAt()}));
      }
    }
    return rows;
  }
}
