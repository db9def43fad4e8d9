package onego.server.config;

import onego.domain.ConfigNode;

/**
 * The HTTP edge ({@code http:}).
 *
 * @param port              listening port ({@code ONEGO_HTTP_PORT}); 0 picks a free one
 * @param maxBodyBytes      larger bodies get 413 PAYLOAD_TOO_LARGE
 * @param instances         edge verticles; 0 = one per event loop
 * @param retryAfterSeconds the {@code Retry-After} of every 503 OVERLOADED
 * @param drainSeconds      on SIGTERM, how long the node waits for requests in flight (streams and long polls are
 *                          ended at once) before it closes anyway; a load balancer's grace period should exceed it
 * @param idleTimeoutSeconds a connection with nothing read or written for this long is closed (WebSockets stay
 *                          busy with {@code streams.wsPingSeconds} pings)
 */
public record HttpSettings(int port, int maxBodyBytes, int instances, int retryAfterSeconds, int drainSeconds,
                           int idleTimeoutSeconds) {
  public static HttpSettings read(ConfigNode n) {
    return new HttpSettings((int) n.range("port", 8080, 0, 65535), (int) n.range("maxBodyBytes", 256 * 1024, 1024, 64L * 1024 * 1024),
        (int) n.range("instances", 0, 0, 256), (int) n.range("retryAfterSeconds", 2, 1, 3600),
        (int) n.range("drainSeconds", 20, 0, 3600), (int) n.range("idleTimeoutSeconds", 120, 1, 86_400));
  }
}
