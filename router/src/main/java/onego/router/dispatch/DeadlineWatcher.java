package onego.router.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import onego.domain.ItemClock;
import onego.domain.Times;
import onego.domain.WorkingCalendar;
import onego.router.cases.CaseReads;
import onego.router.cases.ItemFlow;
import onego.router.cases.ItemRow;
import onego.router.cases.ObligationRow;
import onego.router.store.ClusterLease;
import onego.router.store.DatabaseFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * 电子监察: raises a yellow card (ItemDueSoon, due soon by {@link ItemClock#dueSoon}) and a red card
 * (ItemOverdue, past due) once per item whose clock runs (none while it is RETURNED for 补正,
 * SUSPENDED or WAITING: {@link onego.domain.ItemClock}), and resumes suspensions whose
 * {@code until} has passed without the department ending them ({@link ItemFlow#resumeEnded}), and raises the
 * cards of 容缺 materials and 告知承诺 checks past due (one per cause). Every node runs one, but only the holder of
 * the {@code deadline-watcher} lease in PostgreSQL scans, so one cluster raises each card once.
 *
 * <p>A pass raises its cards as a stream of short transactions, {@link #CARD_BATCH} cards each
 * ({@link ItemFlow#raiseCards}), with a pause of {@link #BATCH_PAUSE_MS} between them: a pass over
 * hundreds of due items (every case filed on one day turns yellow together on its due day) would
 * otherwise run one commit and one audit append per card back to back, and intake's commits queue
 * behind that burst for as long as it lasts. A batch that fails for anything but the database being
 * unavailable (one case's row refused, say) is raised again card by card, and a card that fails on its
 * own is logged and left for the next pass: one case never holds back the cards of the others.
 */
public final class DeadlineWatcher {
  private static final Logger log = LoggerFactory.getLogger(DeadlineWatcher.class);
  private static final int SCAN_LIMIT = 500;
  private static final int ALERTS_LIMIT = 1000;
  /** Cards raised in one transaction. */
  static final int CARD_BATCH = 50;
  /** The pause between two transactions of cards, for the work of others (intake's commits) to go first. */
  static final long BATCH_PAUSE_MS = 20;

  private final Vertx vertx;
  private final ClusterLease lease;
  private final CaseReads reads;
  private final ItemFlow flow;
  private final WorkingCalendar calendar;
  private final long periodMs;
  private final int cardBatch;
  private final Counter yellowCards;
  private final Counter redCards;
  private final List<Supplier<Future<Integer>>> furtherScans = new CopyOnWriteArrayList<>();
  private boolean scanning;

  /**
   * @param periodMs how often {@link #scanIfLeader} is called; the scan lease lasts three periods
   * @param registry gets {@code onego_router_deadline_cards_total{level=yellow|red}}: cards this node raised (only
   *                 the lease holder raises, so the sum over nodes is the cluster's)
   */
  public DeadlineWatcher(Vertx vertx, Pool pool, CaseReads reads, ItemFlow flow, WorkingCalendar calendar, long periodMs,
                         MeterRegistry registry) {
    this(vertx, pool, reads, flow, calendar, periodMs, registry, CARD_BATCH);
  }

  /** As the public constructor, with {@code cardBatch} cards per transaction (tests sweep more than one batch with few items). */
  DeadlineWatcher(Vertx vertx, Pool pool, CaseReads reads, ItemFlow flow, WorkingCalendar calendar, long periodMs, MeterRegistry registry,
                  int cardBatch) {
    this.vertx = vertx;
    this.cardBatch = cardBatch;
    this.lease = new ClusterLease(pool, "deadline-watcher");
    this.reads = reads;
    this.flow = flow;
    this.calendar = calendar;
    this.periodMs = periodMs;
    this.yellowCards = cards(registry, "yellow");
    this.redCards = cards(registry, "red");
  }

  private static Counter cards(MeterRegistry registry, String level) {
    return Counter.builder("onego.router.deadline.cards").tag("level", level)
        .description("deadline cards raised (电子监察): yellow = due soon (ItemClock.dueSoon), red = past due").register(registry);
  }

  /**
   * Adds a scan the lease holder runs after the cards of each pass (other deadlines: an unanswered
   * complaint past its deadline); it answers how many things it marked. Call before the first tick.
   */
  public void alsoScan(Supplier<Future<Integer>> scan) {
    furtherScans.add(scan);
  }

  /** One tick of the periodic job: scans when this node holds (or takes) the cluster's scan lease. */
  public void scanIfLeader() {
    if (scanning) return;
    scanning = true;
    OffsetDateTime now = Times.now(calendar.zone());
    lease.take(now, Duration.ofMillis(3 * periodMs))
        .compose(held -> held ? scan() : Future.succeededFuture(0))
        .onComplete(ar -> {
          scanning = false;
          if (ar.failed() && DatabaseFault.poolClosed(ar.cause())) log.debug("deadline scan met the closed pool (the node is stopping)");
          else if (ar.failed()) log.warn("deadline scan failed: {}", ar.cause().toString());
          else if (ar.result() > 0) log.info("raised {} deadline cards", ar.result());
        });
  }

  /**
   * One pass: ended suspensions resumed first (their clocks run again), then red cards, then yellow, then
   * the further scans ({@link #alsoScan}); answers how many cards were raised and things marked.
   */
  public Future<Integer> scan() {
    OffsetDateTime now = Times.now(calendar.zone());
    Future<Integer> chain = resumeEnded(now).compose(v -> raise(reads.overdueWithoutRedCard(now, SCAN_LIMIT), true))
        .compose(red -> raise(reads.dueSoonWithoutYellowCard(now, ItemClock.DueSoonLines.at(calendar, now), SCAN_LIMIT), false)
            .map(yellow -> red + yellow))
        .compose(deadline -> followUpsPastDue(now).map(f -> deadline + f));
    for (Supplier<Future<Integer>> further : furtherScans) chain = chain.compose(n -> further.get().map(m -> n + m));
    return chain;
  }

  /** 容缺 materials not handed in and 告知承诺 not verified by their due dates: one card each ({@link ItemFlow#materialOverdue}, {@link ItemFlow#verificationOverdue}). */
  private Future<Integer> followUpsPastDue(OffsetDateTime now) {
    return reads.obligationsPastDue(now, SCAN_LIMIT).compose(list -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (ObligationRow o : list) {
        chain = chain.compose(n -> (ObligationRow.WAIVER.equals(o.kind()) ? flow.materialOverdue(o.caseId(), o.material())
            : flow.verificationOverdue(o.caseId(), o.material())).map(raised -> raised ? n + 1 : n));
      }
      return chain;
    });
  }

  private Future<Void> resumeEnded(OffsetDateTime now) {
    return reads.suspensionsEndedBefore(now.atZoneSameInstant(calendar.zone()).toLocalDate(), SCAN_LIMIT).compose(items -> {
      Future<Void> chain = Future.succeededFuture();
      for (ItemRow i : items) chain = chain.compose(v -> flow.resumeEnded(i.caseId(), i.itemId()).mapEmpty());
      return chain;
    });
  }

  private Future<Integer> raise(Future<List<ItemRow>> due, boolean red) {
    return due.compose(items -> raiseFrom(items, 0, red, 0));
  }

  /** The cards of {@code items} from index {@code from} on, {@link #cardBatch} a transaction, a pause between two. */
  private Future<Integer> raiseFrom(List<ItemRow> items, int from, boolean red, int raisedBefore) {
    int to = Math.min(items.size(), from + cardBatch);
    if (from >= to) return Future.succeededFuture(raisedBefore);
    return raiseBatch(items.subList(from, to), red).compose(raised -> {
      (red ? redCards : yellowCards).increment(raised);
      if (to == items.size()) return Future.succeededFuture(raisedBefore + raised);
      return vertx.timer(BATCH_PAUSE_MS).compose(v -> raiseFrom(items, to, red, raisedBefore + raised));
    });
  }

  /** One transaction of cards; failing, each card alone (see the class comment); fails only when the database is unavailable. */
  private Future<Integer> raiseBatch(List<ItemRow> batch, boolean red) {
    return flow.raiseCards(batch, red).recover(e -> {
      if (unavailable(e)) return Future.failedFuture(e);
      if (batch.size() == 1) {
        ItemRow i = batch.get(0);
        log.warn("the {} card of item {} (case {}) failed; the next pass tries it again: {}", red ? "red" : "yellow", i.itemId(), i.caseId(), e.toString());
        return Future.succeededFuture(0);
      }
      Future<Integer> chain = Future.succeededFuture(0);
      for (ItemRow i : batch) chain = chain.compose(n -> raiseBatch(List.of(i), red).map(raised -> n + raised));
      return chain;
    });
  }

  private static boolean unavailable(Throwable e) {
    return DatabaseFault.poolClosed(e) || DatabaseFault.of(e).retryLater();
  }

  /**
   * {@code /supervision/alerts}: items whose clock runs ({@code department}'s when not null) due soon
   * ({@code level} yellow, {@link ItemClock#dueSoon}) or past due (red), soonest first, at most 1000.
   */
  public Future<List<ItemRow>> alerts(String level, String department) {
    OffsetDateTime now = Times.now(calendar.zone());
    if (!"red".equals(level)) return reads.dueSoon(now, ItemClock.DueSoonLines.at(calendar, now), department, ALERTS_LIMIT);
    return reads.dueBetween(OffsetDateTime.parse("1970-01-01T00:00:00Z"), now, department, ALERTS_LIMIT);
  }
}
