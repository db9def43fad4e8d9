package onego.server.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Keeps the scrape clean for {@code promtool check metrics}: Micrometer's JVM binders name three
 * meters against Prometheus's conventions. {@code jvm.compilation.time} (milliseconds) and
 * {@code process.cpu.time} (nanoseconds) carry abbreviated units and are dropped
 * ({@code process_cpu_usage} and {@code jvm_gc_pause_seconds} remain); {@code system.cpu.count}
 * looks like a histogram's {@code _count} and is published as {@code system_cpus}.
 */
public final class LintCleanNames implements MeterFilter {
  @Override
  public MeterFilterReply accept(Meter.Id id) {
    return switch (id.getName()) {
      case "jvm.compilation.time", "process.cpu.time" -> MeterFilterReply.DENY;
      default -> MeterFilterReply.NEUTRAL;
    };
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
  }
}
