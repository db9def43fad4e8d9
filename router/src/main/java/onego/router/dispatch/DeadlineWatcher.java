package onego.router.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import onego.domain.Times;
import onego.domain.WorkingCalendar;
import onego.router.cases.ItemFlow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * 电子监察: raises a yellow card (ItemDueSoon, due within one working day) and a red card
 * (ItemOverdue, past due) once per unfinished item. Every node runs one, but only the holder of
 * the {@code deadline-watcher} lease in PostgreSQL scans, so one cluster raises each card once.
 */
public final class DeadlineWatcher {
  private static final Logger log = LoggerFactory.getLogger(DeadlineWatcher.class);
  private static final String LEASE = """
      INSERT INTO leases (name, holder, until) VALUES ('deadline-watcher', $1, $2)
      ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
      WHERE leases.until < $3 OR leases.holder = EXCLUDED.holder
      RETURNING holder""";
  private static final String UNFINISHED = "status NOT IN ('COMPLETED', 'REJECTED', 'CANCELLED')";
  private static final String DUE_RED = "SELECT case_id, item_id FROM case_items WHERE " + UNFINISHED
      + " AND due_at < $1 AND red_at IS NULL ORDER BY due_at LIMIT 500";
  private static final String DUE_YELLOW = "SELECT case_id, item_id FROM case_items WHERE " + UNFINISHED
      + " AND due_at >= $1 AND due_at <= $2 AND yellow_at IS NULL ORDER BY due_at LIMIT 500";
  private static final String ALERTS = "SELECT item_id, case_id, code, name, department, status, due_at FROM case_items WHERE "
      + UNFINISHED + " AND due_at >= $1 AND due_at <= $2 AND ($3::text IS NULL OR department = $3) ORDER BY due_at LIMIT 1000";

  private final Pool pool;
  private final ItemFlow flow;
  private final WorkingCalendar calendar;
  private final long periodMs;
  private final String holder = UUID.randomUUID().toString();
  private final Counter yellowCards;
  private final Counter redCards;
  private boolean scanning;

  /**
   * @param periodMs how often {@link #scanIfLeader} is called; the scan lease lasts three periods
   * @param registry gets {@code onego_router_deadline_cards_total{level=yellow|red}}: cards this node raised (only
   *                 the lease holder raises, so the sum over nodes is the cluster's)
   */
  public DeadlineWatcher(Pool pool, ItemFlow flow, WorkingCalendar calendar, long periodMs, MeterRegistry registry) {
    this.pool = pool;
    this.flow = flow;
    this.calendar = calendar;
    this.periodMs = periodMs;
    this.yellowCards = cards(registry, "yellow");
    this.redCards = cards(registry, "red");
  }

  private static Counter cards(MeterRegistry registry, String level) {
    return Counter.builder("onego.router.deadline.cards").tag("level", level)
        .description("deadline cards raised (电子监察): yellow = due within one working day, red = past due").register(registry);
  }

  /** One tick of the periodic job: scans when this node holds (or takes) the cluster's scan lease. */
  public void scanIfLeader() {
    if (scanning) return;
    scanning = true;
    OffsetDateTime now = Times.now(calendar.zone());
    pool.preparedQuery(LEASE).execute(Tuple.of(holder, now.plusNanos(3 * periodMs * 1_000_000), now))
        .compose(rs -> rs.size() == 0 ? Future.succeededFuture(0) : scan())
        .onComplete(ar -> {
          scanning = false;
          if (ar.failed()) log.warn("deadline scan failed: {}", ar.cause().toString());
          else if (ar.result() > 0) log.info("raised {} deadline cards", ar.result());
        });
  }

  /** One pass: red cards first, then yellow; answers how many were raised. */
  public Future<Integer> scan() {
    OffsetDateTime now = Times.now(calendar.zone());
    return raise(DUE_RED, Tuple.of(now), true)
        .compose(red -> raise(DUE_YELLOW, Tuple.of(now, yellowLine(now)), false).map(yellow -> red + yellow));
  }

  /** Yellow means due before the end of the next working day. */
  private OffsetDateTime yellowLine(OffsetDateTime now) {
    return calendar.due(now, 1);
  }

  private Future<Integer> raise(String query, Tuple args, boolean red) {
    return pool.preparedQuery(query).execute(args).compose(rs -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (Row r : rs) {
        UUID caseId = r.getUUID("case_id");
        UUID itemId = r.getUUID("item_id");
        chain = chain.compose(n -> flow.raiseCard(caseId, itemId, red).map(raised -> {
          if (!raised) return n;
          (red ? redCards : yellowCards).increment();
          return n + 1;
        }));
      }
      return chain;
    });
  }

  /** {@code /supervision/alerts}: unfinished items due within one working day (yellow) or past due (red). */
  public Future<JsonArray> alerts(String level, String department) {
    OffsetDateTime now = Times.now(calendar.zone());
    OffsetDateTime from = "red".equals(level) ? OffsetDateTime.parse("1970-01-01T00:00:00Z") : now;
    OffsetDateTime to = "red".equals(level) ? now : yellowLine(now);
    return pool.preparedQuery(ALERTS).execute(Tuple.of(from, to, department)).map(rs -> {
      JsonArray out = new JsonArray();
      for (Row r : rs) {
        out.add(new JsonObject().put("itemId", r.getUUID("item_id").toString()).put("caseId", r.getUUID("case_id").toString())
            .put("code", r.getString("code")).put("name", r.getString("name")).put("department", r.getString("department"))
            .put("status", r.getString("status")).put("dueAt", Times.format(Times.in(r.getOffsetDateTime("due_at"), calendar.zone())))
            .put("level", level));
      }
      return out;
    });
  }
}
