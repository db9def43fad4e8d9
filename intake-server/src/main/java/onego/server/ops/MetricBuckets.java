package onego.server.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

import java.time.Duration;

/**
 * Histogram buckets for every latency OneGo and Vert.x's HTTP server record, so that a Prometheus
 * {@code histogram_quantile(0.99, sum by (le, ...) (rate(..._bucket[5m])))} aggregates across
 * nodes (per-node quantiles cannot be). Fixed buckets, not Micrometer's ~70 percentile buckets:
 * HTTP latency carries method, route template and status, and a dozen buckets keep those series
 * few. Timers: 5 ms to 60 s (an SLO line at 100 ms, 500 ms and 1 s among them; long polls and
 * streams fall into +Inf); {@code onego.intake.batch.size}: 1 to 500 submissions.
 */
public final class MetricBuckets implements MeterFilter {
  static final Duration[] LATENCY = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};
  static final double[] BATCH = {1, 2, 5, 10, 20, 50, 100, 200, 500};

  @Override
  public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
    String name = id.getName();
    boolean ours = name.startsWith("onego.") || name.startsWith("vertx.http.server.") || name.startsWith("vertx.http.client.");
    if (!ours) return config;
    if (id.getType() == Meter.Type.TIMER) {
      return DistributionStatisticConfig.builder().percentilesHistogram(false).percentiles(new double[0])
          .serviceLevelObjectives(nanos(LATENCY)).build().merge(config);
    }
    if (id.getType() == Meter.Type.DISTRIBUTION_SUMMARY && name.equals("onego.intake.batch.size")) {
      return DistributionStatisticConfig.builder().percentilesHistogram(false).percentiles(new double[0])
          .serviceLevelObjectives(BATCH).build().merge(config);
    }
    return config;
  }

  private static double[] nanos(Duration[] ds) {
    double[] out = new double[ds.length];
    for (int i = 0; i < ds.length; i++) out[i] = ds[i].toNanos();
    return out;
  }
}
