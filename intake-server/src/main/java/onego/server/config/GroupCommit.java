package onego.server.config;

/**
 * Group commit of intake ({@code intake.groupCommit:}): up to {@code maxBatch} submissions share
 * one transaction; a batch waits at most {@code maxDelayMs} for company, at most
 * {@code maxConcurrentBatches} run at once, and past {@code maxPending} waiting submissions intake
 * answers 503 OVERLOADED. The decisions are made here, so they can be tested without a database.
 */
public record GroupCommit(int maxBatch, int maxDelayMs, int maxConcurrentBatches, int maxPending) {
  /** What the writer does next. */
  public enum Decision {
    /** Nothing to write, or every transaction slot is taken. */
    IDLE,
    /** Write a batch now. */
    FLUSH,
    /** Another batch is committing and this one is not full: wait up to {@code maxDelayMs} for company. */
    WAIT
  }

  /** With {@code pending} submissions waiting and {@code inFlight} transactions running. */
  public Decision next(int pending, int inFlight) {
    if (pending == 0 || inFlight >= maxConcurrentBatches) return Decision.IDLE;
    if (inFlight == 0 || pending >= maxBatch) return Decision.FLUSH;
    return Decision.WAIT;
  }

  /** Whether one more submission may queue behind {@code pending}. */
  public boolean admits(int pending) {
    return pending < maxPending;
  }
}
