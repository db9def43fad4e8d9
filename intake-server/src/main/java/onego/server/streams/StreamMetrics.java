package onego.server.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Subscribers connected, events delivered to them, consumers dropped and the commit-to-subscriber
 * delay, per transport (sse, ws). The delay ({@code onego_stream_delivery_delay_seconds}, a
 * histogram) runs from an event's {@code at} (its commit) to its write on this node; events older
 * than {@link #LIVE_WINDOW} are catch-up reads of history (after=N), not live delivery, and are
 * not observed.
 */
public final class StreamMetrics {
  public enum Transport { SSE, WS }

  static final Duration LIVE_WINDOW = Duration.ofMinutes(10);

  private final AtomicInteger[] connected = new AtomicInteger[Transport.values().length];
  private final Counter[] delivered = new Counter[Transport.values().length];
  private final Counter[] dropped = new Counter[Transport.values().length];
  private final Timer[] delay = new Timer[Transport.values().length];
  private final Counter published;

  public StreamMetrics(MeterRegistry registry) {
    published = Counter.builder("onego.events.published").description("events committed and published by this node").register(registry);
    for (Transport t : Transport.values()) {
      String tag = t.name().toLowerCase();
      AtomicInteger n = new AtomicInteger();
      connected[t.ordinal()] = n;
      Gauge.builder("onego.stream.subscribers", n, AtomicInteger::get).tag("transport", tag)
          .description("open event streams (SSE responses, WebSocket connections)").register(registry);
      delivered[t.ordinal()] = Counter.builder("onego.stream.events.delivered").tag("transport", tag)
          .description("events written to subscribers").register(registry);
      dropped[t.ordinal()] = Counter.builder("onego.stream.consumers.dropped").tag("transport", tag)
          .description("subscribers closed because they could not keep up").register(registry);
      delay[t.ordinal()] = Timer.builder("onego.stream.delivery.delay").tag("transport", tag)
          .description("commit-to-subscriber delay of live events: the event's at to its write (histogram)").register(registry);
    }
  }

  public void published(java.util.List<?> events) { published.increment(events.size()); }
  public void opened(Transport t) { connected[t.ordinal()].incrementAndGet(); }
  public void closed(Transport t) { connected[t.ordinal()].decrementAndGet(); }
  public void dropped(Transport t) { dropped[t.ordinal()].increment(); }
  public int connected(Transport t) { return connected[t.ordinal()].get(); }

  /** One event written to a subscriber; {@code event} is the event as stored (its {@code at} is the commit time). */
  public void delivered(Transport t, JsonObject event) {
    delivered[t.ordinal()].increment();
    Duration age = ageOf(event);
    if (age != null && age.compareTo(LIVE_WINDOW) <= 0) delay[t.ordinal()].record(age.isNegative() ? Duration.ZERO : age);
  }

  private static Duration ageOf(JsonObject event) {
    Object at = event.getValue("at");
    if (!(at instanceof String s)) return null;
    try {
      return Duration.between(OffsetDateTime.parse(s).toInstant(), java.time.Instant.now());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
