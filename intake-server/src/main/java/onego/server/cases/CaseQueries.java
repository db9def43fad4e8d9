package onego.server.cases;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reading cases back: one by id, or an applicant's newest first (一人一档). */
public final class CaseQueries {
  private static final String CASE_COLUMNS = """
      case_id, thing, status, channel, submitted_by, applicant_id, applicant, form, materials, commitments,
      delivery, agent, agent_id, prerequisites, created_at, updated_at,
      (SELECT json_build_object('method', r.method, 'address', r.address, 'certificates', r.certificates)
       FROM result_deliveries r WHERE r.case_id = cases.case_id) AS results""";
  private static final String BY_ID = "SELECT " + CASE_COLUMNS + " FROM cases WHERE case_id = $1";
  private static final String BY_APPLICANT = "SELECT " + CASE_COLUMNS
      + " FROM cases WHERE applicant_id = $1 AND ($2::text IS NULL OR submitted_by = $2) ORDER BY created_at DESC, case_id DESC LIMIT $3";
  private static final String ITEMS = """
      SELECT case_id, item_id, code, name, department, status, due_at, updated_at, result
      FROM case_items WHERE case_id = ANY($1) ORDER BY case_id, position""";

  private final Pool pool;

  public CaseQueries(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<CaseRecord>> byId(UUID caseId) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(caseId))
        .compose(rs -> withItems(cases(rs)))
        .map(list -> list.stream().findFirst());
  }

  /** The applicant's cases, newest first; only those {@code submittedBy} submitted when it is not null. */
  public Future<List<CaseRecord>> byApplicant(String applicantId, String submittedBy, int limit) {
    return pool.preparedQuery(BY_APPLICANT).execute(Tuple.of(applicantId, submittedBy, limit))
        .compose(rs -> withItems(cases(rs)));
  }

  private static List<CaseRecord> cases(RowSet<Row> rs) {
    List<CaseRecord> out = new ArrayList<>(rs.size());
    for (Row r : rs) {
      out.add(new CaseRecord(r.getUUID("case_id"), r.getString("thing"), r.getString("status"), r.getString("channel"),
          r.getString("submitted_by"), r.getString("applicant_id"), r.getJsonObject("applicant"), r.getJsonObject("form"),
          r.getJsonArray("materials"), r.getJsonArray("commitments"), r.getJsonObject("delivery"),
          r.getJsonObject("agent"), r.getString("agent_id"), r.getJsonArray("prerequisites"),
          r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"), r.getJsonObject("results"), List.of()));
    }
    return out;
  }

  private Future<List<CaseRecord>> withItems(List<CaseRecord> cases) {
    if (cases.isEmpty()) return Future.succeededFuture(cases);
    UUID[] ids = cases.stream().map(CaseRecord::caseId).toArray(UUID[]::new);
    return pool.preparedQuery(ITEMS).execute(Tuple.tuple().addArrayOfUUID(ids)).map(rs -> {
      Map<UUID, List<CaseRecord.ItemRecord>> byCase = new HashMap<>();
      for (Row r : rs) {
        byCase.computeIfAbsent(r.getUUID("case_id"), k -> new ArrayList<>()).add(new CaseRecord.ItemRecord(
            r.getUUID("item_id"), r.getString("code"), r.getString("name"), r.getString("department"), r.getString("status"),
            r.getOffsetDateTime("due_at"), r.getOffsetDateTime("updated_at"), r.getJsonObject("result")));
      }
      Map<UUID, CaseRecord> ordered = new LinkedHashMap<>();
      for (CaseRecord c : cases) ordered.put(c.caseId(), c.withItems(byCase.getOrDefault(c.caseId(), List.of())));
      return new ArrayList<>(ordered.values());
    });
  }
}
