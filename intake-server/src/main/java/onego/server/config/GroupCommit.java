package onego.server.config;

/**
 * Group commit of intake: up to {@code maxBatch} submissions share one transaction; a batch
 * waits at most {@code maxDelayMs} for company, at most {@code maxConcurrentBatches} run at once,
 * and past {@code maxPending} waiting submissions intake answers 503 OVERLOADED.
 */
public record GroupCommit(int maxBatch, int maxDelayMs, int maxConcurrentBatches, int maxPending) {}
