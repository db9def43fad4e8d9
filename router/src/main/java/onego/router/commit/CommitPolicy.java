package onego.router.commit;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a {@link GroupCommitter} groups writes and what it does when one fails, as data: each user
 * states its choices in one place, and the decisions ({@link #next}, {@link #admits}) are tested
 * without a database. The users and their choices: intake (configured by
 * {@code intake.groupCommit:}; waits for company, admission limit, {@link Isolation#SPLIT}, one
 * retry of a lost database), dispatch outcomes and attempt rows, audited reads (all three
 * {@link #eachAlone}).
 *
 * @param maxBatch             members per write at most (at least 1)
 * @param maxWaitMs            how long, in milliseconds, a partial batch may wait for company while
 *                             another batch is being written; 0: never wait (a batch goes whenever a
 *                             write slot is free). No batch waits when nothing is being written.
 * @param maxConcurrentBatches writes in flight at once at most (at least 1); the parts and retries of
 *                             a failed batch run inside its slot
 * @param maxPending           members queued and not yet in a batch at most; past it
 *                             {@link GroupCommitter#add} fails at once with {@link GroupCommitter.Overloaded}.
 *                             {@link #UNBOUNDED} when the caller bounds what it adds by other means
 * @param onFailure            what a failure of a batch of several members that is not transient leads to
 * @param transientRetries     how many times a batch (or a part of one) whose failure is transient is
 *                             written again, whole, before every member fails with that failure (0: never)
 * @param isTransient          which failures are the store's trouble rather than some member's fault
 *                             (retried whole, never isolated); {@link #NEVER_TRANSIENT} for none
 */
public record CommitPolicy(int maxBatch, int maxWaitMs, int maxConcurrentBatches, int maxPending, Isolation onFailure,
                           int transientRetries, Predicate<Throwable> isTransient) {
  /** {@code maxPending} of a queue bounded by its caller (dispatch outcomes: by the lanes' credits). */
  public static final int UNBOUNDED = Integer.MAX_VALUE;
  /** {@code isTransient} of a user that retries nothing. */
  public static final Predicate<Throwable> NEVER_TRANSIENT = e -> false;

  /** What a batch of several members whose write failed, not transiently, leads to. */
  public enum Isolation {
    /**
     * Write it in halves, each in its own write, the halves one after the other, recursively down to
     * the member(s) at fault: about 2·log₂(n) writes for one bad member among n. For big batches of
     * costly writes (intake: one transaction of up to 64 cases).
     */
    SPLIT,
    /** Write each member alone, all at once: n writes. For members that rarely fail and cheap writes. */
    EACH_ALONE,
    /** The batch stands or falls as one: every member fails with the batch's failure. */
    FAIL_ALL
  }

  /** What the committer does next. */
  public enum Decision {
    /** Nothing to write, or every write slot is taken. */
    IDLE,
    /** Write a batch now. */
    FLUSH,
    /** Another batch is being written and this one is not full: wait up to {@code maxWaitMs} for company. */
    WAIT
  }

  /** Refuses a policy out of range (a bug of its maker: config ranges are checked where config is read). */
  public CommitPolicy {
    if (maxBatch < 1 || maxWaitMs < 0 || maxConcurrentBatches < 1 || maxPending < 1 || transientRetries < 0) {
      throw new IllegalArgumentException("commit policy out of range: maxBatch " + maxBatch + ", maxWaitMs " + maxWaitMs
          + ", maxConcurrentBatches " + maxConcurrentBatches + ", maxPending " + maxPending + ", transientRetries " + transientRetries);
    }
    Objects.requireNonNull(onFailure, "onFailure");
    Objects.requireNonNull(isTransient, "isTransient");
  }

  /**
   * A committer that never waits for company, admits everything and writes each member of a failed
   * batch alone, retrying nothing: a batch goes out whenever one of {@code maxConcurrentBatches}
   * slots is free, so nothing waits at low load, and under load members gather while the writes run.
   * (Dispatch outcomes and attempt rows, audited reads: their queues are bounded by their callers.)
   */
  public static CommitPolicy eachAlone(int maxBatch, int maxConcurrentBatches) {
    return new CommitPolicy(maxBatch, 0, maxConcurrentBatches, UNBOUNDED, Isolation.EACH_ALONE, 0, NEVER_TRANSIENT);
  }

  /** With {@code pending} members queued and {@code inFlight} batches being written. */
  public Decision next(int pending, int inFlight) {
    if (pending == 0 || inFlight >= maxConcurrentBatches) return Decision.IDLE;
    if (inFlight == 0 || pending >= maxBatch || maxWaitMs == 0) return Decision.FLUSH;
    return Decision.WAIT;
  }

  /** Whether one more member may queue behind {@code pending}. */
  public boolean admits(int pending) {
    return pending < maxPending;
  }
}
