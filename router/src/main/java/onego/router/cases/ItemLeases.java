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
 * that change commits. Items of a case whose region lies in a federation peer's province
 * ({@code federation_peers}, 跨省通办) are never claimed here: {@code onego.router.federation} hands them over.
 * Status changes are not made here: they are {@link ItemFlow}'s.
 */
public final class ItemLeases {
  private static final String CLAIM = """
      WITH claimed AS (
        UPDATE case_items i SET lease_id = $2, lease_until = $3, attempts = i.attempts + 1,
               delivery_id = coalesce(i.delivery_id, gen_random_uuid())
        WHERE i.item_id IN (
          SELECT item_id FROM case_items
          WHERE department = $1 AND (status = 'QUEUED' OR cancel_pending)
            AND (next_attempt_at IS NULL OR next_attempt_at <= $4)
            AND (lease_until IS NULL OR lease_until < $4)
            AND NOT EXISTS (SELECT 1 FROM cases c JOIN federation_peers p ON p.province = left(c.region, 2)
                            WHERE c.case_id = case_items.case_id)
          ORDER BY updated_at
          LIMIT $5
          FOR NO KEY UPDATE SKIP LOCKED)
        RETURNING %s)
      SELECT %s, %s FROM claimed c JOIN cases k ON k.case_id = c.case_id""".formatted(
      ItemRow.TABLE.select("i"), ItemRow.TABLE.select("c"), CaseRow.TABLE.select("k"));
  private static final String RETRY_LATER = """
      UPDATE case_items SET lease_id = NULL, lease_until = NULL, next_attempt_at = $3, last_error = $4
      WHERE item_id = $1 AND lease_id = $2""";
  private static final String CANCEL_DONE = """
      UPDATE case_items SET lease_id = NULL, lease_until = NULL, cancel_pending = false, last_error = $3
      WHERE item_id = $1 AND lease_id = $2 AND cancel_pending""";

  /** An item taken under {@code leaseId}, with its case (for the work message). */
  public record Claimed(ItemRow item, CaseRow kase, UUID leaseId) {}

  private final Pool pool;

  public ItemLeases(Pool pool) {
    this.pool = pool;
  }

  /**
   * Takes up to {@code limit} items of {@code department} that are ready at {@code now} (queued, or
   * owing a withdrawal notice; not waiting for a retry; not under a live lease), oldest first,
   * leasing them until {@code until}; each attempt counter goes up by one and a first dispatch
   * gets its webhook-id.
   */
  public Future<List<Claimed>> claim(String department, int limit, OffsetDateTime now, OffsetDateTime until) {
    UUID leaseId = UUID.randomUUID();
    int caseColumns = ItemRow.TABLE.columns.size();
    return pool.preparedQuery(CLAIM).execute(Tuple.of(department, leaseId, until, now, limit)).map(rs -> {
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
