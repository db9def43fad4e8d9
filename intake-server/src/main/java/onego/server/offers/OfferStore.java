package onego.server.offers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code offers} table (migration V12). One offer per (rule, subject, period) is the table's
 * {@code UNIQUE} constraint: {@link #make} inserts with {@code ON CONFLICT DO NOTHING}, so a second sweep, a
 * second node or a restart makes nothing. States move OFFERED → CONFIRMED | DECLINED | EXPIRED, each by one
 * conditional {@code UPDATE}. An offer whose case is already filed (its intake key {@code (offers, offerId)}
 * is taken) is neither declined nor expired: the filing wins; nor is one declined whose confirmation is under way
 * ({@link #beginConfirm}).
 */
public final class OfferStore {
  /** The intake caller under which confirmations are filed; the Idempotency-Key is the offer id. */
  public static final String INTAKE_CALLER = "offers";

  private static final String COLUMNS = "offer_id, rule, subject, subject_kind, period, thing, items, state, facts, created_at, expires_at, decided_at, case_id, answer";
  private static final String INSERT = """
      INSERT INTO offers (offer_id, rule, subject, subject_kind, period, thing, items, state, facts, created_at, expires_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, 'OFFERED', $8, $9, $10)
      ON CONFLICT (rule, subject, period) DO NOTHING
      RETURNING\s""" + COLUMNS;
  private static final String NOT_FILED = "NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.caller = '" + INTAKE_CALLER + "' AND k.key = offers.offer_id::text)";
  /**
   * An OFFERED offer's {@code decided_at} marks a confirmation under way ({@link #beginConfirm}): a decline waits
   * {@link #CONFIRMING_FOR} after it before it may close the offer (a confirmation that failed leaves the mark behind).
   */
  private static final String DECLINE = "UPDATE offers SET state = 'DECLINED', decided_at = $2 WHERE offer_id = $1 AND state = 'OFFERED' AND "
      + "(decided_at IS NULL OR decided_at < $3) AND " + NOT_FILED + " RETURNING " + COLUMNS;
  private static final String BEGIN_CONFIRM = "UPDATE offers SET decided_at = $2 WHERE offer_id = $1 AND state = 'OFFERED' RETURNING " + COLUMNS;
  /** Confirmed once its case is committed: from any state (a decline or an expiry racing the filing loses to the case). */
  private static final String CONFIRM = "UPDATE offers SET state = 'CONFIRMED', case_id = $2, decided_at = coalesce(decided_at, $3), answer = coalesce(answer, $4) "
      + "WHERE offer_id = $1 AND (state <> 'CONFIRMED' OR case_id = $2) RETURNING " + COLUMNS;
  private static final String EXPIRE = """
      UPDATE offers SET state = 'EXPIRED', decided_at = $1
      WHERE offer_id IN (SELECT offer_id FROM offers WHERE state = 'OFFERED' AND expires_at <= $1 AND\s""" + NOT_FILED + """
       ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING offer_id""";

  /** One row of {@code offers}. */
  public record Offer(UUID offerId, String rule, String subject, String subjectKind, String period, String thing, List<String> items,
                      String state, JsonObject facts, OffsetDateTime createdAt, OffsetDateTime expiresAt, OffsetDateTime decidedAt,
                      UUID caseId, JsonObject answer) {}

  private final Pool pool;

  public OfferStore(Pool pool) {
    this.pool = pool;
  }

  /** Inserts the offer unless its (rule, subject, period) has one; answers the new row, or null when one existed. */
  public Future<Offer> make(String rule, String subject, String kind, String period, String thing, List<String> items, JsonObject facts,
                            OffsetDateTime now, OffsetDateTime expiresAt) {
    Tuple t = Tuple.tuple().addUUID(UUID.randomUUID()).addString(rule).addString(subject).addString(kind).addString(period).addString(thing)
        .addArrayOfString(items.toArray(String[]::new)).addValue(facts).addOffsetDateTime(now).addOffsetDateTime(expiresAt);
    return pool.preparedQuery(INSERT).execute(t).map(OfferStore::first);
  }

  /** Of {@code subjects}, those that already have an offer of {@code rule} for {@code period} (a sweep skips them unread). */
  public Future<Set<String>> offered(String rule, String period, List<String> subjects) {
    return pool.preparedQuery("SELECT subject FROM offers WHERE rule = $1 AND period = $2 AND subject = ANY($3)")
        .execute(Tuple.of(rule, period, subjects.toArray(String[]::new))).map(rs -> {
          Set<String> out = new HashSet<>();
          for (Row r : rs) out.add(r.getString(0));
          return out;
        });
  }

  /** Whether the offer's case is filed (its intake key is taken), whatever the offer row says yet. */
  public Future<Boolean> filed(UUID offerId) {
    return pool.preparedQuery("SELECT NOT " + NOT_FILED.replace("offers.offer_id::text", "$1") + " AS filed")
        .execute(Tuple.of(offerId.toString())).map(rs -> rs.iterator().next().getBoolean("filed"));
  }

  public Future<Offer> get(UUID offerId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM offers WHERE offer_id = $1").execute(Tuple.of(offerId)).map(OfferStore::first);
  }

  /** A subject's offers, newest first (at most {@code limit}). */
  public Future<List<Offer>> bySubject(String subject, int limit) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM offers WHERE subject = $1 ORDER BY created_at DESC, offer_id LIMIT $2")
        .execute(Tuple.of(subject, limit)).map(OfferStore::all);
  }

  /**
   * How long a confirmation under way keeps a decline off: longer than one filing can take (the shared-data reads, the
   * audit trail and the intake write's 30 s), so a decline never closes an offer whose case is about to be committed.
   */
  public static final java.time.Duration CONFIRMING_FOR = java.time.Duration.ofMinutes(2);

  /**
   * A confirmation begins: an OFFERED offer is marked (its {@code decided_at} set to {@code now}, the state kept) before
   * its case is filed, so that a decline arriving meanwhile is refused rather than answered DECLINED while the case
   * is committed after all (the rows' lock orders the two). Answers the offer, or null when it is not OFFERED (declined
   * or expired first, or confirmed).
   */
  public Future<Offer> beginConfirm(UUID offerId, OffsetDateTime now) {
    return pool.preparedQuery(BEGIN_CONFIRM).execute(Tuple.of(offerId, now)).map(OfferStore::first);
  }

  /**
   * OFFERED → DECLINED; null when the offer is not OFFERED, its case is filed, or a confirmation began less than
   * {@link #CONFIRMING_FOR} ago.
   */
  public Future<Offer> decline(UUID offerId, OffsetDateTime now) {
    return pool.preparedQuery(DECLINE).execute(Tuple.of(offerId, now, now.minus(CONFIRMING_FOR))).map(OfferStore::first);
  }

  /** → CONFIRMED with its committed case and the answer given (kept past the intake key's retention); null when it is CONFIRMED with another case (cannot happen: one key, one case). */
  public Future<Offer> confirm(UUID offerId, UUID caseId, OffsetDateTime now, JsonObject answer) {
    return pool.preparedQuery(CONFIRM).execute(Tuple.of(offerId, caseId, now, answer)).map(OfferStore::first);
  }

  /** Closes up to {@code limit} OFFERED offers past {@code expiresAt}; answers how many. */
  public Future<Integer> expire(OffsetDateTime now, int limit) {
    return pool.preparedQuery(EXPIRE).execute(Tuple.of(now, limit)).map(RowSet::rowCount);
  }


  private static Offer first(RowSet<Row> rs) {
    return rs.size() == 0 ? null : offer(rs.iterator().next());
  }

  private static List<Offer> all(RowSet<Row> rs) {
    List<Offer> out = new ArrayList<>();
    for (Row r : rs) out.add(offer(r));
    return out;
  }

  private static Offer offer(Row r) {
    return new Offer(r.getUUID("offer_id"), r.getString("rule"), r.getString("subject"), r.getString("subject_kind"), r.getString("period"),
        r.getString("thing"), List.of(r.getArrayOfStrings("items")), r.getString("state"), (JsonObject) r.getJson("facts"),
        r.getOffsetDateTime("created_at"), r.getOffsetDateTime("expires_at"), r.getOffsetDateTime("decided_at"), r.getUUID("case_id"),
        (JsonObject) r.getJson("answer"));
  }
}
