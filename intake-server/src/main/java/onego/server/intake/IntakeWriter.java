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
import onego.router.commit.CommitPolicy;
import onego.router.commit.GroupCommitter;
import onego.router.federation.FederationStore;
import onego.server.config.GroupCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of intake (one per node): submissions arrive on {@link #ADDRESS} and are written
 * by {@link CaseLog#create} in batches by a {@link GroupCommitter}, with intake's policy: up to
 * {@code maxBatch} per transaction, waiting up to {@code maxDelayMs} for company while another
 * commits (at low load nothing waits, at high load many submissions share one fsync), refusing
 * past {@code maxPending}, a lost database retried once, and a batch the database refuses written
 * in halves down to the submission(s) at fault, so one bad submission fails only itself. Each
 * request is answered (with an {@link Reply}: an {@link IntakeOutcome} or a {@link DomainError})
 * only after its transaction committed; what a failure means for a submission is
 * {@link BatchFailure}'s to say.
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

    public Future<IntakeOutcome> toFuture() {
      return refusal == null ? Future.succeededFuture(outcome) : Future.failedFuture(refusal);
    }
  }
  private static final Logger log = LoggerFactory.getLogger(IntakeWriter.class);

  private final CaseLog cases;
  private final IdempotencyStore keys;
  private final CommitPolicy policy;
  private final Timer commitTimer;
  private final DistributionSummary batchSize;
  private final Counter overloaded;
  /** Made at start (it needs the verticle's Vert.x); read by {@link #refusesNow} and the gauge from any thread. */
  private volatile GroupCommitter<IntakeRequest, Future<Reply>> committer;

  public IntakeWriter(CaseLog cases, IdempotencyStore keys, GroupCommit settings, MeterRegistry registry) {
    this.cases = cases;
    this.keys = keys;
    this.policy = new CommitPolicy(settings.maxBatch(), settings.maxDelayMs(), settings.maxConcurrentBatches(), settings.maxPending(),
        CommitPolicy.Isolation.SPLIT, 1, BatchFailure::isTransient);
    this.commitTimer = Timer.builder("onego.intake.commit")
        .description("time to commit one intake batch, first statement to COMMIT (histogram)").register(registry);
    this.batchSize = DistributionSummary.builder("onego.intake.batch.size").description("submissions per intake transaction")
        .register(registry);
    this.overloaded = Counter.builder("onego.intake.overloaded").description("submissions refused: intake queue full").register(registry);
    Gauge.builder("onego.intake.pending", this, IntakeWriter::waiting).description("submissions waiting for a transaction").register(registry);
  }

  @Override
  public Future<?> start() {
    committer = new GroupCommitter<>("intake", vertx, policy, this::write, batchSize::record);
    return vertx.eventBus().<IntakeRequest>localConsumer(ADDRESS, this::accept).completion();
  }

  private void accept(Message<IntakeRequest> m) {
    committer.add(m.body()).compose(answer -> answer).onComplete(ar -> m.reply(ar.succeeded() ? ar.result() : refusal(ar.cause())));
  }

  /**
   * Whether a submission arriving now is refused because the queue is at {@code maxPending} (then
   * counted in {@code onego.intake.overloaded}); callable from any thread. The edge asks first and
   * answers 503 at once instead of spending a validation on a submission this writer would refuse:
   * under overload refused work must stay cheap, or the node serves fewer the more it is asked.
   */
  public boolean refusesNow() {
    GroupCommitter<IntakeRequest, Future<Reply>> c = committer;
    if (c == null || !c.full()) return false;
    overloaded.increment();
    return true;
  }

  private double waiting() {
    GroupCommitter<IntakeRequest, Future<Reply>> c = committer;
    return c == null ? 0 : c.waiting();
  }

  /**
   * The answer to a submission the committer failed: over {@code maxPending}, 503 OVERLOADED; the
   * database lost (still after the retry), 503; else the submission failed on its own ({@link BatchFailure#of}).
   */
  private Reply refusal(Throwable e) {
    if (e instanceof GroupCommitter.Overloaded) {
      overloaded.increment();
      return Reply.refused(DomainError.overloaded("intake is over its backlog limit; retry with the same Idempotency-Key"));
    }
    return Reply.refused(BatchFailure.isTransient(e) ? e : BatchFailure.of(e));
  }

  /**
   * Writes {@code batch} in one transaction (timed in {@code onego.intake.commit}, failed attempts
   * too) and answers, in order, each member's answer: written cases their 201; the others lost
   * their key to an earlier request and get its answer, read once for all of them after the commit
   * (the batch's transaction slot is free by then). Fails only when the transaction failed.
   */
  private Future<List<Future<Reply>>> write(List<IntakeRequest> batch) {
    long start = System.nanoTime();
    return cases.create(batch.stream().map(IntakeRequest::newCase).toList(), conn -> IdempotencyStore.claim(conn, batch)
            .compose(written -> FederationStore.recordFiled(conn, handoffs(batch, written)).map(written)))
        .onComplete(ar -> commitTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS))
        .map(written -> answers(batch, written));
  }

  /**
   * 跨省通办: the handoffs of a peer platform among the {@code written} cases (their caller is
   * {@code federation:<origin>}, their key the handoff id), recorded in the same transaction, so a
   * handoff id is filed once for good (the idempotency key alone lives only so long).
   */
  private static List<FederationStore.Filed> handoffs(List<IntakeRequest> batch, Set<UUID> written) {
    List<FederationStore.Filed> out = new ArrayList<>();
    for (IntakeRequest r : batch) {
      if (!r.caller().startsWith(FederationStore.CALLER_PREFIX) || !written.contains(r.newCase().caseId())) continue;
      out.add(new FederationStore.Filed(r.key(), r.caller().substring(FederationStore.CALLER_PREFIX.length()), r.newCase().caseId(),
          r.requestHash(), r.responseText(), r.newCase().kase().createdAt()));
    }
    return out;
  }

  private List<Future<Reply>> answers(List<IntakeRequest> batch, Set<UUID> written) {
    List<IntakeRequest> others = batch.stream().filter(r -> !written.contains(r.newCase().caseId())).toList();
    Future<Map<String, IdempotencyStore.StoredKey>> found = others.isEmpty() ? null
        : keys.find(others.stream().map(IntakeRequest::caller).toList(), others.stream().map(IntakeRequest::key).toList())
            .onFailure(e -> log.error("idempotency key look-up failed: {}", e.toString()));
    List<Future<Reply>> out = new ArrayList<>(batch.size());
    for (IntakeRequest r : batch) {
      if (written.contains(r.newCase().caseId())) {
        out.add(Future.succeededFuture(new Reply(new IntakeOutcome.Created(r.response(), r.responseText()), null)));
      } else {
        out.add(found.map(stored -> Reply.of(IdempotencyStore.replay(stored.get(IdempotencyStore.keyOf(r.caller(), r.key())), r.requestHash())))
            .otherwise(Reply::refused));
      }
    }
    return out;
  }

  private static DomainError storeDown(Throwable cause) {
    return new DomainError(DomainError.Kind.UNAVAILABLE, "the case store is unavailable; retry with the same Idempotency-Key",
        List.of(), cause);
  }
}
