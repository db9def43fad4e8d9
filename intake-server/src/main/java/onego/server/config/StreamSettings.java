package onego.server.config;

import onego.domain.ConfigNode;

import java.util.HashMap;
import java.util.Map;

/**
 * Limits of the live streams ({@code streams:} in the configuration).
 *
 * @param heartbeatMs          SSE comment heartbeat interval (contract: at most 15 s)
 * @param sseWriteQueueBytes   bytes an SSE response may queue before the consumer is dropped
 * @param wsWriteQueueBytes    bytes a WebSocket may queue before it is closed with 1013
 * @param maxSubscriptions     subscriptions one WebSocket may hold
 * @param catchUpPage          events read from PostgreSQL per catch-up query
 * @param maxPendingLive       live events buffered while a catch-up query runs; past it, the buffer is dropped and re-read
 * @param maxPerPrincipal      open streams (SSE responses and WebSockets together) one principal (API key or JWT
 *                             principal) may hold on one node; one more is 429 RATE_LIMITED ({@code maxPerPrincipal.default})
 * @param maxPerPrincipalByRole the same for the roles whose one token serves many people ({@code maxPerPrincipal.roles}:
 *                             a portal back end relaying its applicants' streams, the 12345 seat pool)
 * @param wsPingSeconds        the server pings every WebSocket this often (keeps idle sockets open through the HTTP
 *                             idle timeout and proxies)
 * @param wsPongTimeoutSeconds a WebSocket from which nothing (a pong or any frame) arrived for this long is closed with 1001
 */
public record StreamSettings(long heartbeatMs, int sseWriteQueueBytes, int wsWriteQueueBytes, int maxSubscriptions,
                             int catchUpPage, int maxPendingLive, int maxPerPrincipal, Map<String, Integer> maxPerPrincipalByRole,
                             int wsPingSeconds, int wsPongTimeoutSeconds) {

  public static StreamSettings read(ConfigNode n) {
    ConfigNode perPrincipal = n.optObj("maxPerPrincipal");
    Map<String, Integer> byRole = new HashMap<>();
    ConfigNode roles = perPrincipal.optObj("roles");
    for (String role : roles.keys()) {
      if (!AuthSettings.ROLES.contains(role)) throw roles.get(role).fail("unknown role " + role + "; one of " + AuthSettings.ROLES);
      byRole.put(role, (int) roles.range(role, 20, 1, 1_000_000));
    }
    return new StreamSettings(
        n.range("heartbeatMs", 15_000, 100, 15_000),
        (int) n.range("sseWriteQueueBytes", 256 * 1024, 4_096, 64L << 20),
        (int) n.range("wsWriteQueueBytes", 256 * 1024, 4_096, 64L << 20),
        (int) n.range("maxSubscriptions", 100, 1, 10_000),
        (int) n.range("catchUpPage", 500, 10, 10_000),
        (int) n.range("maxPendingLive", 1_000, 10, 100_000),
        (int) perPrincipal.range("default", 20, 1, 1_000_000),
        Map.copyOf(byRole),
        (int) n.range("wsPingSeconds", 30, 1, 3600),
        (int) n.range("wsPongTimeoutSeconds", 75, 1, 7200));
  }

  /** Open streams one principal of {@code role} may hold on one node. */
  public int maxPerPrincipal(String role) {
    return maxPerPrincipalByRole.getOrDefault(role, maxPerPrincipal);
  }

}
