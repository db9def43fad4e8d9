package onego.server.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicInteger;

/** Subscribers connected, events delivered to them and consumers dropped, per transport (sse, ws). */
public final class StreamMetrics {
  public enum Transport { SSE, WS }

  private final AtomicInteger[] connected = new AtomicInteger[Transport.values().length];
  private final Counter[] delivered = new Counter[Transport.values().length];
  private final Counter[] dropped = new Counter[Transport.values().length];
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
    }
  }

  public void published(java.util.List<?> events) { published.increment(events.size()); }
  public void opened(Transport t) { connected[t.ordinal()].incrementAndGet(); }
  public void closed(Transport t) { connected[t.ordinal()].decrementAndGet(); }
  public void delivered(Transport t) { delivered[t.ordinal()].increment(); }
  public void dropped(Transport t) { dropped[t.ordinal()].increment(); }
  public int connected(Transport t) { return connected[t.ordinal()].get(); }
}
