package onego.server.infra;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Micrometer's "This Gauge has been already registered" warning for Vert.x's own meters ({@code vertx.*})
 * and keeps it for every other meter (OneGo's {@code onego.*} among them).
 *
 * <p>Why: vertx-micrometer-metrics registers its gauges again on every use (each event-bus consumer, connection
 * or pool) to get back the one {@code LongAdder} behind the gauge; that is its design, and no value is lost.
 * Micrometer 1.13.9 and later warn about any gauge registered twice (once per JVM, then at debug), so every
 * start printed the warning for {@code vertx.eventbus.handlers}, a meter OneGo never registers itself. Both
 * projects track it upstream (vert-x3/vertx-micrometer-metrics#259, micrometer-metrics/micrometer#6931);
 * until one of them changes, this filter is the narrowest place to say "expected". A node's own gauges go to
 * a registry of its own ({@code OneGoNode}), so OneGo never registers one twice.
 */
public final class VertxGaugeReRegistrations extends TurboFilter {
  static final String LOGGER = "io.micrometer.core.instrument.MeterRegistry";
  private static final String VERTX_GAUGE = "This Gauge has been already registered (MeterId{name='vertx.";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format != null && level == Level.WARN && format.startsWith(VERTX_GAUGE) && LOGGER.equals(logger.getName())) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
