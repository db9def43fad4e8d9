package onego.server.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import onego.domain.DomainError;
import onego.router.cases.CaseLog;
import onego.server.config.GroupCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of intake (one per node). Submissions queue here and are written by
 * {@link CaseLog#create} in batches, as {@link GroupCommit#next} decides: at low load nothing
 * waits, at high load many submissions share one fsync. Each request is answered (with an
 * {@link Reply}: an {@link IntakeOutcome} or a {@link DomainError}) only after its transaction
 * committed. One submission the database refuses fails only itself, never its batch (see {@link #commit}).
 */
public final class IntakeWriter extends VerticleBase {
  public static final String ADDRESS = "onego.intake.write";

  /**
   * The writer's answer to one request: an outcome, or the refusal (a {@link DomainError}; any
   * other failure is a bug, which the edge answers with a logged 500).
   */
  public record Reply(IntakeOutcome outcome, Throwable refusal) {
    static Reply of(Future<IntakeOutcome> f) {
      return f.succeeded() ? new Reply(f.result(), null) : refused(f.cause());
    }

    /** A refusal; a failure that is neither a {@link DomainError} nor a bug means the store was unreachable. */
    static Reply refused(Throwable e) {
      return new Reply(null, e instanceof DomainError || e instanceof BatchFailure.Bug ? e : storeDown(e));
    }

    Future<IntakeOutcome> toFuture() {
      return refusal == null ? Future.succeededFuture(outcome) : Future.failedFuture(refusal);
    }
  }
  private static final Logger log = LoggerFactory.getLogger(IntakeWriter.class);

  private final CaseLog cases;
  private final IdempotencyStore keys;
  private final GroupCommit settings;
  private final ArrayDeque<Message<IntakeRequest>> pending = new ArrayDeque<>();
  private final Timer commitTimer;
  private final DistributionSummary batchSize;
  private final Counter overloaded;
  private int inFlight;
  private long timerId = -1;
  private volatile boolean full;

  public IntakeWriter(CaseLog cases, IdempotencyStore keys, GroupCommit settings, MeterRegistry registry) {
    this.cases = cases;
    this.keys = keys;
    this.settings = settings;
    this.commitTimer = Timer.builder("onego.intake.commit")
        .description("time to commit one intake batch, first statement to COMMIT (histogram)").register(registry);
    this.batchSize = DistributionSummary.builder("onego.intake.batch.size").description("submissions per intake transaction")
        .register(registry);
    this.overloaded = Counter.builder("onego.intake.overloaded").description("submissions refused: intake queue full").register(registry);
    Gauge.builder("onego.intake.pending", pending, ArrayDeque::size).description("submissions waiting for a transaction").register(registry);
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<IntakeRequest>localConsumer(ADDRESS, this::accept).completion();
  }

  private void accept(Message<IntakeRequest> m) {
    if (!settings.admits(pending.size())) {
      overloaded.increment();
      m.reply(Reply.refused(DomainError.overloaded("intake is over its backlog limit; retry with the same Idempotency-Key")));
      return;
    }
    pending.add(m);
    full = !settings.admits(pending.size());
    pump();
  }

  /**
   * Whether a submission arriving now is refused because the queue is at {@code maxPending} (then
   * counted in {@code onego.intake.overloaded}); callable from any thread. The edge asks first and
   * answers 503 at once instead of spending a validation on a submission this writer would refuse:
   * under overload refused work must stay cheap, or the node serves fewer the more it is asked.
   */
  public boolean refusesNow() {
    if (!full) return false;
    overloaded.increment();
    return true;
  }

  private void pump() {
    while (true) {
      switch (settings.next(pending.size(), inFlight)) {
        case IDLE -> { return; }
        case WAIT -> {
          if (timerId < 0) timerId = vertx.setTimer(Math.max(1, settings.maxDelayMs()), id -> {
            timerId = -1;
            if (!pending.isEmpty() && inFlight < settings.maxConcurrentBatches()) flush();
            pump();
          });
          return;
        }
        case FLUSH -> flush();
      }
    }
  }

  private void flush() {
    List<Message<IntakeRequest>> batch = new ArrayList<>(Math.min(pending.size(), settings.maxBatch()));
    while (!pending.isEmpty() && batch.size() < settings.maxBatch()) batch.add(pending.poll());
    full = !settings.admits(pending.size());
    inFlight++;
    batchSize.record(batch.size());
    commit(batch, true).onComplete(ar -> {
      inFlight--;
      pump();
    });
  }

  /**
   * Writes {@code batch} in one transaction and answers every member; completes once all are
   * answered. A lost database (or a rolled-back transaction) is retried once, then every member
   * gets 503. Any other failure belongs to some member(s): the batch is split in halves, each
   * written on its own, down to the member(s) at fault, which alone get their refusal
   * ({@link BatchFailure#of}); everyone else is committed.
   */
  private Future<Void> commit(List<Message<IntakeRequest>> batch, boolean mayRetry) {
    List<IntakeRequest> requests = batch.stream().map(Message::body).toList();
    long start = System.nanoTime();
    return write(requests).transform(ar -> {
      commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      if (ar.succeeded()) {
        answer(batch, ar.result());
        return Future.succeededFuture();
      }
      Throwable e = ar.cause();
      if (BatchFailure.isTransient(e)) {
        if (mayRetry) {
          log.warn("intake batch of {} failed ({}); retrying once", batch.size(), e.toString());
          return commit(batch, false);
        }
        log.error("intake batch of {} failed twice: {}", batch.size(), e.toString());
        batch.forEach(m -> m.reply(Reply.refused(e)));
        return Future.succeededFuture();
      }
      if (batch.size() == 1) {
        batch.get(0).reply(Reply.refused(BatchFailure.of(e)));
        return Future.succeededFuture();
      }
      log.warn("intake batch of {} failed ({}); writing it in halves to find the submission(s) at fault", batch.size(), e.toString());
      int half = batch.size() / 2;
      return commit(batch.subList(0, half), true).transform(v -> commit(batch.subList(half, batch.size()), true));
    });
  }

  private Future<Set<UUID>> write(List<IntakeRequest> requests) {
    return cases.create(requests.stream().map(IntakeRequest::newCase).toList(), conn -> IdempotencyStore.claim(conn, requests));
  }

  /** Written cases get their 201; the others lost their key to an earlier request and get its answer. */
  private void answer(List<Message<IntakeRequest>> batch, Set<UUID> written) {
    List<Message<IntakeRequest>> others = new ArrayList<>();
    for (Message<IntakeRequest> m : batch) {
      if (written.contains(m.body().newCase().caseId())) m.reply(new Reply(new IntakeOutcome.Created(m.body().response(), m.body().responseText()), null));
      else others.add(m);
    }
    if (others.isEmpty()) return;
    List<String> callers = others.stream().map(m -> m.body().caller()).toList();
    List<String> keyList = others.stream().map(m -> m.body().key()).toList();
    keys.find(callers, keyList).onComplete(ar -> {
      if (ar.failed()) log.error("idempotency key look-up failed: {}", ar.cause().toString());
      for (Message<IntakeRequest> m : others) {
        if (ar.failed()) {
          m.reply(Reply.refused(ar.cause()));
          continue;
        }
        IntakeRequest r = m.body();
        Map<String, IdempotencyStore.StoredKey> found = ar.result();
        IdempotencyStore.replay(found.get(IdempotencyStore.keyOf(r.caller(), r.key())), r.requestHash())
            .onComplete(x -> m.reply(Reply.of((Future<IntakeOutcome>) x)));
      }
    });
  }

  private static DomainError storeDown(Throwable cause) {
    return new DomainError(DomainError.Kind.UNAVAILABLE, "the case store is unavailable; retry with the same Idempotency-Key",
        List.of(), cause);
  }
}
