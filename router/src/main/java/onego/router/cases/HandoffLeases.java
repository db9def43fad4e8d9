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
 * How the federation lanes (跨省通办, {@code onego.router.federation}) take the items they hand to a
 * peer platform: ready items of cases whose region lies in the peer's province, leased exactly as
 * department lanes lease theirs ({@link ItemLeases}: {@code FOR NO KEY UPDATE SKIP LOCKED}, a lease,
 * attempts counted, the webhook-id kept), so any number of nodes share a peer's items without
 * handing one out twice. Giving an item back ({@link ItemLeases#retryLater}, {@link ItemLeases#cancelDone})
 * and status changes ({@link ItemFlow}) are the same as for departments.
 */
public final class HandoffLeases {
  private static final String CLAIM = """
      WITH claimed AS (
        UPDATE case_items i SET lease_id = $2, lease_until = $3, attempts = i.attempts + 1,
               delivery_id = coalesce(i.delivery_id, gen_random_uuid())
        WHERE i.item_id IN (
          SELECT ci.item_id FROM case_items ci JOIN cases c ON c.case_id = ci.case_id
          WHERE left(c.region, 2) = $1 AND (ci.status = 'QUEUED' OR ci.cancel_pending)
            AND (ci.next_attempt_at IS NULL OR ci.next_attempt_at <= $4)
            AND (ci.lease_until IS NULL OR ci.lease_until < $4)
          ORDER BY ci.updated_at
          LIMIT $5
          FOR NO KEY UPDATE OF ci SKIP LOCKED)
        RETURNING %s)
      SELECT %s, %s FROM claimed c JOIN cases k ON k.case_id = c.case_id""".formatted(
      ItemRow.TABLE.select("i"), ItemRow.TABLE.select("c"), CaseRow.TABLE.select("k"));

  private final Pool pool;

  public HandoffLeases(Pool pool) {
    this.pool = pool;
  }

  /**
   * Takes up to {@code limit} items ready at {@code now} (queued, or owing a withdrawal notice; not
   * waiting for a retry; not under a live lease) of cases whose region's first two digits are
   * {@code province}, oldest first, leased until {@code until}.
   */
  public Future<List<ItemLeases.Claimed>> claim(String province, int limit, OffsetDateTime now, OffsetDateTime until) {
    UUID leaseId = UUID.randomUUID();
    int itemColumns = ItemRow.TABLE.columns.size();
    return pool.preparedQuery(CLAIM).execute(Tuple.of(province, leaseId, until, now, limit)).map(rs -> {
      List<ItemLeases.Claimed> out = new ArrayList<>(rs.size());
      for (Row r : rs) out.add(new ItemLeases.Claimed(ItemRow.from(r, 0), CaseRow.from(r, itemColumns), leaseId));
      return out;
    });
  }
}
