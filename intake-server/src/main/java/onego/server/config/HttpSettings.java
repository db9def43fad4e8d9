package onego.server.config;

import onego.domain.ConfigNode;

/**
 * The HTTP edge ({@code http:}).
 *
 * @param port              listening port ({@code ONEGO_HTTP_PORT}); 0 picks a free one
 * @param maxBodyBytes      larger bodies get 413 PAYLOAD_TOO_LARGE
 * @param instances         edge verticles; 0 = one per event loop
 * @param retryAfterSeconds the {@code Retry-After} of every 503 OVERLOADED
 */
public record HttpSettings(int port, int maxBodyBytes, int instances, int retryAfterSeconds) {
  public static HttpSettings read(ConfigNode n) {
    return new HttpSettings((int) n.range("port", 8080, 0, 65535), (int) n.range("maxBodyBytes", 256 * 1024, 1024, 64L * 1024 * 1024),
        (int) n.range("instances", 0, 0, 256), (int) n.range("retryAfterSeconds", 2, 1, 3600));
  }
}
