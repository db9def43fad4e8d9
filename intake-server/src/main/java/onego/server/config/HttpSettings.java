package onego.server.config;

import onego.domain.ConfigNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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
 * @param requestTimeoutSeconds an API request not answered this long after its body was read is answered 503
 *                          OVERLOADED ({@code onego.server.web.RequestDeadline}); a department's long poll gets its
 *                          longest wait on top, event streams and WebSockets have none
 * @param corsOrigins       origins ({@code https://portal.example.gov.cn}, scheme, host and port only) whose browser
 *                          scripts may call the API (CORS; see {@code onego.server.web.Cors}); empty: none
 */
public record HttpSettings(int port, int maxBodyBytes, int instances, int retryAfterSeconds, int drainSeconds,
                           int idleTimeoutSeconds, int requestTimeoutSeconds, List<String> corsOrigins) {
  private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");

  public static HttpSettings read(ConfigNode n) {
    List<String> origins = new ArrayList<>();
    for (ConfigNode o : n.list("corsOrigins")) {
      if (!(o.raw() instanceof String s) || !ORIGIN.matcher(s).matches()) {
        throw o.fail("must be an origin: http(s)://host or http(s)://host:port, no path and no trailing slash");
      }
      origins.add(s);
    }
    return new HttpSettings((int) n.range("port", 8080, 0, 65535), (int) n.range("maxBodyBytes", 256 * 1024, 1024, 64L * 1024 * 1024),
        (int) n.range("instances", 0, 0, 256), (int) n.range("retryAfterSeconds", 2, 1, 3600),
        (int) n.range("drainSeconds", 20, 0, 3600), (int) n.range("idleTimeoutSeconds", 120, 1, 86_400),
        (int) n.range("requestTimeoutSeconds", 30, 1, 3600), List.copyOf(origins));
  }
}
