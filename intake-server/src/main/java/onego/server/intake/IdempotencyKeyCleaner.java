package onego.server.intake;

import io.vertx.core.Future;
import onego.domain.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;

/** Deletes idempotency keys past their retention (keys live at least 24 h; the default keeps 48 h). */
public final class IdempotencyKeyCleaner {
  private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyCleaner.class);

  private final IntakeStore store;
  private final int retentionHours;
  private final ZoneId zone;

  public IdempotencyKeyCleaner(IntakeStore store, int retentionHours, ZoneId zone) {
    this.store = store;
    this.retentionHours = retentionHours;
    this.zone = zone;
  }

  /** One sweep: deletes in slices of 10 000 until nothing old is left; answers how many went. */
  public Future<Integer> sweep() {
    return sweep(0);
  }

  private Future<Integer> sweep(int sofar) {
    return store.deleteKeysBefore(Times.now(zone).minusHours(retentionHours)).compose(n -> {
      if (n == IntakeStore.DELETE_SLICE) return sweep(sofar + n);
      int total = sofar + n;
      if (total > 0) log.info("deleted {} idempotency keys older than {} h", total, retentionHours);
      return Future.succeededFuture(total);
    });
  }
}
