package onego.router.dispatch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import onego.domain.Catalog;
import onego.router.store.DatabaseFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the dispatch queues per department from PostgreSQL once a second (cluster-wide figures, the
 * same on every node): the gauges {@code onego_router_queued}, {@code onego_router_oldest_queued_seconds},
 * {@code onego_router_leased} and {@code onego_router_dead_letters_current}, each labelled
 * {@code department} and {@code region}, and the total that intake compares with
 * {@code router.backlogLimit} to answer 503 before the queues grow without end.
 *
 * <p>{@code region}: the catalog's departments carry no region (all 29 are 衡阳市 city departments),
 * so every department reports {@value #DEFAULT_REGION}; the label is there so that dashboards and
 * alerts keep working when a catalog with several regions arrives.
 */
public final class BacklogMonitor {
  private static final Logger log = LoggerFactory.getLogger(BacklogMonitor.class);
  static final String DEFAULT_REGION = "default";

  private final ClaimStore store;
  private final long limit;
  private final AtomicLong total = new AtomicLong();
  private final Map<String, Figures> departments = new ConcurrentHashMap<>();
  private final MeterRegistry registry;

  /** One department's gauges. */
  private static final class Figures {
    final AtomicLong queued = new AtomicLong();
    final AtomicLong oldestSeconds = new AtomicLong();
    final AtomicLong leased = new AtomicLong();
    final AtomicLong dead = new AtomicLong();

    void clear() {
      queued.set(0);
      oldestSeconds.set(0);
      leased.set(0);
      dead.set(0);
    }
  }

  public BacklogMonitor(ClaimStore store, long limit, Catalog catalog, MeterRegistry registry) {
    this.store = store;
    this.limit = limit;
    this.registry = registry;
    for (String dept : catalog.departments().keySet()) figures(dept);
    Gauge.builder("onego.router.backlog", total, AtomicLong::get).description("items queued for dispatch, all departments").register(registry);
  }

  private Figures figures(String dept) {
    return departments.computeIfAbsent(dept, d -> {
      Figures f = new Figures();
      Tags tags = Tags.of("department", d, "region", DEFAULT_REGION);
      Gauge.builder("onego.router.queued", f.queued, AtomicLong::get).tags(tags)
          .description("items waiting for dispatch").register(registry);
      Gauge.builder("onego.router.oldest.queued.seconds", f.oldestSeconds, AtomicLong::get).tags(tags)
          .description("age of the oldest item waiting for dispatch, 0 when none waits").register(registry);
      Gauge.builder("onego.router.leased", f.leased, AtomicLong::get).tags(tags)
          .description("items under a delivery lease: push deliveries in flight or pull leases not yet acknowledged").register(registry);
      Gauge.builder("onego.router.dead.letters.current", f.dead, AtomicLong::get).tags(tags)
          .description("items dead-lettered now (DELIVERY_FAILED, waiting for a replay)").register(registry);
      return f;
    });
  }

  /** Re-reads the queues (a periodic job of the node, every second). */
  public void refresh() {
    store.backlog().onSuccess(rows -> {
      long sum = 0;
      OffsetDateTime now = OffsetDateTime.now();
      departments.values().forEach(Figures::clear);
      for (ClaimStore.Backlog b : rows) {
        sum += b.queued();
        Figures f = figures(b.department());
        f.queued.set(b.queued());
        f.oldestSeconds.set(b.oldest() == null ? 0 : Math.max(0, Duration.between(b.oldest(), now).toSeconds()));
        f.leased.set(b.leased());
        f.dead.set(b.dead());
      }
      total.set(sum);
    }).onFailure(e -> {
      if (DatabaseFault.poolClosed(e)) log.debug("backlog query met the closed pool (the node is stopping)");
      else log.warn("backlog query failed: {}", e.toString());
    });
  }

  public boolean overLimit() {
    return total.get() > limit;
  }

  public long total() {
    return total.get();
  }
}
