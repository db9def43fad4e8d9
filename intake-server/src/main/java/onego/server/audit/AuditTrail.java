package onego.server.audit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.AuditEntry;
import onego.domain.DomainError;
import onego.domain.Pii;
import onego.domain.Times;
import onego.router.cases.AuditSink;
import onego.router.commit.CommitPolicy;
import onego.router.commit.GroupCommitter;
import onego.server.web.Caller;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The audit trail's writer (anchor: X-Road's message log; DESIGN "Second wave: Audit"). State
 * changes come through {@link #append} inside the change's transaction ({@link AuditSink} of the
 * case log); reads of personal data through {@link #read}, committed before the read is answered
 * (if the trail cannot be written, the read fails with 503 rather than go unrecorded). Either way
 * the rows go into {@code audit_pending} in one statement (migration V17): no shared row, so audited
 * commits do not wait for each other, and a rolled-back change leaves no row. {@link AuditSealer}
 * chains committed rows into their day (Asia/Shanghai) within the merge delay. Reads are still
 * group-committed, one {@link GroupCommitter} per event loop (up to {@value #READ_BATCH} rows per
 * insert, one in flight per loop; a failed insert is written again row by row), which saves
 * round trips. Here the clear identifiers become subject hashes, applicants' actor ids too, and
 * other actor ids pass the ID/phone mask.
 */
public final class AuditTrail implements AuditSink {
  private static final String APPEND = """
      INSERT INTO audit_pending (day, at, actor_id, actor_role, actor_unit, action, subject, case_id, purpose, detail)
      SELECT day, at, actor_id, actor_role, actor_unit, action, subject, case_id, purpose, detail
      FROM jsonb_to_recordset($1::jsonb) AS r(day date, at timestamptz, actor_id text, actor_role text, actor_unit text,
                                              action text, subject text, case_id uuid, purpose text, detail jsonb)""";
  private static final String KEY = "SELECT key FROM audit_subject_key";
  static final int READ_BATCH = 256;

  private final Pool pool;
  private final ZoneId zone;
  /** This trail's key in each event loop's context data (where its read batcher lives). */
  private final Object readsKey = new Object();
  private volatile SubjectHash subjects;

  public AuditTrail(Pool pool, ZoneId zone) {
    this.pool = pool;
    this.zone = zone;
  }

  public ZoneId zone() { return zone; }

  @Override
  public Future<Void> append(SqlConnection conn, List<AuditEntry> entries) {
    if (entries.isEmpty()) return Future.succeededFuture();
    // the key through this transaction's own connection: a pool connection could be the one we wait for
    return subjects(conn).compose(h -> conn.preparedQuery(APPEND).execute(Tuple.of(rows(h, entries)))).mapEmpty();
  }

  /** Records a read of personal data by {@code caller} now; fails with UNAVAILABLE when the trail cannot be written. */
  public Future<Void> read(Caller caller, AuditAction action, String subjectId, UUID caseId, String purpose, JsonObject detail) {
    return read(Actors.of(caller), action, subjectId, caseId, purpose, detail);
  }

  /** Records a read by {@code actor} (a caller, or the platform itself: a 免申即享 sweep); as {@link #read(Caller, AuditAction, String, UUID, String, JsonObject)}. */
  public Future<Void> read(Actor actor, AuditAction action, String subjectId, UUID caseId, String purpose, JsonObject detail) {
    AuditEntry e = new AuditEntry(Times.now(zone), actor, action, subjectId, caseId, purpose, detail);
    Context context = Vertx.currentContext();
    Future<Void> written = context != null && context.isEventLoopContext() ? reads(context).add(e) : appendReads(List.of(e)).mapEmpty();
    return written.recover(x -> Future.failedFuture(DomainError.unavailable("the audit trail", x)));
  }

  /** This event loop's committer (context data is shared by an event loop's duplicated request contexts). */
  private GroupCommitter<AuditEntry, Void> reads(Context context) {
    @SuppressWarnings("unchecked")
    GroupCommitter<AuditEntry, Void> b = context.get(readsKey);
    if (b == null) {
      b = new GroupCommitter<>("audited reads", context.owner(), CommitPolicy.eachAlone(READ_BATCH, 1), this::appendReads);
      context.put(readsKey, b);
    }
    return b;
  }

  /** Inserts read entries in one autocommitted statement; answers one null per entry. */
  private Future<List<Void>> appendReads(List<AuditEntry> entries) {
    return subjects(pool).compose(h -> pool.preparedQuery(APPEND).execute(Tuple.of(rows(h, entries))))
        .map(rs -> Collections.nCopies(entries.size(), (Void) null));
  }

  /** The subject hash of an identifier (for look-ups by subject). */
  public Future<String> subjectHash(String identifier) {
    return subjects(pool).map(h -> h.of(identifier));
  }

  private Future<SubjectHash> subjects(SqlClient client) {
    SubjectHash h = subjects;
    if (h != null) return Future.succeededFuture(h);
    return client.query(KEY).execute().map(rs -> {
      if (rs.size() != 1) throw new IllegalStateException("audit_subject_key must hold one key (migration V4)");
      SubjectHash made = new SubjectHash(rs.iterator().next().getString(0));
      subjects = made;
      return made;
    });
  }

  private JsonArray rows(SubjectHash h, List<AuditEntry> entries) {
    JsonArray rows = new JsonArray();
    for (AuditEntry e : entries) {
      Actor a = Objects.requireNonNull(e.actor(), "an audit entry needs an actor");
      OffsetDateTime at = e.at().truncatedTo(ChronoUnit.MICROS);
      LocalDate day = at.atZoneSameInstant(zone).toLocalDate();
      String actorId = a.id().startsWith(Actors.APPLICANT_PREFIX)
          ? Actors.APPLICANT_PREFIX + h.of(a.id().substring(Actors.APPLICANT_PREFIX.length()))
          : Pii.scrub(a.id());
      rows.add(new JsonObject()
          .put("day", day.toString())
          .put("at", at.toInstant().toString())
          .put("actor_id", actorId)
          .put("actor_role", a.role())
          .put("actor_unit", a.unit())
          .put("action", e.action().name())
          .put("subject", h.of(e.subjectId()))
          .put("case_id", e.caseId() == null ? null : e.caseId().toString())
          .put("purpose", e.purpose())
          .put("detail", e.detail()));
    }
    return rows;
  }
}
