package onego.server.config;

/**
 * Group commit of intake as configured ({@code intake.groupCommit:}): up to {@code maxBatch}
 * submissions share one transaction; a batch waits at most {@code maxDelayMs} for company while
 * another commits, at most {@code maxConcurrentBatches} run at once, and past {@code maxPending}
 * waiting submissions intake answers 503 OVERLOADED. The intake writer turns these into its
 * {@link onego.router.commit.CommitPolicy}, where the decisions are made and tested.
 * {@code maxDelayMs: 0} means no wait at all, as the key says (the writer before the shared engine
 * waited 1 ms then, the shortest timer).
 */
public record GroupCommit(int maxBatch, int maxDelayMs, int maxConcurrentBatches, int maxPending) {}
