package onego.router.dispatch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import onego.domain.Catalog;
import onego.router.DispatchSettings;
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
 * <p>{@code region}: the dispatch lane the items wait for (dispatch per (department, region): 就近办,
 * 湖南方案 四(一)): a division code for a region with an office of its own
 * ({@code departments.<code>.regions}), {@value #DEFAULT_REGION} for the department's own lane (the city's
 * items and those of every region without an office of its own). Dashboards sum by department
 * where they show departments.
 */
public final class BacklogMonitor {
  private static final Logger log = LoggerFactory.getLogger(BacklogMonitor.class);
  static final String DEFAULT_REGION = DispatchSettings.OWN_LANE;

  private final ClaimStore store;
  private final long limit;
  private final AtomicLong total = new AtomicLong();
  /** By department and lane ({@code department|region}). */
  private final Map<String, Figures> departments = new ConcurrentHashMap<>();
  private final Map<String, DispatchSettings> dispatch;
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

  /** Every department with its own lane only (no offices per region). */
  public BacklogMonitor(ClaimStore store, long limit, Catalog catalog, MeterRegistry registry) {
    this(store, limit, catalog, Map.of(), registry);
  }

  /** {@code dispatch}: the departments' settings, whose region entries get gauges of their own. */
  public BacklogMonitor(ClaimStore store, long limit, Catalog catalog, Map<String, DispatchSettings> dispatch, MeterRegistry registry) {
    this.store = store;
    this.limit = limit;
    this.registry = registry;
    this.dispatch = dispatch;
    for (String dept : catalog.departments().keySet()) {
      figures(dept, DEFAULT_REGION);
      DispatchSettings s = dispatch.get(dept);
      if (s != null) s.regionCodes().forEach(r -> figures(dept, r));
    }
    Gauge.builder("onego.router.backlog", total, AtomicLong::get).description("items queued for dispatch, all departments").register(registry);
  }

  /** The lane whose items of {@code region} (a case's division code, or null) wait in: its tag. */
  private String lane(String dept, String region) {
    DispatchSettings s = dispatch.get(dept);
    return s == null ? DEFAULT_REGION : s.forRegion(region).laneTag();
  }

  private Figures figures(String dept, String lane) {
    return departments.computeIfAbsent(dept + "|" + lane, key -> {
      Figures f = new Figures();
      Tags tags = Tags.of("department", dept, "region", lane);
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
        // several case regions may share a lane (the department's own): their figures add up
        Figures f = figures(b.department(), lane(b.department(), b.region()));
        f.queued.addAndGet(b.queued());
        long age = b.oldest() == null ? 0 : Math.max(0, Duration.between(b.oldest(), now).toSeconds());
        f.oldestSeconds.accumulateAndGet(age, Math::max);
        f.leased.addAndGet(b.leased());
        f.dead.addAndGet(b.dead());
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
