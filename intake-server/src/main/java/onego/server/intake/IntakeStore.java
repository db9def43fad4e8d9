package onego.server.intake;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import onego.domain.ProgressEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The SQL of intake: one transaction per batch of submissions, and idempotency key look-ups. */
public final class IntakeStore {
  private static final String INSERT_KEY = """
      INSERT INTO idempotency_keys (caller, key, request_hash, case_id, status_code, response, created_at)
      VALUES ($1, $2, $3, $4, 201, $5, $6)
      ON CONFLICT (caller, key) DO NOTHING
      RETURNING case_id""";
  private static final String INSERT_CASE = """
      INSERT INTO cases (case_id, thing, status, channel, submitted_by, applicant_id, applicant_phone, applicant,
                         form, materials, commitments, delivery, last_seq, created_at, updated_at)
      VALUES ($1, $2, 'SUBMITTED', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)""";
  private static final String INSERT_ITEM = """
      INSERT INTO case_items (item_id, case_id, position, code, name, department, status, depends_on, due_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""";
  private static final String INSERT_EVENT = """
      INSERT INTO case_events (case_id, seq, type, item_id, status, at, data) VALUES ($1, $2, $3, $4, $5, $6, $7)""";
  private static final String FIND_KEYS = """
      SELECT k.caller, k.key, k.request_hash, k.status_code, k.response
      FROM idempotency_keys k JOIN unnest($1::text[], $2::text[]) AS w(caller, key)
        ON k.caller = w.caller AND k.key = w.key""";

  /** A stored idempotency record. */
  public record StoredKey(String requestHash, int status, JsonObject response) {}

  private final Pool pool;

  public IntakeStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Writes a batch in one transaction. A request whose (caller, key) already exists, in the
   * database or earlier in the batch, writes nothing; the result holds the case ids written.
   */
  public Future<Set<UUID>> writeBatch(List<IntakeRequest> batch) {
    return pool.withTransaction(conn -> insertKeys(conn, batch).compose(won -> {
      if (won.isEmpty()) return Future.succeededFuture(won);
      List<NewCase> cases = batch.stream().map(IntakeRequest::newCase).filter(c -> won.contains(c.caseId())).toList();
      return conn.preparedQuery(INSERT_CASE).executeBatch(caseRows(cases))
          .compose(r -> conn.preparedQuery(INSERT_ITEM).executeBatch(itemRows(cases)))
          .compose(r -> conn.preparedQuery(INSERT_EVENT).executeBatch(eventRows(cases)))
          .map(won);
    }));
  }

  /** Keys are inserted in one global order so that two batches holding the same keys cannot deadlock. */
  private static Future<Set<UUID>> insertKeys(SqlConnection conn, List<IntakeRequest> batch) {
    List<Tuple> rows = new ArrayList<>(batch.size());
    List<IntakeRequest> ordered = new ArrayList<>(batch);
    ordered.sort(java.util.Comparator.comparing((IntakeRequest r) -> r.caller()).thenComparing(IntakeRequest::key));
    for (IntakeRequest r : ordered) {
      NewCase c = r.newCase();
      rows.add(Tuple.of(r.caller(), r.key(), r.requestHash(), c.caseId(), c.response(), c.createdAt()));
    }
    return conn.preparedQuery(INSERT_KEY).executeBatch(rows).map(rs -> {
      Set<UUID> won = new HashSet<>();
      for (RowSet<Row> r = rs; r != null; r = r.next()) {
        for (Row row : r) won.add(row.getUUID(0));
      }
      return won;
    });
  }

  private static List<Tuple> caseRows(List<NewCase> cases) {
    List<Tuple> rows = new ArrayList<>(cases.size());
    for (NewCase c : cases) {
      Submission s = c.submission();
      rows.add(Tuple.from(new Object[] {c.caseId(), c.thing(), c.channel(), c.submittedBy(), s.applicantId(), s.applicantPhone(),
          s.applicant(), s.form(), s.materials(), s.commitments(), s.delivery(), c.events().size(), c.createdAt()}));
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

  private static List<Tuple> eventRows(List<NewCase> cases) {
    List<Tuple> rows = new ArrayList<>();
    for (NewCase c : cases) {
      for (ProgressEvent e : c.events()) {
        rows.add(Tuple.from(new Object[] {e.caseId(), e.seq(), e.type(), e.itemId(), e.status(), e.at(), e.data()}));
      }
    }
    return rows;
  }

  /** The stored records for these (caller, key) pairs, keyed by {@link #keyOf}. */
  public Future<Map<String, StoredKey>> findKeys(List<IntakeRequest> requests) {
    String[] callers = requests.stream().map(IntakeRequest::caller).toArray(String[]::new);
    String[] keys = requests.stream().map(IntakeRequest::key).toArray(String[]::new);
    return findKeys(callers, keys);
  }

  public Future<Map<String, StoredKey>> findKeys(String[] callers, String[] keys) {
    return pool.preparedQuery(FIND_KEYS).execute(Tuple.tuple().addArrayOfString(callers).addArrayOfString(keys)).map(rs -> {
      Map<String, StoredKey> out = new HashMap<>();
      for (Row row : rs) {
        out.put(keyOf(row.getString("caller"), row.getString("key")),
            new StoredKey(row.getString("request_hash"), row.getInteger("status_code"), (JsonObject) row.getJson("response")));
      }
      return out;
    });
  }

  public static String keyOf(String caller, String key) {
    return caller + '\u0000' + key;
  }
}
