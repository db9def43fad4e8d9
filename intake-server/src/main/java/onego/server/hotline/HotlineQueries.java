package onego.server.hotline;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import onego.domain.Catalog;
import onego.domain.Department;
import onego.domain.KnownPii;
import onego.domain.Pii;
import onego.domain.StaffMask;
import onego.domain.Thing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The hotline's reads from PostgreSQL: status views of cases by id, and an applicant's recent case ids. */
public final class HotlineQueries {
  private static final String CASES = """
      SELECT case_id, thing, status, applicant, agent, delivery, form, last_seq, created_at, updated_at
      FROM cases WHERE case_id = ANY($1)""";
  private static final String ITEMS = """
      SELECT case_id, item_id, code, name, department, status, due_at FROM case_items
      WHERE case_id = ANY($1) ORDER BY case_id, position""";
  /** The latest department note of each item (ItemStatusChanged carries it). */
  private static final String NOTES = """
      SELECT DISTINCT ON (item_id) item_id, data ->> 'note' AS note
      FROM case_events WHERE case_id = ANY($1) AND type = 'ItemStatusChanged' AND item_id IS NOT NULL
      ORDER BY item_id, seq DESC""";
  private static final String BY_APPLICANT = "SELECT case_id FROM cases WHERE applicant_id = $1 ORDER BY created_at DESC LIMIT $2";
  private static final String BY_PHONE = "SELECT case_id FROM cases WHERE applicant_phone = $1 ORDER BY created_at DESC LIMIT $2";

  private final Pool pool;
  private final Catalog catalog;

  public HotlineQueries(Pool pool, Catalog catalog) {
    this.pool = pool;
    this.catalog = catalog;
  }

  public Future<List<UUID>> caseIdsByApplicant(String idNumber, int limit) {
    return ids(BY_APPLICANT, idNumber, limit);
  }

  public Future<List<UUID>> caseIdsByPhone(String phone, int limit) {
    return ids(BY_PHONE, phone, limit);
  }

  private Future<List<UUID>> ids(String sql, String key, int limit) {
    return pool.preparedQuery(sql).execute(Tuple.of(key, limit)).map(rs -> {
      List<UUID> out = new ArrayList<>(rs.size());
      for (Row r : rs) out.add(r.getUUID("case_id"));
      return out;
    });
  }

  /** The views of the cases that exist among {@code ids}, keyed by case id. */
  public Future<Map<UUID, StatusView>> views(List<UUID> ids) {
    if (ids.isEmpty()) return Future.succeededFuture(Map.of());
    Tuple args = Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new));
    Future<io.vertx.sqlclient.RowSet<Row>> cases = pool.preparedQuery(CASES).execute(args);
    Future<io.vertx.sqlclient.RowSet<Row>> items = pool.preparedQuery(ITEMS).execute(args);
    Future<io.vertx.sqlclient.RowSet<Row>> notes = pool.preparedQuery(NOTES).execute(args);
    return Future.all(cases, items, notes).map(v -> {
      Map<UUID, KnownPii> knownByCase = new HashMap<>();
      for (Row r : cases.result()) {
        knownByCase.put(r.getUUID("case_id"), KnownPii.of(r.getJsonObject("applicant"), r.getJsonObject("agent"),
            r.getJsonObject("delivery"), r.getJsonObject("form")));
      }
      Map<UUID, String> noteByItem = new HashMap<>();
      for (Row r : notes.result()) {
        if (r.getString("note") != null) noteByItem.put(r.getUUID("item_id"), r.getString("note"));
      }
      Map<UUID, List<StatusView.Item>> itemsByCase = new HashMap<>();
      for (Row r : items.result()) {
        UUID caseId = r.getUUID("case_id");
        String dept = r.getString("department");
        String note = Pii.scrub(noteByItem.get(r.getUUID("item_id")), knownByCase.get(caseId));
        itemsByCase.computeIfAbsent(caseId, k -> new ArrayList<>()).add(new StatusView.Item(r.getString("code"),
            r.getString("name"), dept, catalog.department(dept).map(Department::name).orElse(dept), r.getString("status"),
            r.getOffsetDateTime("due_at"), note));
      }
      Map<UUID, StatusView> out = new LinkedHashMap<>();
      for (Row r : cases.result()) {
        UUID caseId = r.getUUID("case_id");
        String thing = r.getString("thing");
        JsonObject delivery = r.getJsonObject("delivery");
        out.put(caseId, new StatusView(caseId, thing, catalog.thing(thing).map(Thing::name).orElse(thing), r.getString("status"),
            r.getInteger("last_seq"), delivery == null ? null : delivery.getString("method"), r.getOffsetDateTime("created_at"),
            r.getOffsetDateTime("updated_at"), StaffMask.applicant(r.getJsonObject("applicant")),
            StaffMask.agent(r.getJsonObject("agent")), itemsByCase.getOrDefault(caseId, List.of())));
      }
      return out;
    });
  }
}
