package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.AuditEntry;
import onego.domain.ProgressEvent;
import onego.domain.Times;
import onego.router.store.Transactions;

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
 * The one writer of cases (DESIGN "The case log has one owner"): {@code cases}, {@code case_items}
 * and {@code case_events} are written only in this package, and every write goes through here: intake's batch of new cases ({@link #create}) and every later change
 * ({@link #change}: the item flow, ratings). A change locks the case row, then its items, runs
 * the work, writes what it changed with the derived case status and its events under the next
 * gap-free seqs, commits, and only then publishes the events. A failed work function (or a
 * {@link onego.domain.DomainError} it throws) rolls everything back and publishes nothing. A
 * transaction that met a stale cached plan (a migration changed a column's type) is run once more
 * ({@link Transactions}), so a work function may run twice and keeps nothing of a failed run.
 */
public final class CaseLog {
  private static final String INSERT_CASES = CaseRow.TABLE.insertMany();
  private static final String INSERT_ITEMS = ItemRow.NEW.insertMany();
  private static final String INSERT_OBLIGATIONS = ObligationRow.TABLE.insertMany();

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
    return Transactions.withTransaction(pool, conn -> CaseTransaction.open(conn, caseId, Times.now(zone)).compose(tx -> {
      committed.clear();
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
   * {@link #change}. The statements are the batch's, not each case's: the cases and their items are
   * locked in one each ({@link CaseTransaction#openAll}), and the items, counters and events of every
   * case written in one each ({@link CaseTransaction#writeAll}). Any failure rolls back every change;
   * answers the works' results in the order given.
   */
  public <T> Future<List<T>> changeEach(List<Change<T>> changes, Actor actor, AuditAction action) {
    TreeMap<UUID, List<Integer>> byCase = new TreeMap<>();
    for (int k = 0; k < changes.size(); k++) byCase.computeIfAbsent(changes.get(k).caseId(), id -> new ArrayList<>()).add(k);
    List<ProgressEvent> committed = new ArrayList<>();
    OffsetDateTime now = Times.now(zone);
    return Transactions.withTransaction(pool, conn -> {
      committed.clear();
      return CaseTransaction.openAll(conn, List.copyOf(byCase.keySet()), now).compose(opened -> {
        List<Object> results = new ArrayList<>(java.util.Collections.nCopies(changes.size(), null));
        List<Future<CaseTransaction.Writes>> prepared = new ArrayList<>();
        int c = 0;
        for (List<Integer> indexes : byCase.values()) {
          CaseTransaction tx = opened.get(c++);
          Future<Void> works = Future.succeededFuture();
          for (int k : indexes) works = works.compose(v -> run(changes.get(k).work(), tx).map(r -> {
            results.set(k, r);
            return null;
          }));
          prepared.add(works.compose(v -> tx.prepare()));
        }
        // join, not all: on a failure every chain has ended before the rollback is sent, so none of
        // their statements can run after it, outside the transaction (a stray event row would break the case's seqs)
        return Future.join(prepared).compose(f -> {
          List<CaseTransaction.Writes> writes = new ArrayList<>();
          List<AuditEntry> entries = new ArrayList<>();
          for (int k = 0; k < opened.size(); k++) {
            CaseTransaction tx = opened.get(k);
            CaseTransaction.Writes w = prepared.get(k).result();
            writes.add(w);
            if (tx.changed()) entries.add(new AuditEntry(tx.now, actor, action, tx.kase.applicantId, tx.kase.caseId, "case:" + tx.kase.caseId,
                detail(w.events())));
          }
          @SuppressWarnings("unchecked") List<T> out = (List<T>) results;
          return CaseTransaction.writeAll(conn, writes).compose(v -> audit.append(conn, entries)).map(v -> {
            writes.forEach(w -> committed.addAll(w.events()));
            return out;
          });
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
    return Transactions.withTransaction(pool, conn -> claim.apply(conn).compose(won -> {
      if (won.isEmpty()) return Future.succeededFuture(won);
      List<NewCase> written = cases.stream().filter(c -> won.contains(c.caseId())).toList();
      List<ProgressEvent> events = new ArrayList<>();
      for (NewCase c : written) events.addAll(EventLog.number(c.caseId(), 1, c.createdAt(), c.events()));
      List<Object[]> items = written.stream().flatMap(c -> c.items().stream().map(i -> i.newValues(c.kase().region()))).toList();
      List<ObligationRow> obligations = written.stream().flatMap(c -> c.obligations().stream()).toList();
      return conn.preparedQuery(INSERT_CASES).execute(CaseRow.TABLE.insertArgs(written, c -> c.kase().values()))
          .compose(r -> conn.preparedQuery(INSERT_ITEMS).execute(ItemRow.NEW.insertArgs(items, v -> v)))
          .compose(r -> obligations.isEmpty() ? Future.succeededFuture(r)
              : conn.preparedQuery(INSERT_OBLIGATIONS).execute(ObligationRow.TABLE.insertArgs(obligations, ObligationRow::values)))
          .compose(r -> EventLog.insert(conn, events))
          .compose(r -> audit.append(conn, written.stream().map(CaseLog::submitted).toList()))
          .map(v -> {
            committed.clear();   // a run before a stale-plan retry never reaches here, but keep one run's events only
            committed.addAll(events);
            return won;
          });
    })).onSuccess(won -> publisher.publish(committed));
  }

  private static AuditEntry submitted(NewCase c) {
    JsonObject detail = new JsonObject().put("thing", c.kase().thing()).put("seqs", new JsonArray().add(1).add(c.events().size()))
        .put("items", c.items().size());
    return new AuditEntry(c.createdAt(), c.submitter(), AuditAction.CASE_SUBMITTED, c.kase().applicantId(), c.caseId(),
        "thing:" + c.kase().thing(), detail);
  }

}
