package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The dispatch columns of {@code case_items} (lease, attempts, webhook-id, retry time): how routers
 * and pulling departments take ready items and give them back. Claiming takes ready items with
 * {@code FOR NO KEY UPDATE SKIP LOCKED} (no key changes, so attempt rows' foreign-key checks need
 * not wait for it) and puts a lease on them, so any number of routers and pullers share the work
 * without handing one item out twice; a holder that dies lets its lease run out and the item is
 * offered again, under the same webhook-id. An item a case change holds locked is skipped until
 * that change commits. Only items of this platform's own province are claimed here: one whose case
 * region lies in another province (跨省通办) is a federation peer's, and {@code onego.router.federation} hands it over.
 * Status changes are not made here: they are {@link ItemFlow}'s.
 */
public final class ItemLeases {
  /**
   * The claim of one lane; {@code %1$s} is the lane's region predicate ({@link #OWN_LANE} or
   * {@link #REGION_LANE}), whose parameter is {@code $6}.
   */
  private static final String CLAIM_TEMPLATE = """
      WITH claimed AS (
        UPDATE case_items i SET lease_id = $2, lease_until = $3, attempts = i.attempts + 1,
               delivery_id = coalesce(i.delivery_id, gen_random_uuid())
        WHERE i.item_id IN (
          SELECT item_id FROM case_items
          WHERE department = $1 AND (status = 'QUEUED' OR cancel_pending)
            AND %1$s
            AND (next_attempt_at IS NULL OR next_attempt_at <= $4)
            AND (lease_until IS NULL OR lease_until < $4)
            AND ($7::text IS NULL OR region IS NULL OR left(region, 2) = $7)
          ORDER BY updated_at
          LIMIT $5
          FOR NO KEY UPDATE SKIP LOCKED)
        RETURNING %2$s)
      SELECT %3$s, %4$s FROM claimed c JOIN cases k ON k.case_id = c.case_id""";
  /** The department's own lane: items of the city (null) and of every region without an office of its own ($6, a text[]). */
  private static final String OWN_LANE = "(region IS NULL OR region <> ALL($6::text[]))";
  /** A region's lane: that region's items only ($6, a division code). */
  private static final String REGION_LANE = "region = $6";
  private static final String CLAIM_OWN = claim(OWN_LANE);
  private static final String CLAIM_REGION = claim(REGION_LANE);
  private static final String RETRY_LATER = """
      UPDATE case_items SET lease_id = NULL, lease_until = NULL, next_attempt_at = $3, last_error = $4
      WHERE item_id = $1 AND lease_id = $2""";
  private static final String CANCEL_DONE = """
      UPDATE case_items SET lease_id = NULL, lease_until = NULL, cancel_pending = false, last_error = $3
      WHERE item_id = $1 AND lease_id = $2 AND cancel_pending""";

  private static String claim(String lane) {
    return CLAIM_TEMPLATE.formatted(lane, ItemRow.TABLE.select("i"), ItemRow.TABLE.select("c"), CaseRow.TABLE.select("k"));
  }

  /**
   * Which of a department's items a claim may take (dispatch per (department, region): 就近办, 湖南方案 四(一)):
   * {@code region} non-null: that division's items only (its office's lane); null: the department's
   * own lane, every item whose case region is the city or has no office of its own ({@code offices}:
   * the divisions that have one).
   */
  public record Lane(String region, java.util.Set<String> offices) {
    /** The department's own lane, beside offices for {@code offices}. */
    public static Lane own(java.util.Set<String> offices) { return new Lane(null, offices); }

    /** The lane of {@code region}'s office. */
    public static Lane of(String region) { return new Lane(region, java.util.Set.of()); }
  }

  /** An item taken under {@code leaseId}, with its case (for the work message). */
  public record Claimed(ItemRow item, CaseRow kase, UUID leaseId) {}

  private final Pool pool;
  private final String province;

  /** Leases for {@link #retryLater} and {@link #cancelDone} only; a claim then takes items of any province. */
  public ItemLeases(Pool pool) {
    this(pool, null);
  }

  /** {@code province}: the 2-digit code of this platform's province, whose items alone department lanes claim (null: any). */
  public ItemLeases(Pool pool, String province) {
    this.pool = pool;
    this.province = province;
  }

  /**
   * Takes up to {@code limit} items of {@code department} in {@code lane} that are ready at {@code now} (queued, or
   * owing a withdrawal notice; not waiting for a retry; not under a live lease), oldest first,
   * leasing them until {@code until}; each attempt counter goes up by one and a first dispatch
   * gets its webhook-id.
   */
  public Future<List<Claimed>> claim(String department, Lane lane, int limit, OffsetDateTime now, OffsetDateTime until) {
    UUID leaseId = UUID.randomUUID();
    int caseColumns = ItemRow.TABLE.columns.size();
    Tuple args = Tuple.of(department, leaseId, until, now, limit);
    if (lane.region() != null) args.addString(lane.region());
    else args.addArrayOfString(lane.offices().toArray(String[]::new));
    args.addString(province);
    return pool.preparedQuery(lane.region() != null ? CLAIM_REGION : CLAIM_OWN).execute(args).map(rs -> {
      List<Claimed> out = new ArrayList<>(rs.size());
      for (Row r : rs) out.add(new Claimed(ItemRow.from(r, 0), CaseRow.from(r, caseColumns), leaseId));
      return out;
    });
  }

  /** Gives an item back under lease {@code leaseId}, not to be claimed before {@code at}; a lease no longer held changes nothing. */
  public Future<Void> retryLater(UUID itemId, UUID leaseId, OffsetDateTime at, String error) {
    return pool.preparedQuery(RETRY_LATER).execute(Tuple.of(itemId, leaseId, at, error)).mapEmpty();
  }

  /** The withdrawal notice reached the department (or will never: {@code error} says why); true when the lease was still held. */
  public Future<Boolean> cancelDone(UUID itemId, UUID leaseId, String error) {
    return pool.preparedQuery(CANCEL_DONE).execute(Tuple.of(itemId, leaseId, error)).map(rs -> rs.rowCount() == 1);
  }
}
