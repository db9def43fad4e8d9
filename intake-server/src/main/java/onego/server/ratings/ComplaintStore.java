package onego.server.ratings;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.ComplaintState;
import onego.domain.DomainError;
import onego.domain.EventType;
import onego.domain.Ids;
import onego.domain.Times;
import onego.domain.WorkingCalendar;
import onego.router.cases.Cards;
import onego.router.cases.CaseLog;
import onego.router.cases.CaseTransaction;
import onego.router.cases.ItemState;
import onego.router.cases.NewEvent;
import onego.router.store.Transactions;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * 差评与投诉处置 (openapi.yaml, tag Supervision, Complaints; 湖南方案 四(三)): the {@code complaints} table. A complaint
 * is opened by a low rating ({@link RatingStore}) or filed ({@link #file}: hotline, admin, channel; kinds
 * {@code complaint}, {@code report} = 举报, {@code cannot-get-it-done} = 办不成事), is assigned to one
 * department, has a rectification deadline of {@code complaintDays} working days, and moves by
 * {@link ComplaintState}'s steps. A complaint about a case is a change of that case ({@link CaseLog#change}):
 * each step appends its event (ComplaintOpened, ComplaintAnswered, ComplaintConfirmed, ComplaintReopened,
 * ComplaintClosed, ComplaintOverdue) with {@code department} in its data, so it also reaches that
 * department's stream; no event carries the complaint's contact, content or filer.
 */
public final class ComplaintStore {
  private static final String COLUMNS = """
      p.complaint_id, p.kind, p.source, p.case_id, p.item_id, c.thing, p.channel, p.department, p.score, p.comment, p.contact,
      p.filed_by, p.status, p.created_at, p.due_at, p.answered_at, p.rectification, p.reply, p.reopened, p.overdue_at, p.updated_at""";
  private static final String FROM = " FROM complaints p LEFT JOIN cases c ON c.case_id = p.case_id ";
  private static final String INSERT = """
      INSERT INTO complaints (complaint_id, kind, source, case_id, item_id, channel, department, score, comment, contact, filed_by,
        status, created_at, due_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'OPEN', $12, $13, $12)""";
  private static final String SELECT_ONE = "SELECT " + COLUMNS + FROM + "WHERE p.complaint_id = $1";
  private static final String LOCK_ONE = "SELECT " + COLUMNS + FROM + "WHERE p.complaint_id = $1 FOR UPDATE OF p";
  private static final String UPDATE = """
      UPDATE complaints SET status = $2, answered_at = $3, rectification = $4, reply = $5, reopened = $6, overdue_at = $7, updated_at = $8
      WHERE complaint_id = $1""";
  private static final String LIST = "SELECT " + COLUMNS + FROM + """
      WHERE ($1::text IS NULL OR p.status = $1) AND ($2::text IS NULL OR p.department = $2)
      ORDER BY p.created_at, p.complaint_id LIMIT $3""";
  private static final String OVERDUE = "SELECT complaint_id, case_id FROM complaints WHERE status = 'OPEN' AND overdue_at IS NULL AND due_at < $1"
      + " ORDER BY due_at LIMIT $2";

  /** What a new complaint says; {@code contact} ({@code {name, phone}}) and {@code filedBy} may be null. */
  public record NewComplaint(String kind, String source, UUID caseId, UUID itemId, String channel, String department, Integer score,
                             String content, JsonObject contact, String filedBy) {}

  /**
   * One row of {@code complaints} with its case's thing (null without a case). {@code content} is the
   * rating's comment or the filed text; {@code overdueAt} is set once when it passed {@code dueAt} unanswered.
   */
  public record Complaint(UUID complaintId, String kind, String source, UUID caseId, UUID itemId, String thing, String channel,
                          String department, Integer score, String content, JsonObject contact, String filedBy, ComplaintState state,
                          OffsetDateTime createdAt, OffsetDateTime dueAt, OffsetDateTime answeredAt, String rectification, String reply,
                          int reopened, OffsetDateTime overdueAt, OffsetDateTime updatedAt) {

    static Complaint from(Row r) {
      return new Complaint(r.getUUID("complaint_id"), r.getString("kind"), r.getString("source"), r.getUUID("case_id"), r.getUUID("item_id"),
          r.getString("thing"), r.getString("channel"), r.getString("department"), r.getInteger("score"), r.getString("comment"),
          (JsonObject) r.getValue("contact"), r.getString("filed_by"), ComplaintState.valueOf(r.getString("status")),
          r.getOffsetDateTime("created_at"), r.getOffsetDateTime("due_at"), r.getOffsetDateTime("answered_at"), r.getString("rectification"),
          r.getString("reply"), r.getInteger("reopened"), r.getOffsetDateTime("overdue_at"), r.getOffsetDateTime("updated_at"));
    }

    Complaint with(ComplaintState s, OffsetDateTime answered, String rect, String rep, int reopens, OffsetDateTime overdue, OffsetDateTime now) {
      return new Complaint(complaintId, kind, source, caseId, itemId, thing, channel, department, score, content, contact, filedBy, s,
          createdAt, dueAt, answered, rect, rep, reopens, overdue, now);
    }
  }

  private final Pool pool;
  private final CaseLog cases;
  private final WorkingCalendar calendar;
  private final int complaintDays;

  /** {@code complaintDays}: working days to answer ({@code supervision.complaintDays}), counted with {@code calendar}. */
  public ComplaintStore(Pool pool, CaseLog cases, WorkingCalendar calendar, int complaintDays) {
    this.pool = pool;
    this.cases = cases;
    this.calendar = calendar;
    this.complaintDays = complaintDays;
  }

  /**
   * Opens a complaint inside a change of its case (a low rating): the row, due {@code complaintDays}
   * working days from now, and ComplaintOpened on the case's log.
   */
  Future<Complaint> open(CaseTransaction tx, NewComplaint c) {
    UUID id = Ids.newId();
    OffsetDateTime due = calendar.due(tx.now(), complaintDays);
    return insert(tx.connection(), id, c, tx.now(), due).map(v -> {
      Complaint opened = new Complaint(id, c.kind(), c.source(), c.caseId(), c.itemId(), tx.kase().thing(), c.channel(), c.department(),
          c.score(), c.content(), c.contact(), c.filedBy(), ComplaintState.OPEN, tx.now(), due, null, null, null, 0, null, tx.now());
      tx.event(event(tx, EventType.ComplaintOpened, opened));
      return opened;
    });
  }

  /**
   * Files a complaint ({@code POST /supervision/complaints}). With a case it is a change of that case
   * (NOT_FOUND without one; an {@code itemId} must be one of its items); without one it is a row of its own.
   */
  public Future<Complaint> file(NewComplaint c, Actor actor) {
    if (c.caseId() == null) {
      OffsetDateTime now = Times.now(calendar.zone());
      UUID id = Ids.newId();
      OffsetDateTime due = calendar.due(now, complaintDays);
      return Transactions.withTransaction(pool, conn -> insert(conn, id, c, now, due)).map(v -> new Complaint(id, c.kind(), c.source(),
          null, null, null, c.channel(), c.department(), c.score(), c.content(), c.contact(), c.filedBy(), ComplaintState.OPEN, now, due,
          null, null, null, 0, null, now));
    }
    return cases.change(c.caseId(), actor, AuditAction.COMPLAINT, tx -> {
      if (c.itemId() != null) {
        ItemState item = tx.items().stream().filter(i -> i.itemId().equals(c.itemId())).findFirst()
            .orElseThrow(() -> DomainError.invalid("itemId", "is not an item of case " + c.caseId()));
        if (!item.department().equals(c.department())) throw DomainError.invalid("department", "is not the department of item " + c.itemId());
      }
      return open(tx, c);
    });
  }

  private Future<Void> insert(SqlConnection conn, UUID id, NewComplaint c, OffsetDateTime now, OffsetDateTime due) {
    return conn.preparedQuery(INSERT).execute(Tuple.from(new Object[] {id, c.kind(), c.source(), c.caseId(), c.itemId(), c.channel(),
        c.department(), c.score() == null ? null : c.score().shortValue(), c.content(), c.contact(), c.filedBy(), now, due})).mapEmpty();
  }

  /** One complaint; NOT_FOUND without one. */
  public Future<Complaint> get(UUID id) {
    return pool.preparedQuery(SELECT_ONE).execute(Tuple.of(id)).map(rs -> {
      if (rs.size() == 0) throw DomainError.notFound("no complaint " + id);
      return Complaint.from(rs.iterator().next());
    });
  }

  /** Complaints in {@code state} of {@code department} (either null: all), oldest first, at most {@code limit}. */
  public Future<List<Complaint>> list(ComplaintState state, String department, int limit) {
    return pool.preparedQuery(LIST).execute(Tuple.of(state == null ? null : state.name(), department, limit)).map(rs -> {
      List<Complaint> out = new ArrayList<>(rs.size());
      for (Row r : rs) out.add(Complaint.from(r));
      return out;
    });
  }

  /**
   * The department's answer (整改 措施 and reply): OPEN → ANSWERED. NOT_FOUND when the complaint is not
   * {@code department}'s (or there is none), ILLEGAL_TRANSITION when it is not OPEN.
   */
  public Future<Complaint> answer(UUID id, String department, String rectification, String reply, Actor actor) {
    return step(id, actor, c -> {
      if (!c.department().equals(department)) throw DomainError.notFound("no complaint " + id + " for department " + department);
      return move(c, ComplaintState.ANSWERED).with(ComplaintState.ANSWERED, Times.now(calendar.zone()), rectification, reply,
          c.reopened(), c.overdueAt(), Times.now(calendar.zone()));
    }, EventType.ComplaintAnswered);
  }

  /**
   * The applicant (or admin) accepts the answer (ANSWERED → CONFIRMED) or does not ({@code confirmed}
   * false: ANSWERED → OPEN, reopened). {@code mayAct} decides whether the caller may (NOT_FOUND when not);
   * ILLEGAL_TRANSITION when the complaint is not ANSWERED.
   */
  public Future<Complaint> settle(UUID id, boolean confirmed, Function<Complaint, Boolean> mayAct, Actor actor) {
    return step(id, actor, c -> {
      if (!mayAct.apply(c)) throw DomainError.notFound("no complaint " + id);
      OffsetDateTime now = Times.now(calendar.zone());
      return confirmed
          ? move(c, ComplaintState.CONFIRMED).with(ComplaintState.CONFIRMED, c.answeredAt(), c.rectification(), c.reply(), c.reopened(), c.overdueAt(), now)
          : move(c, ComplaintState.OPEN).with(ComplaintState.OPEN, c.answeredAt(), c.rectification(), c.reply(), c.reopened() + 1, c.overdueAt(), now);
    }, confirmed ? EventType.ComplaintConfirmed : EventType.ComplaintReopened);
  }

  /** Admin closes a confirmed complaint: CONFIRMED → CLOSED; ILLEGAL_TRANSITION otherwise. */
  public Future<Complaint> close(UUID id, Actor actor) {
    return step(id, actor, c -> move(c, ComplaintState.CLOSED).with(ComplaintState.CLOSED, c.answeredAt(), c.rectification(), c.reply(),
        c.reopened(), c.overdueAt(), Times.now(calendar.zone())), EventType.ComplaintClosed);
  }

  /**
   * Marks OPEN complaints past their deadline overdue, once each (the deadline watcher's scan, run by the
   * lease holder only): {@code overdueAt} set and ComplaintOverdue on the case; answers how many were marked.
   * A complaint answered or marked meanwhile is skipped (the row is re-read under its lock).
   */
  public Future<Integer> markOverdue(int limit) {
    OffsetDateTime now = Times.now(calendar.zone());
    return pool.preparedQuery(OVERDUE).execute(Tuple.of(now, limit)).compose(rs -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (Row r : rs) {
        UUID id = r.getUUID("complaint_id");
        chain = chain.compose(n -> step(id, Actor.system("deadline-watcher"), c -> {
          if (c.state() != ComplaintState.OPEN || c.overdueAt() != null) return null;
          return c.with(c.state(), c.answeredAt(), c.rectification(), c.reply(), c.reopened(), now, now);
        }, EventType.ComplaintOverdue).map(c -> n + (now.equals(c.overdueAt()) ? 1 : 0)));
      }
      return chain;
    });
  }

  private static Complaint move(Complaint c, ComplaintState to) {
    if (!c.state().canMoveTo(to)) throw DomainError.illegal("the complaint is " + c.state() + "; it cannot become " + to);
    return c;
  }

  /**
   * One step of a complaint under its row lock: {@code decide} gets the locked row and answers the new
   * one (or null for no change), or throws a {@link DomainError}; the row is written and, with a case,
   * {@code type} appended to the case's log in the same transaction.
   */
  private Future<Complaint> step(UUID id, Actor actor, Function<Complaint, Complaint> decide, EventType type) {
    return get(id).compose(found -> found.caseId() == null
        ? Transactions.withTransaction(pool, conn -> apply(conn, id, decide, null, type))
        : cases.change(found.caseId(), actor, AuditAction.COMPLAINT, tx -> apply(tx.connection(), id, decide, tx, type)));
  }

  private Future<Complaint> apply(SqlConnection conn, UUID id, Function<Complaint, Complaint> decide, CaseTransaction tx, EventType type) {
    return conn.preparedQuery(LOCK_ONE).execute(Tuple.of(id)).compose(rs -> {
      Complaint locked = Complaint.from(rs.iterator().next());
      Complaint next = decide.apply(locked);
      if (next == null) return Future.succeededFuture(locked);
      Future<?> updated = conn.preparedQuery(UPDATE).execute(Tuple.from(new Object[] {id, next.state().name(), next.answeredAt(),
          next.rectification(), next.reply(), next.reopened(), next.overdueAt(), next.updatedAt()}));
      // an unanswered complaint past its deadline: one red `complaint` card (电子监察), in this same transaction
      if (type == EventType.ComplaintOverdue) {
        updated = updated.compose(v -> Cards.raise(conn, "complaint:" + id, "red", "complaint", next.caseId(), next.itemId(), next.department(),
            next.overdueAt()));
      }
      return updated.map(v -> {
        if (tx != null) tx.event(event(tx, type, next));
        return next;
      });
    });
  }

  /** The event of a step: on the item when the complaint names one; {@code department} in the data reaches its stream. */
  private NewEvent event(CaseTransaction tx, EventType type, Complaint c) {
    JsonObject data = new JsonObject().put("complaintId", c.complaintId().toString()).put("kind", c.kind()).put("state", c.state().name())
        .put("dueAt", Times.format(Times.in(c.dueAt(), calendar.zone())));
    if (c.itemId() != null) {
      ItemState item = tx.items().stream().filter(i -> i.itemId().equals(c.itemId())).findFirst().orElseThrow();
      return NewEvent.ofItem(type, c.itemId(), item.status().name(), c.department(), data.put("code", item.code()));
    }
    return NewEvent.ofCase(type, tx.kase().status().name(), data.put("department", c.department()));
  }
}
