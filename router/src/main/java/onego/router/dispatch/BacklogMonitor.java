package onego.router.dispatch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import onego.domain.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the queued backlog per department from PostgreSQL once a second: the gauges
 * {@code onego_router_queued} and {@code onego_router_oldest_queued_seconds}, and the total that
 * intake compares with {@code router.backlogLimit} to answer 503 before the queues grow without end.
 */
public final class BacklogMonitor {
  private static final Logger log = LoggerFactory.getLogger(BacklogMonitor.class);

  private final ClaimStore store;
  private final long limit;
  private final AtomicLong total = new AtomicLong();
  private final Map<String, AtomicLong> queued = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> oldestSeconds = new ConcurrentHashMap<>();

  public BacklogMonitor(ClaimStore store, long limit, Catalog catalog, MeterRegistry registry) {
    this.store = store;
    this.limit = limit;
    for (String dept : catalog.departments().keySet()) {
      queued.put(dept, new AtomicLong());
      oldestSeconds.put(dept, new AtomicLong());
      Gauge.builder("onego.router.queued", queued.get(dept), AtomicLong::get).tag("department", dept)
          .description("items waiting for dispatch").register(registry);
      Gauge.builder("onego.router.oldest.queued.seconds", oldestSeconds.get(dept), AtomicLong::get).tag("department", dept)
          .description("age of the oldest queued item").register(registry);
    }
    Gauge.builder("onego.router.backlog", total, AtomicLong::get).description("queued items, all departments").register(registry);
  }

  /** Re-reads the queues (a periodic job of the node, every second). */
  public void refresh() {
    store.backlog().onSuccess(rows -> {
      long sum = 0;
      OffsetDateTime now = OffsetDateTime.now();
      queued.values().forEach(a -> a.set(0));
      oldestSeconds.values().forEach(a -> a.set(0));
      for (ClaimStore.Backlog b : rows) {
        sum += b.queued();
        queued.computeIfAbsent(b.department(), k -> new AtomicLong()).set(b.queued());
        oldestSeconds.computeIfAbsent(b.department(), k -> new AtomicLong())
            .set(b.oldest() == null ? 0 : Math.max(0, Duration.between(b.oldest(), now).toSeconds()));
      }
      total.set(sum);
    }).onFailure(e -> log.warn("backlog query failed: {}", e.toString()));
  }

  public boolean overLimit() {
    return total.get() > limit;
  }

  public long total() {
    return total.get();
  }
}
