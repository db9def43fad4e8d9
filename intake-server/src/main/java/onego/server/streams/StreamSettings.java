package onego.server.streams;

import java.util.Map;

/**
 * Limits of the live streams. Read from {@code ONEGO_STREAM_*} environment variables, or the
 * matching {@code onego.stream.*} system properties (tests), else the defaults below.
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

  public static StreamSettings defaults() {
    return new StreamSettings(15_000, 256 * 1024, 256 * 1024, 100, 500, 1_000);
  }

  public static StreamSettings from(Map<String, String> env) {
    StreamSettings d = defaults();
    return new StreamSettings(
        number(env, "HEARTBEAT_MS", d.heartbeatMs, 100, 15_000),
        (int) number(env, "SSE_WRITE_QUEUE_BYTES", d.sseWriteQueueBytes, 4_096, 64L << 20),
        (int) number(env, "WS_WRITE_QUEUE_BYTES", d.wsWriteQueueBytes, 4_096, 64L << 20),
        (int) number(env, "MAX_SUBSCRIPTIONS", d.maxSubscriptions, 1, 10_000),
        (int) number(env, "CATCH_UP_PAGE", d.catchUpPage, 10, 10_000),
        (int) number(env, "MAX_PENDING_LIVE", d.maxPendingLive, 10, 100_000));
  }

  private static long number(Map<String, String> env, String name, long dflt, long min, long max) {
    String property = "onego.stream." + camel(name);
    String raw = env.getOrDefault("ONEGO_STREAM_" + name, System.getProperty(property));
    if (raw == null || raw.isBlank()) return dflt;
    long v;
    try {
      v = Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ONEGO_STREAM_" + name + " must be a whole number, not " + raw);
    }
    if (v < min || v > max) throw new IllegalArgumentException("ONEGO_STREAM_" + name + " must be between " + min + " and " + max);
    return v;
  }

  private static String camel(String upperSnake) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char c : upperSnake.toLowerCase().toCharArray()) {
      if (c == '_') { up = true; continue; }
      b.append(up ? Character.toUpperCase(c) : c);
      up = false;
    }
    return b.toString();
  }
}
