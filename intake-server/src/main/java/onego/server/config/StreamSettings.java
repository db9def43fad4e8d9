package onego.server.config;

import onego.domain.ConfigNode;

/**
 * Limits of the live streams ({@code streams:} in the configuration).
 *
 * @param heartbeatMs          SSE comment heartbeat interval (contract: at most 15 s)
 * @param sseWriteQueueBytes   bytes an SSE response may queue before the consumer is dropped
 * @param wsWriteQueueBytes    bytes a WebSocket may queue before it is closed with 1013
 * @param maxSubscriptions     subscriptions one WebSocket may hold
 * @param catchUpPage          events read from PostgreSQL per catch-up query
 * @param maxPendingLive       live events buffered while a catch-up query runs; past it, the buffer is dropped and re-read
 */
public record StreamSettings(long heartbeatMs, int sseWriteQueueBytes, int wsWriteQueueBytes, int maxSubscriptions,
                             int catchUpPage, int maxPendingLive) {

  public static StreamSettings read(ConfigNode n) {
    return new StreamSettings(
        n.range("heartbeatMs", 15_000, 100, 15_000),
        (int) n.range("sseWriteQueueBytes", 256 * 1024, 4_096, 64L << 20),
        (int) n.range("wsWriteQueueBytes", 256 * 1024, 4_096, 64L << 20),
        (int) n.range("maxSubscriptions", 100, 1, 10_000),
        (int) n.range("catchUpPage", 500, 10, 10_000),
        (int) n.range("maxPendingLive", 1_000, 10, 100_000));
  }

}
