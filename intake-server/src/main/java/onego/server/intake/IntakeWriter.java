package onego.server.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import onego.router.events.EventPublisher;
import onego.server.config.GroupCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Group commit of intake (one per node). Submissions queue here; a batch is written as soon as
 * no transaction is running, or when {@code maxBatch} are waiting, or after {@code maxDelayMs};
 * so at low load nothing waits and at high load many submissions share one fsync. Each request
 * is answered only after its transaction committed. After commit the events are published on
 * through the {@link EventPublisher}.
 */
public final class IntakeWriter extends VerticleBase {
  public static final String ADDRESS = "onego.intake.write";
  private static final Logger log = LoggerFactory.getLogger(IntakeWriter.class);

  private final IntakeStore store;
  private final EventPublisher publisher;
  private final GroupCommit settings;
  private final ArrayDeque<Message<IntakeRequest>> pending = new ArrayDeque<>();
  private final Timer commitTimer;
  private final DistributionSummary batchSize;
  private final Counter overloaded;
  private int inFlight;
  private long timerId = -1;

  public IntakeWriter(IntakeStore store, EventPublisher publisher, GroupCommit settings, MeterRegistry registry) {
    this.store = store;
    this.publisher = publisher;
    this.settings = settings;
    this.commitTimer = Timer.builder("onego.intake.commit").description("time to commit one intake batch")
        .publishPercentiles(0.5, 0.99).register(registry);
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
    if (pending.size() >= settings.maxPending()) {
      overloaded.increment();
      m.reply(new IntakeOutcome.Overloaded());
      return;
    }
    pending.add(m);
    pump();
  }

  private void pump() {
    while (!pending.isEmpty() && inFlight < settings.maxConcurrentBatches()) {
      if (inFlight > 0 && pending.size() < settings.maxBatch()) {
        if (timerId < 0) timerId = vertx.setTimer(Math.max(1, settings.maxDelayMs()), id -> {
          timerId = -1;
          if (!pending.isEmpty() && inFlight < settings.maxConcurrentBatches()) flush();
          pump();
        });
        return;
      }
      flush();
    }
  }

  private void flush() {
    List<Message<IntakeRequest>> batch = new ArrayList<>(Math.min(pending.size(), settings.maxBatch()));
    while (!pending.isEmpty() && batch.size() < settings.maxBatch()) batch.add(pending.poll());
    inFlight++;
    batchSize.record(batch.size());
    List<IntakeRequest> requests = batch.stream().map(Message::body).toList();
    long start = System.nanoTime();
    store.writeBatch(requests)
        .recover(e -> {
          log.warn("intake batch of {} failed ({}); retrying once", requests.size(), e.toString());
          return store.writeBatch(requests);
        })
        .onComplete(ar -> {
          commitTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
          if (ar.succeeded()) answer(batch, ar.result());
          else {
            log.error("intake batch of {} failed twice: {}", requests.size(), ar.cause().toString());
            batch.forEach(m -> m.reply(new IntakeOutcome.Failed(ar.cause().getMessage())));
          }
          inFlight--;
          pump();
        });
  }

  private void answer(List<Message<IntakeRequest>> batch, Set<UUID> written) {
    List<Message<IntakeRequest>> others = new ArrayList<>();
    for (Message<IntakeRequest> m : batch) {
      NewCase c = m.body().newCase();
      if (written.contains(c.caseId())) {
        m.reply(new IntakeOutcome.Created(c.response()));
        publisher.publish(c.events());
      } else {
        others.add(m);
      }
    }
    if (others.isEmpty()) return;
    store.findKeys(others.stream().map(Message::body).toList()).onComplete(ar -> {
      if (ar.failed()) log.error("idempotency key look-up failed: {}", ar.cause().toString());
      for (Message<IntakeRequest> m : others) {
        if (ar.failed()) {
          m.reply(new IntakeOutcome.Failed(ar.cause().getMessage()));
          continue;
        }
        IntakeRequest r = m.body();
        IntakeStore.StoredKey k = ar.result().get(IntakeStore.keyOf(r.caller(), r.key()));
        m.reply(replayOrReuse(k, r.requestHash()));
      }
    });
  }

  /** The answer for a request whose key is already taken. */
  public static IntakeOutcome replayOrReuse(IntakeStore.StoredKey k, String requestHash) {
    if (k == null) return new IntakeOutcome.InProgress();
    if (!k.requestHash().equals(requestHash)) return new IntakeOutcome.KeyReused();
    return new IntakeOutcome.Replayed(k.status(), k.response());
  }

}
