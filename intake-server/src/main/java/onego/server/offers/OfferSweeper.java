package onego.server.offers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import onego.domain.Actor;
import onego.domain.OfferRule;
import onego.domain.ProgressEvent;
import onego.domain.Times;
import onego.router.store.ClusterLease;
import onego.router.store.DatabaseFault;
import onego.server.config.OfferSettings;
import onego.server.shareddata.SharedDataClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs the rules: the scheduled sweep and the event triggers.
 *
 * <p>Sweep ({@link #sweepIfLeader}, every {@code offers.sweepIntervalSeconds}): only the holder of the
 * {@code offer-sweeper} lease (a row of {@code leases} in PostgreSQL, held for three intervals and renewed by each
 * sweep; a node that dies stops renewing and another takes it over when it lapses) sweeps, so one node of the
 * cluster at a time reads the platform. A sweep first closes OFFERED offers past {@code expiresAt} as EXPIRED,
 * then, per swept rule, pages through the platform's candidates ({@link SharedDataClient#subjects}), skips those
 * already offered for the period and evaluates the rest ({@link Offers#evaluate}): at most
 * {@code offers.maxSubjectsPerRule} candidates per rule and sweep, the next sweep going on where this one stopped
 * (so the already offered at the head of the platform's order never hold back those behind them). Were two nodes ever to sweep at
 * once (a lease lapsing mid-sweep), the table's {@code UNIQUE (rule, subject, period)} still makes one offer.
 *
 * <p>Events ({@link #accept}, a listener of the node's committed progress events): an item reaching the status a
 * rule's trigger names (退休审批 COMPLETED) runs that rule for the case's applicant; each sweep also catches up on
 * trigger items of the last three intervals without an offer (a trigger lost with its node).
 */
public final class OfferSweeper implements Consumer<List<ProgressEvent>> {
  private static final Logger log = LoggerFactory.getLogger(OfferSweeper.class);
  private static final Actor SWEEP = Actor.system("offer-sweeper");
  private static final Actor TRIGGER = Actor.system("offer-trigger");
  private static final int EXPIRE_BATCH = 1000;

  private final Pool pool;
  private final Offers offers;
  private final SharedDataClient sharedData;
  private final OfferSettings settings;
  private final ZoneId zone;
  private final ClusterLease lease;
  private final List<OfferRule> swept;
  private final List<OfferRule> triggered;
  private boolean sweeping;
  /**
   * Per swept rule: the platform's cursor where the last sweep stopped at {@code maxSubjectsPerRule}, so the next one
   * goes on from there (absent: from the first page). Without it a sweep would page through the same head of the
   * candidate list every time and never reach the subjects behind it. Kept by the node that sweeps; another node
   * taking the lease over starts from the first page.
   */
  private final java.util.Map<String, String> resumeAt = new java.util.concurrent.ConcurrentHashMap<>();

  public OfferSweeper(Pool pool, Offers offers, SharedDataClient sharedData, OfferSettings settings, ZoneId zone) {
    this.pool = pool;
    this.lease = new ClusterLease(pool, "offer-sweeper");
    this.offers = offers;
    this.sharedData = sharedData;
    this.settings = settings;
    this.zone = zone;
    this.swept = offers.catalog().offers().rules().values().stream().filter(OfferRule::sweep).toList();
    this.triggered = offers.catalog().offers().rules().values().stream().filter(r -> !r.sweep()).toList();
  }

  /** The holder id of this node's lease (for tests and logs). */
  public String holder() { return lease.holder(); }

  /** One tick: sweeps when this node holds (or takes) the lease; a tick while a sweep runs does nothing. */
  public void sweepIfLeader() {
    if (sweeping || !settings.enabled()) return;
    sweeping = true;
    takeLease()
        .compose(held -> held ? sweep() : Future.succeededFuture(-1))
        .onComplete(ar -> {
          sweeping = false;
          if (ar.failed() && DatabaseFault.poolClosed(ar.cause())) log.debug("offer sweep met the closed pool (the node is stopping)");
          else if (ar.failed()) log.warn("offer sweep failed: {}", ar.cause().toString());
          else if (ar.result() > 0) log.info("offer sweep made {} offers", ar.result());
        });
  }

  /**
   * Takes or renews the cluster's {@code offer-sweeper} lease for this node until three intervals from now; true when
   * this node holds it (it held it, or the holder's {@code until} passed: a dead node's lease is taken over).
   */
  public Future<Boolean> takeLease() {
    OffsetDateTime now = Times.now(zone);
    return lease.take(now, java.time.Duration.ofSeconds(3L * settings.sweepIntervalSeconds()));
  }

  /** One whole sweep (expiry, then every swept rule); answers how many offers it made. */
  public Future<Integer> sweep() {
    Future<Integer> chain = offers.store().expire(Times.now(zone), EXPIRE_BATCH).map(expired -> {
      if (expired > 0) log.info("offer sweep closed {} offers past expiresAt", expired);
      return 0;
    });
    for (OfferRule rule : swept) chain = chain.compose(n -> sweep(rule).map(m -> n + m));
    for (OfferRule rule : triggered) chain = chain.compose(n -> catchUp(rule).map(m -> n + m));
    return chain;
  }

  /**
   * The event rules' backstop: subjects whose trigger item reached its status within the last three intervals and
   * who have no offer of the rule for the period are evaluated again, so a trigger lost with a node that died between
   * its commit and its listener is made up by the next sweep.
   */
  private Future<Integer> catchUp(OfferRule rule) {
    OffsetDateTime now = Times.now(zone);
    String period = rule.period().key(now.toLocalDate());
    OfferRule.Trigger t = rule.trigger();
    return pool.preparedQuery("""
            SELECT DISTINCT upper(c.applicant_id) FROM case_items i JOIN cases c ON c.case_id = i.case_id
            WHERE c.thing = $1 AND i.code = $2 AND i.status = $3 AND i.updated_at > $4
              AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.rule = $5 AND o.period = $6 AND o.subject = upper(c.applicant_id))
            LIMIT $7""")
        .execute(Tuple.of(t.thing(), t.item(), t.status(), now.minusSeconds(3L * settings.sweepIntervalSeconds()), rule.code(), period,
            settings.maxSubjectsPerRule()))
        .compose(rs -> {
          Future<Integer> chain = Future.succeededFuture(0);
          for (Row r : rs) {
            String subject = r.getString(0);
            chain = chain.compose(n -> offers.evaluate(rule, subject, SWEEP).map(o -> o == null ? n : n + 1));
          }
          return chain;
        })
        .recover(e -> {
          log.warn("offer rule {} not caught up: {}", rule.code(), e.toString());
          return Future.succeededFuture(0);
        });
  }

  private Future<Integer> sweep(OfferRule rule) {
    LocalDate today = Times.now(zone).toLocalDate();
    JsonObject where = new JsonObject(rule.candidates().forPlatform(today));
    String from = resumeAt.remove(rule.code()); // a failed sweep starts over from the first page next time
    return page(rule, today.toString(), where, from, 0, 0).recover(e -> {
      log.warn("offer rule {} not swept: {}", rule.code(), e.toString());
      return Future.succeededFuture(0);
    });
  }

  /**
   * The candidates from {@code after} on, page by page, until the platform's last page or {@code maxSubjectsPerRule}
   * subjects seen this sweep; stopping at the cap with pages left, remembers where ({@link #resumeAt}).
   */
  private Future<Integer> page(OfferRule rule, String day, JsonObject where, String after, int seen, int made) {
    if (seen >= settings.maxSubjectsPerRule()) {
      if (after != null) resumeAt.put(rule.code(), after);
      return Future.succeededFuture(made);
    }
    String period = rule.period().key(LocalDate.parse(day));
    return sharedData.subjects(rule.subject().code(), where, after, settings.pageSize()).compose(page -> {
      List<String> subjects = page.subjects().stream().map(String::toUpperCase).toList();
      if (subjects.isEmpty()) return Future.succeededFuture(made);
      return offers.store().offered(rule.code(), period, subjects).compose(already -> {
        Future<Integer> chain = Future.succeededFuture(made);
        for (String s : subjects) {
          if (already.contains(s)) continue;
          chain = chain.compose(n -> offers.evaluate(rule, s, SWEEP).map(o -> o == null ? n : n + 1));
        }
        return chain;
      }).compose(n -> page.next() == null ? Future.succeededFuture(n) : page(rule, day, where, page.next(), seen + subjects.size(), n));
    });
  }

  /** A listener of committed events: a trigger's item reaching its status runs the trigger's rules for the case's applicant. */
  @Override
  public void accept(List<ProgressEvent> events) {
    if (triggered.isEmpty()) return;
    for (ProgressEvent e : events) {
      if (e.itemId() == null || e.status() == null) continue;
      boolean wanted = triggered.stream().anyMatch(r -> r.trigger().status().equals(e.status()));
      if (wanted) onItem(e.itemId(), e.status());
    }
  }

  private void onItem(UUID itemId, String status) {
    pool.preparedQuery("SELECT c.thing, i.code, c.applicant_id FROM case_items i JOIN cases c ON c.case_id = i.case_id WHERE i.item_id = $1")
        .execute(Tuple.of(itemId))
        .compose(rs -> {
          if (rs.size() == 0) return Future.succeededFuture();
          Row r = rs.iterator().next();
          List<Future<OfferStore.Offer>> runs = new ArrayList<>();
          for (OfferRule rule : triggered) {
            OfferRule.Trigger t = rule.trigger();
            if (t.thing().equals(r.getString(0)) && t.item().equals(r.getString(1)) && t.status().equals(status)) {
              runs.add(offers.evaluate(rule, r.getString(2).toUpperCase(), TRIGGER));
            }
          }
          return Future.all(runs).mapEmpty();
        })
        .onFailure(e -> log.warn("offer trigger for an item failed: {}", e.toString()));
  }
}
