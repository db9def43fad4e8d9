package onego.router.commit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import onego.domain.Pii;
import onego.router.commit.CommitPolicy.Isolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Group commit, the one engine for everything written many small times (intake's submissions,
 * dispatch outcomes and attempt rows, audited reads): members queue here and {@code write} takes
 * them up to {@code maxBatch} at a time, so under load many share one transaction (one fsync)
 * while at low load nothing waits. When, how many at once, how long a batch waits for company,
 * how many may queue and what a failed batch leads to is the {@link CommitPolicy}.
 *
 * <p>Each member is answered with its own result, or its own failure: a transient failure (as the
 * policy's classifier says) is retried whole, then fails every member of that batch; any other
 * failure of a batch of several is isolated as the policy's {@link Isolation} says, so that one bad
 * member fails only itself; a member that fails on its own fails with its write's failure, which the
 * caller maps to its answer.
 *
 * <p>Not thread-safe: one instance per event loop or verticle context, called only there (the
 * timer behind a wait fires on the context that added the member). {@link #waiting} and
 * {@link #full} alone may be read from any thread.
 *
 * @param <T> one member (a submission, a dispatch outcome, an audit entry)
 * @param <R> what writing it answers
 */
public final class GroupCommitter<T, R> {
  /**
   * {@link #add} when {@code maxPending} members are queued already; the caller maps it to its
   * answer (intake: 503 OVERLOADED). Carries no stack trace: under overload it is thrown often.
   */
  public static final class Overloaded extends RuntimeException {
    Overloaded(String name, int maxPending) {
      super(name + ": " + maxPending + " members are waiting to be written, the limit", null, false, false);
    }
  }

  private record Pending<T, R>(T member, Promise<R> promise) {}

  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

  private final String name;
  private final Vertx vertx;
  private final CommitPolicy policy;
  private final Function<List<T>, Future<List<R>>> write;
  private final IntConsumer batchSizes;
  private final ArrayDeque<Pending<T, R>> queue = new ArrayDeque<>();
  private int inFlight;
  private long timerId = -1;
  private volatile int waiting;
  private volatile boolean full;

  /** As {@link #GroupCommitter(String, Vertx, CommitPolicy, Function, IntConsumer)}, telling no one the batch sizes. */
  public GroupCommitter(String name, Vertx vertx, CommitPolicy policy, Function<List<T>, Future<List<R>>> write) {
    this(name, vertx, policy, write, size -> {});
  }

  /**
   * @param name       what is written, for the logs ("intake", "dispatch outcomes")
   * @param vertx      for the timer of a batch waiting for company
   * @param write      writes any non-empty list of members, all or none (one transaction or one
   *                   statement), and answers one result per member, in their order; called for whole
   *                   batches and, after a failure, for parts of them and for members alone. A failed
   *                   future or a thrown exception is the failure of that write.
   * @param batchSizes told the size of every batch as it goes out (not of its retries or parts)
   */
  public GroupCommitter(String name, Vertx vertx, CommitPolicy policy, Function<List<T>, Future<List<R>>> write,
                        IntConsumer batchSizes) {
    this.name = Objects.requireNonNull(name, "name");
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.write = Objects.requireNonNull(write, "write");
    this.batchSizes = Objects.requireNonNull(batchSizes, "batchSizes");
  }

  /**
   * Queues one member; completes with its result once its write committed (with its batch, a part
   * of it or alone), or fails with that write's failure. Fails at once with {@link Overloaded}
   * when {@code maxPending} members are queued.
   */
  public Future<R> add(T member) {
    if (!policy.admits(queue.size())) return Future.failedFuture(new Overloaded(name, policy.maxPending()));
    Promise<R> p = Promise.promise();
    queue.add(new Pending<>(member, p));
    queued();
    pump();
    return p.future();
  }

  /** Members queued and not yet in a batch; readable from any thread (a moment stale there). */
  public int waiting() {
    return waiting;
  }

  /**
   * Whether a member added now would be refused with {@link Overloaded}; readable from any thread
   * (a moment stale there), so that a caller can refuse early, before it spends work on a member
   * the committer would refuse.
   */
  public boolean full() {
    return full;
  }

  private void queued() {
    waiting = queue.size();
    full = !policy.admits(queue.size());
  }

  private void pump() {
    while (true) {
      switch (policy.next(queue.size(), inFlight)) {
        case IDLE -> { return; }
        case WAIT -> {
          if (timerId < 0) timerId = vertx.setTimer(policy.maxWaitMs(), id -> {
            timerId = -1;
            if (!queue.isEmpty() && inFlight < policy.maxConcurrentBatches()) flush();
            pump();
          });
          return;
        }
        case FLUSH -> flush();
      }
    }
  }

  private void flush() {
    List<Pending<T, R>> batch = new ArrayList<>(Math.min(queue.size(), policy.maxBatch()));
    while (!queue.isEmpty() && batch.size() < policy.maxBatch()) batch.add(queue.poll());
    queued();
    inFlight++;
    batchSizes.accept(batch.size());
    commit(batch, policy.transientRetries()).onComplete(v -> {
      inFlight--;
      pump();
    });
  }

  /** Writes {@code batch} and answers every member; completes (never fails) once all are answered. */
  private Future<Void> commit(List<Pending<T, R>> batch, int retriesLeft) {
    return attempt(batch).transform(ar -> {
      if (ar.succeeded()) {
        for (int k = 0; k < batch.size(); k++) batch.get(k).promise().complete(ar.result().get(k));
        return Future.succeededFuture();
      }
      Throwable e = ar.cause();
      if (policy.isTransient().test(e)) {
        if (retriesLeft > 0) {
          log.warn("{}: a batch of {} failed ({}); writing it again", name, batch.size(), describe(e));
          return commit(batch, retriesLeft - 1);
        }
        if (policy.transientRetries() > 0) {
          log.error("{}: a batch of {} failed {} times: {}", name, batch.size(), policy.transientRetries() + 1, describe(e));
        }
        return failAll(batch, e);
      }
      if (batch.size() == 1) return failAll(batch, e);
      return switch (policy.onFailure()) {
        case FAIL_ALL -> failAll(batch, e);
        case SPLIT -> {
          log.warn("{}: a batch of {} failed ({}); writing it in halves to find the member(s) at fault", name, batch.size(), describe(e));
          int half = batch.size() / 2;
          yield commit(batch.subList(0, half), policy.transientRetries())
              .transform(v -> commit(batch.subList(half, batch.size()), policy.transientRetries()));
        }
        case EACH_ALONE -> {
          log.warn("{}: a batch of {} failed ({}); writing each member alone", name, batch.size(), describe(e));
          List<Future<Void>> each = new ArrayList<>(batch.size());
          for (Pending<T, R> p : batch) each.add(commit(List.of(p), policy.transientRetries()));
          yield Future.join(each).mapEmpty();
        }
      };
    });
  }

  /** One call of {@code write}; a thrown exception or an answer of the wrong length is its failure. */
  private Future<List<R>> attempt(List<Pending<T, R>> batch) {
    List<T> members = batch.stream().map(Pending::member).toList();
    Future<List<R>> written;
    try {
      written = write.apply(members);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return written.compose(results -> results != null && results.size() == members.size() ? Future.succeededFuture(results)
        : Future.failedFuture(new IllegalStateException(name + ": a write of " + members.size() + " members answered "
            + (results == null ? "null" : results.size() + " results"))));
  }

  private static <T, R> Future<Void> failAll(List<Pending<T, R>> batch, Throwable e) {
    for (Pending<T, R> p : batch) p.promise().fail(e);
    return Future.succeededFuture();
  }

  /** A failure as logs may show it: failures of a store can quote the data that it refused. */
  private static String describe(Throwable e) {
    return Pii.scrub(e.toString());
  }
}
