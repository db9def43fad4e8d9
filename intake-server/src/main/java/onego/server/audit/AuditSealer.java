package onego.server.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import onego.router.store.ClusterLease;
import onego.router.store.DatabaseFault;
import onego.router.store.Transactions;
import onego.server.config.AuditSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The audit trail's sequencer (anchor: Trillian's log sequencer; Certificate Transparency's maximum
 * merge delay). Audited changes and reads commit their rows to {@code audit_pending}
 * ({@link AuditTrail}); this verticle chains them into their day's hash chain in {@code audit_log}.
 * Every node runs one; only the holder of the cluster's {@code audit-sealer} lease ({@link ClusterLease},
 * {@code audit.leaseMs}, renewed every third of it) seals, and another node takes over when the
 * holder stops renewing (a node without the lease asks for it every third of {@code audit.leaseMs}, not every
 * sealing interval: taking the lease row is a write). Each seal transaction also takes {@code pg_try_advisory_xact_lock(}{@value #SEAL_LOCK}{@code )},
 * so two sealers never interleave, not even while a lease changes hands (clock skew, a paused holder).
 *
 * <p>One transaction per batch: the oldest {@code audit.sealBatch} pending rows by id; the heads of
 * their days created or locked ({@code audit_days}, days ascending, as {@code audit_append} does, so a
 * node of the older version appending during a rolling upgrade waits for the seal or the seal for it);
 * seq and hash per row in id order on a worker thread, with {@link AuditRow#canonical} and
 * {@link AuditRow#hash} over the values as read back from the database, exactly as {@link AuditVerifier}
 * reads them; the rows moved into {@code audit_log} and out of {@code audit_pending} in one statement;
 * the heads moved on; commit. A full batch is followed at once, otherwise the next waits
 * {@code audit.sealIntervalMs}.
 *
 * <p>Why the order is safe: the chain order is the seal order, assigned at seal time, not at insert.
 * A row can be sealed only once its transaction has committed (the sealer cannot see it before),
 * and it is appended after everything already sealed; so no row committed later can ever come before
 * a sealed row, and a sealed row's position never changes. No transaction-id horizon or guard
 * window is needed, as it would be if positions were assigned at insert. A sealer that dies mid-batch
 * rolls back: its rows stay pending and the next seal takes them.
 *
 * <p>Metrics: {@code onego_audit_merge_delay_seconds} (a timer: the seal's commit time minus each row's
 * {@code at}, with a bucket at the promise), and two gauges every node samples every
 * {@value #SAMPLE_MS} ms whether it seals or not: {@code onego_audit_unsealed_rows} and
 * {@code onego_audit_unsealed_oldest_seconds} (the oldest unsealed row's age); plus
 * {@code onego_audit_merge_delay_promise_seconds}, the configured promise, for the alert to compare with.
 */
public final class AuditSealer extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);
  /** The advisory lock key of a seal transaction ("onegoaud" as a 64-bit number). */
  static final long SEAL_LOCK = 0x6F6E65676F617564L;
  static final long SAMPLE_MS = 5_000;
  private static final String LEASE = "audit-sealer";
  private static final String LOCK = "SELECT pg_try_advisory_xact_lock($1), set_config('onego.audit_seal', 'on', true)";
  private static final String TAKE = """
      SELECT id, day, 0 AS day_seq, at, actor_id, actor_role, actor_unit, action, subject, case_id, purpose, detail,
             NULL::text AS prev_hash, NULL::text AS hash
      FROM audit_pending ORDER BY id LIMIT $1""";
  private static final String HEADS = """
      INSERT INTO audit_days AS a (day, last_seq, last_hash)
      SELECT d, 0, repeat('0', 64) FROM unnest($1::date[]) AS d ORDER BY d
      ON CONFLICT (day) DO UPDATE SET last_seq = a.last_seq
      RETURNING a.day, a.last_seq, a.last_hash""";
  private static final String SEAL = """
      WITH s AS (SELECT * FROM unnest($1::bigint[], $2::integer[], $3::text[], $4::text[]) AS s(id, seq, prev_hash, hash)),
      sealed AS (
        DELETE FROM audit_pending p USING s WHERE p.id = s.id
        RETURNING p.day, s.seq, p.at, p.actor_id, p.actor_role, p.actor_unit, p.action, p.subject, p.case_id, p.purpose,
                  p.detail, s.prev_hash, s.hash)
      INSERT INTO audit_log (""" + AuditRow.COLUMNS + ") SELECT * FROM sealed";
  private static final String MOVE_HEADS = """
      UPDATE audit_days a SET last_seq = h.seq, last_hash = h.hash
      FROM unnest($1::date[], $2::integer[], $3::text[]) AS h(day, seq, hash) WHERE a.day = h.day""";

  private final Pool pool;
  private final AuditSettings settings;
  private final ClusterLease lease;
  private final AuditBacklog backlog;
  private final Timer mergeDelay;
  private volatile AuditBacklog.Unsealed sampled;
  /** Until when (System.nanoTime) this node may seal without renewing the lease: a third of the lease after taking it. */
  private long heldUntilNanos;
  private boolean stopped;
  private long sealTimer = -1;
  private long sampleTimer = -1;
  private Future<?> inFlight = Future.succeededFuture();

  /**
   * @param registry gets the merge delay timer, the unsealed gauges and the promise gauge (see the class comment)
   */
  public AuditSealer(Pool pool, AuditSettings settings, MeterRegistry registry) {
    this.pool = pool;
    this.settings = settings;
    this.lease = new ClusterLease(pool, LEASE);
    this.backlog = new AuditBacklog(pool, Duration.ofMillis(settings.mergeDelayMs()));
    Duration promise = backlog.promise();
    this.mergeDelay = Timer.builder("onego.audit.merge.delay")
        .description("from an audit row's time to the commit of the seal that chained it (audit.mergeDelayMs is the promise)")
        .serviceLevelObjectives(promise).register(registry);
    Gauge.builder("onego.audit.unsealed.rows", this, s -> s.sampled == null ? 0 : s.sampled.rows())
        .description("committed audit rows not yet sealed into their day's chain (sampled by every node)").register(registry);
    Gauge.builder("onego.audit.unsealed.oldest.seconds", this, s -> s.sampled == null ? 0 : s.sampled.oldestAgeSeconds())
        .description("age of the oldest committed audit row not yet sealed, at the last sample (0 when none)").register(registry);
    Gauge.builder("onego.audit.merge.delay.promise.seconds", promise, p -> p.toNanos() / 1e9)
        .description("audit.mergeDelayMs: every audit row is promised to be sealed within this").register(registry);
  }

  /** This sealer's lease holder id (for tests and logs). */
  public String holder() { return lease.holder(); }

  /** The unsealed rows and the promise they are held to (what the verifier reports too). */
  public AuditBacklog backlog() { return backlog; }

  /** The unsealed rows as this node last sampled them; null before the first sample. */
  public AuditBacklog.Unsealed sampled() { return sampled; }

  @Override
  public Future<?> start() {
    round();
    sample();
    sampleTimer = vertx.setPeriodic(SAMPLE_MS, t -> sample());
    return Future.succeededFuture();
  }

  /** Stops sealing: the batch in flight ends (commits or rolls back), then the lease is given up for another node. */
  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(sealTimer);
    vertx.cancelTimer(sampleTimer);
    return inFlight.transform(x -> lease.release()).otherwiseEmpty();
  }

  private void sample() {
    backlog.read(null).onSuccess(u -> sampled = u)
        .onFailure(e -> log.debug("audit backlog sample failed: {}", e.toString()));
  }

  /** One round on this verticle's context: lease, then one batch; a full batch goes again at once. */
  private void round() {
    if (stopped) return;
    Future<Boolean> full = leased().compose(held -> held ? sealBatch().map(n -> n == settings.sealBatch()) : Future.succeededFuture(false));
    inFlight = full;
    full.onComplete(ar -> {
      if (ar.failed() && DatabaseFault.poolClosed(ar.cause())) log.debug("audit seal met the closed pool (the node is stopping)");
      else if (ar.failed()) log.warn("audit seal failed (its rows stay pending for the next): {}", ar.cause().toString());
      if (stopped) return;
      if (ar.succeeded() && ar.result()) context.runOnContext(v -> round());
      else sealTimer = vertx.setTimer(heldUntilNanos != 0 ? settings.sealIntervalMs() : retakeMs(), t -> round());
    });
  }

  /** How long a node without the lease waits before asking again: a third of the lease, at least one interval. */
  private long retakeMs() {
    return Math.max(settings.sealIntervalMs(), settings.leaseMs() / 3);
  }

  /** Whether this node holds the lease, renewing it when a third of it has passed since the last renewal. */
  private Future<Boolean> leased() {
    long now = System.nanoTime();
    if (heldUntilNanos != 0 && now - heldUntilNanos < 0) return Future.succeededFuture(true);
    return lease.take(OffsetDateTime.now(ZoneOffset.UTC), Duration.ofMillis(settings.leaseMs())).map(held -> {
      heldUntilNanos = held ? now + TimeUnit.MILLISECONDS.toNanos(settings.leaseMs()) / 3 : 0;
      return held;
    });
  }

  /**
   * Seals one batch of up to {@code audit.sealBatch} pending rows, oldest id first; answers how many
   * (0 when none were pending or another sealer's transaction holds the seal lock). Public for tests,
   * which seal without the lease; the advisory lock keeps that safe.
   */
  public Future<Integer> sealBatch() {
    return Transactions.withTransaction(pool, conn -> conn.preparedQuery(LOCK).execute(Tuple.of(SEAL_LOCK)).compose(locked -> {
      if (!locked.iterator().next().getBoolean(0)) return Future.succeededFuture(List.<OffsetDateTime>of());
      return conn.preparedQuery(TAKE).execute(Tuple.of(settings.sealBatch())).compose(taken -> {
        if (taken.size() == 0) return Future.succeededFuture(List.<OffsetDateTime>of());
        List<Long> ids = new ArrayList<>(taken.size());
        List<AuditRow> rows = new ArrayList<>(taken.size());
        TreeSet<LocalDate> days = new TreeSet<>();
        for (Row r : taken) {
          ids.add(r.getLong("id"));
          AuditRow row = AuditRow.of(r);
          rows.add(row);
          days.add(row.day());
        }
        return conn.preparedQuery(HEADS).execute(Tuple.of(days.toArray(LocalDate[]::new)))
            .compose(heads -> vertx.executeBlocking(() -> Chained.of(ids, rows, heads), false))
            .compose(c -> conn.preparedQuery(SEAL).execute(Tuple.of(c.ids, c.seqs, c.prevHashes, c.hashes)).compose(inserted -> {
              if (inserted.rowCount() != ids.size()) {
                return Future.failedFuture(new IllegalStateException("sealed " + inserted.rowCount() + " of " + ids.size() + " pending audit rows"));
              }
              return conn.preparedQuery(MOVE_HEADS).execute(Tuple.of(c.headDays, c.headSeqs, c.headHashes));
            }))
            .map(moved -> rows.stream().map(AuditRow::at).toList());
      });
    })).map(ats -> {
      OffsetDateTime committed = OffsetDateTime.now(ZoneOffset.UTC);
      for (OffsetDateTime at : ats) mergeDelay.record(Duration.between(at, committed).toNanos(), TimeUnit.NANOSECONDS);
      return ats.size();
    });
  }

  /** A batch chained: per row its seq, previous hash and hash (the statement's arrays); per day its new head. */
  private record Chained(Long[] ids, Integer[] seqs, String[] prevHashes, String[] hashes,
                         LocalDate[] headDays, Integer[] headSeqs, String[] headHashes) {
    /** Chains {@code rows} (id order) after the heads their days had: CPU work, for a worker thread. */
    static Chained of(List<Long> ids, List<AuditRow> rows, RowSet<Row> heads) {
      Map<LocalDate, Integer> seq = new TreeMap<>();
      Map<LocalDate, String> prev = new HashMap<>();
      for (Row h : heads) {
        seq.put(h.getLocalDate("day"), h.getInteger("last_seq"));
        prev.put(h.getLocalDate("day"), h.getString("last_hash"));
      }
      int n = rows.size();
      Integer[] seqs = new Integer[n];
      String[] prevHashes = new String[n];
      String[] hashes = new String[n];
      for (int i = 0; i < n; i++) {
        AuditRow r = rows.get(i);
        int s = seq.merge(r.day(), 1, Integer::sum);
        prevHashes[i] = prev.get(r.day());
        hashes[i] = AuditRow.hash(prevHashes[i], s, r.canonical());
        seqs[i] = s;
        prev.put(r.day(), hashes[i]);
      }
      LocalDate[] days = seq.keySet().toArray(LocalDate[]::new);
      Integer[] headSeqs = new Integer[days.length];
      String[] headHashes = new String[days.length];
      for (int d = 0; d < days.length; d++) {
        headSeqs[d] = seq.get(days[d]);
        headHashes[d] = prev.get(days[d]);
      }
      return new Chained(ids.toArray(Long[]::new), seqs, prevHashes, hashes, days, headSeqs, headHashes);
    }
  }
}
