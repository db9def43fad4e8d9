package onego.server.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import onego.domain.AuditAction;
import onego.server.web.Caller;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads the audit trail for {@code GET /admin/audit}: newest first (by day, then chain position),
 * each filter by an index (subject, case, actor, the day of from/to). The look-up is itself on
 * record (AUDIT_SEARCH): asking for a person's trail is a personal-data read too.
 */
public final class AuditQueries {
  private static final String CASES_OF = "SELECT case_id FROM cases WHERE applicant_id = ANY($1)";

  private final Pool pool;
  private final AuditTrail trail;
  private final ZoneId zone;

  public AuditQueries(Pool pool, AuditTrail trail) {
    this.pool = pool;
    this.trail = trail;
    this.zone = trail.zone();
  }

  /** One page of the trail, newest first; {@code next} is {@code "<day>/<seq>"} of the last row when the page is full, else null. */
  public record Page(List<AuditRow> entries, String next) {}

  /** The page of rows {@code q} asks for; the search itself is on record before it is answered. */
  public Future<Page> search(Caller caller, AuditQuery q) {
    Future<Filter> subject = q.subjectId() == null ? Future.succeededFuture(null) : subjectFilter(q.subjectId());
    return subject.compose(s -> {
      List<String> where = new ArrayList<>();
      Tuple args = Tuple.tuple();
      if (s != null) {
        args.addString(s.hash()).addArrayOfUUID(s.cases().toArray(UUID[]::new));
        where.add("(subject = $" + (args.size() - 1) + " OR case_id = ANY($" + args.size() + "))");
      }
      if (q.caseId() != null) {
        args.addUUID(q.caseId()).addString(q.caseId().toString());
        where.add("(case_id = $" + (args.size() - 1) + " OR (detail ? 'cases' AND detail -> 'cases' ? $" + args.size() + "))");
      }
      if (q.actorId() != null) {
        args.addString(q.actorId());
        where.add("actor_id = $" + args.size());
      }
      if (q.action() != null) {
        args.addString(q.action());
        where.add("action = $" + args.size());
      }
      if (q.from() != null) {
        args.addOffsetDateTime(q.from()).addLocalDate(q.from().atZoneSameInstant(zone).toLocalDate());
        where.add("at >= $" + (args.size() - 1) + " AND day >= $" + args.size());
      }
      if (q.to() != null) {
        args.addOffsetDateTime(q.to()).addLocalDate(q.to().atZoneSameInstant(zone).toLocalDate());
        where.add("at < $" + (args.size() - 1) + " AND day <= $" + args.size());
      }
      if (q.beforeDay() != null) {
        args.addLocalDate(q.beforeDay()).addInteger(q.beforeSeq());
        where.add("(day, day_seq) < ($" + (args.size() - 1) + ", $" + args.size() + ")");
      }
      args.addInteger(q.limit());
      String sql = "SELECT " + AuditRow.COLUMNS + " FROM audit_log"
          + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
          + " ORDER BY day DESC, day_seq DESC LIMIT $" + args.size();
      return pool.preparedQuery(sql).execute(args).map(rs -> {
        List<AuditRow> entries = new ArrayList<>(rs.size());
        for (Row r : rs) entries.add(AuditRow.of(r));
        AuditRow last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
        String next = last != null && entries.size() == q.limit() ? last.day() + "/" + last.seq() : null;
        return new Page(entries, next);
      });
    }).compose(page -> trail.read(caller, AuditAction.AUDIT_SEARCH, q.subjectId(), q.caseId(), "audit:search",
        filters(q).put("returned", page.entries().size())).map(page));
  }

  /** The actor id the trail stores for the applicant with this ID number. */
  public Future<String> applicantActor(String idNumber) {
    return trail.subjectHash(idNumber).map(h -> Actors.APPLICANT_PREFIX + h);
  }

  private record Filter(String hash, List<UUID> cases) {}

  /** The subject's hash, and its cases (rows about a case may not name the subject, e.g. a hotline read from the status view). */
  private Future<Filter> subjectFilter(String id) {
    String[] spellings = {id.trim(), SubjectHash.normalize(id)};
    return trail.subjectHash(id).compose(hash -> pool.preparedQuery(CASES_OF).execute(Tuple.of(spellings)).map(rs -> {
      List<UUID> cases = new ArrayList<>();
      for (Row r : rs) cases.add(r.getUUID(0));
      return new Filter(hash, cases);
    }));
  }

  /** The look-up as recorded: which filters, without the clear identifier (the row's subject holds its hash). */
  private static JsonObject filters(AuditQuery q) {
    JsonObject f = new JsonObject().put("bySubject", q.subjectId() != null);
    if (q.actorId() != null) f.put("actor", q.actorId());
    if (q.action() != null) f.put("action", q.action());
    if (q.from() != null) f.put("from", q.from().toString());
    if (q.to() != null) f.put("to", q.to().toString());
    return f;
  }
}
