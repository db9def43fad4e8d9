package onego.server.web;

import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/) of one request: the caller's
 * {@code traceparent} when it is valid (version {@code 00}, or a later one read as 00; trace id and
 * parent id not all zeros), else a new trace (a fresh random trace id, flags {@code 01}). This node's
 * work on the request is one span ({@code spanId}, new per request). The trace id goes on the
 * request's log lines ({@code traceId}, {@link RequestIds}); the case a submission files keeps
 * {@link #traceparent()} and its webhooks carry the trace id with a new span id per attempt.
 *
 * @param traceId 32 lower-case hex digits
 * @param spanId  this node's span, 16 lower-case hex digits
 * @param flags   2 lower-case hex digits ({@code 01}: sampled)
 */
public record TraceContext(String traceId, String spanId, String flags) {
  private static final String KEY = "onego.trace";
  private static final Pattern TRACEPARENT = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");

  /** Reads or starts the trace of {@code ctx}'s request (once; later calls answer the same). */
  public static TraceContext of(RoutingContext ctx) {
    TraceContext t = ctx.get(KEY);
    if (t == null) {
      t = parse(ctx.request().getHeader("traceparent"));
      ctx.put(KEY, t);
    }
    return t;
  }

  /** The context {@code header} continues, or a new trace when it is absent or invalid. */
  static TraceContext parse(String header) {
    if (header != null) {
      Matcher m = TRACEPARENT.matcher(header.trim());
      if (m.matches() && !m.group(1).equals("ff") && (m.group(5) == null || !m.group(1).equals("00"))
          && !m.group(2).equals("0".repeat(32)) && !m.group(3).equals("0".repeat(16))) {
        return new TraceContext(m.group(2), newId(16), m.group(4));
      }
    }
    return new TraceContext(newId(32), newId(16), "01");
  }

  /** {@code 00-<traceId>-<spanId>-<flags>}: what a call this node makes on the request's behalf sends. */
  public String traceparent() {
    return "00-" + traceId + "-" + spanId + "-" + flags;
  }

  /** {@code hexDigits} random lowercase hex digits, not all zeros (per request: no {@code String.format}, it showed in profiles). */
  private static String newId(int hexDigits) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] out = new char[hexDigits];
    boolean zeros;
    do {
      zeros = true;
      for (int i = 0; i < hexDigits; i++) {
        int d = r.nextInt(16);
        out[i] = Character.forDigit(d, 16);
        zeros &= d == 0;
      }
    } while (zeros);
    return new String(out);
  }
}
