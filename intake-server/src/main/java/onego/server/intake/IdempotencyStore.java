package onego.server.intake;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import onego.domain.DomainError;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Idempotency of intake (IETF Idempotency-Key): the unique {@code (caller, key)} of
 * {@code idempotency_keys} is the truth. A key is taken in the same transaction as its case
 * ({@link #claim}); a request whose key is taken is answered by {@link #replay}.
 */
public final class IdempotencyStore {
  /** The keys of a whole batch in one statement, inserted in the order given (the caller sorts them). */
  private static final String INSERT_KEYS = """
      INSERT INTO idempotency_keys (caller, key, request_hash, case_id, status_code, response, created_at)
      SELECT k.caller, k.key, k.request_hash, k.case_id, 201, k.response::json, k.created_at
      FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::timestamptz[]) WITH ORDINALITY
        AS k(caller, key, request_hash, case_id, response, created_at, n)
      ORDER BY k.n
      ON CONFLICT (caller, key) DO NOTHING
      RETURNING case_id""";
  private static final String FIND_KEYS = """
      SELECT k.caller, k.key, k.request_hash, k.status_code, k.response
      FROM idempotency_keys k JOIN unnest($1::text[], $2::text[]) AS w(caller, key)
        ON k.caller = w.caller AND k.key = w.key""";

  /** A stored idempotency record: the hash of the first body, and the status and body answered then. */
  public record StoredKey(String requestHash, int status, JsonObject response) {}

  private final Pool pool;

  public IdempotencyStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Takes the keys of a batch inside its transaction; answers the case ids whose key was free.
   * A key already in the database, or earlier in the batch, takes nothing. Keys are inserted in
   * one global order so that two batches holding the same keys cannot deadlock.
   */
  static Future<Set<UUID>> claim(SqlConnection conn, List<IntakeRequest> batch) {
    List<IntakeRequest> ordered = new ArrayList<>(batch);
    ordered.sort(Comparator.comparing(IntakeRequest::caller).thenComparing(IntakeRequest::key));
    int n = ordered.size();
    String[] callers = new String[n];
    String[] keys = new String[n];
    String[] hashes = new String[n];
    UUID[] caseIds = new UUID[n];
    String[] responses = new String[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    for (int k = 0; k < n; k++) {
      IntakeRequest r = ordered.get(k);
      callers[k] = r.caller();
      keys[k] = r.key();
      hashes[k] = r.requestHash();
      caseIds[k] = r.newCase().caseId();
      responses[k] = r.responseText();
      at[k] = r.newCase().createdAt();
    }
    Tuple t = Tuple.tuple().addArrayOfString(callers).addArrayOfString(keys).addArrayOfString(hashes).addArrayOfUUID(caseIds)
        .addArrayOfString(responses).addArrayOfOffsetDateTime(at);
    return conn.preparedQuery(INSERT_KEYS).execute(t).map(rs -> {
      Set<UUID> won = new HashSet<>();
      for (Row row : rs) won.add(row.getUUID(0));
      return won;
    });
  }

  /** The stored records for these (caller, key) pairs, keyed by {@link #keyOf}. */
  Future<Map<String, StoredKey>> find(List<String> callers, List<String> keys) {
    Tuple args = Tuple.tuple().addArrayOfString(callers.toArray(String[]::new)).addArrayOfString(keys.toArray(String[]::new));
    return pool.preparedQuery(FIND_KEYS).execute(args).map(rs -> {
      Map<String, StoredKey> out = new HashMap<>();
      for (Row row : rs) {
        out.put(keyOf(row.getString("caller"), row.getString("key")),
            new StoredKey(row.getString("request_hash"), row.getInteger("status_code"), (JsonObject) row.getJson("response")));
      }
      return out;
    });
  }

  /** The stored record of one key, or null. */
  Future<StoredKey> find(String caller, String key) {
    return find(List.of(caller), List.of(key)).map(found -> found.get(keyOf(caller, key)));
  }

  static String keyOf(String caller, String key) {
    return caller + '\u0000' + key;
  }

  /**
   * The answer to a request whose key is taken: the stored answer when the body is the same;
   * KEY_REUSED when it differs; KEY_IN_PROGRESS when the first request has not committed.
   */
  static Future<IntakeOutcome> replay(StoredKey k, String requestHash) {
    if (k == null) return Future.failedFuture(new DomainError(DomainError.Kind.KEY_IN_PROGRESS,
        "a request with this Idempotency-Key is still being processed"));
    if (!k.requestHash().equals(requestHash)) return Future.failedFuture(new DomainError(DomainError.Kind.KEY_REUSED,
        "this Idempotency-Key was used before with a different body"));
    return Future.succeededFuture(new IntakeOutcome.Replayed(k.status(), k.response()));
  }
}
