package onego.router.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A cluster-wide lease: one row of {@code leases} (migration V2) naming the node that may do a job
 * only one node should do (the deadline scan, the offer sweep, the audit sealer). {@link #take}
 * renews it when this holder has it, takes it when its {@code until} has passed (the holder died or
 * stopped renewing), and otherwise answers false. Times are the caller's clock; a holder renews well
 * before {@code until}, so the skew between nodes needs to stay well below the hold time.
 */
public final class ClusterLease {
  private static final String TAKE = """
      INSERT INTO leases (name, holder, until) VALUES ($1, $2, $3)
      ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
      WHERE leases.until < $4 OR leases.holder = EXCLUDED.holder
      RETURNING holder""";
  private static final String RELEASE = "DELETE FROM leases WHERE name = $1 AND holder = $2";

  private final Pool pool;
  private final String name;
  private final String holder;

  /** The lease {@code name} for a holder of its own (a random id: one per lease object, so per node and job). */
  public ClusterLease(Pool pool, String name) {
    this.pool = pool;
    this.name = name;
    this.holder = UUID.randomUUID().toString();
  }

  /** This holder's id (as stored in {@code leases.holder}; for tests and logs). */
  public String holder() { return holder; }

  /** Takes or renews the lease until {@code now + hold}; true when this holder has it now. */
  public Future<Boolean> take(OffsetDateTime now, Duration hold) {
    return pool.preparedQuery(TAKE).execute(Tuple.of(name, holder, now.plus(hold), now)).map(rs -> rs.size() == 1);
  }

  /** Gives the lease up when this holder has it (a node stopping), so another takes it without waiting for {@code until}. */
  public Future<Void> release() {
    return pool.preparedQuery(RELEASE).execute(Tuple.of(name, holder)).mapEmpty();
  }
}
