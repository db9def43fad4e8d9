import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one step saw: answers by status, the latency of every answered request, the first errors. */
final class Step {
  final double rate;
  final long[] latencies;
  final Map<Integer, Long> statuses = new TreeMap<>();
  final List<String> errors = new ArrayList<>();
  long skipped;
  long start;
  /** The wall clock at {@link #start} (ms since the epoch), to line the slowest seconds up with the node's log. */
  long startWallMs;
  long sendEnd;
  long end;

  Step(double rate, int total) {
    this.rate = rate;
    this.latencies = new long[total];
    Arrays.fill(latencies, -1);
  }

  void answered(int slot, int status, long latency) {
    statuses.merge(status, 1L, Long::sum);
    latencies[slot] = latency;
  }

  void failed(Throwable e) {
    statuses.merge(-1, 1L, Long::sum);
    if (errors.size() < 3) errors.add(e.toString());
  }

  String json() {
    long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
    long good = statuses.entrySet().stream().filter(e -> e.getKey() / 100 == 2).mapToLong(Map.Entry::getValue).sum();
    double seconds = (end - start) / 1e9;
    StringBuilder s = new StringBuilder("{\"rate\":").append(rate)
        .append(",\"sent\":").append(latencies.length - skipped)
        .append(",\"skipped\":").append(skipped)
        .append(",\"sendSeconds\":").append(fmt((sendEnd - start) / 1e9))
        .append(",\"seconds\":").append(fmt(seconds))
        .append(",\"okPerSecond\":").append(fmt(good / seconds))
        .append(",\"ok\":").append(good)
        .append(",\"p50Ms\":").append(fmt(q(ok, 0.50)))
        .append(",\"p90Ms\":").append(fmt(q(ok, 0.90)))
        .append(",\"p99Ms\":").append(fmt(q(ok, 0.99)))
        .append(",\"p999Ms\":").append(fmt(q(ok, 0.999)))
        .append(",\"maxMs\":").append(fmt(ok.length == 0 ? 0 : ok[ok.length - 1] / 1e6))
        .append(",\"slowestSeconds\":").append(slowestSeconds(3))
        .append(",\"statuses\":{");
    String sep = "";
    for (Map.Entry<Integer, Long> e : statuses.entrySet()) {
      s.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
      sep = ",";
    }
    return s.append("},\"errors\":").append(Json.write(new ArrayList<>(errors))).append('}').toString();
  }

  /**
   * The {@code n} seconds of the step (by the requests' scheduled send times, UTC wall clock
   * HH:MM:SS) whose slowest answer was slowest, with that latency in ms: a stall shows as one
   * second far above the others, at a time to look up in the node's log and GC log.
   */
  private String slowestSeconds(int n) {
    int seconds = (int) Math.ceil(latencies.length / Math.max(rate, 1e-9)) + 1;
    long[] worst = new long[seconds];
    for (int i = 0; i < latencies.length; i++) {
      int s = (int) (i / rate);
      if (latencies[i] > worst[s]) worst[s] = latencies[i];
    }
    java.time.format.DateTimeFormatter hms = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").withZone(java.time.ZoneOffset.UTC);
    StringBuilder out = new StringBuilder("[");
    java.util.stream.IntStream.range(0, seconds).boxed().sorted((a, b) -> Long.compare(worst[b], worst[a])).limit(n).forEach(s -> {
      if (out.length() > 1) out.append(',');
      out.append("[\"").append(hms.format(java.time.Instant.ofEpochMilli(startWallMs + s * 1000L))).append("\",").append(fmt(worst[s] / 1e6)).append(']');
    });
    return out.append(']').toString();
  }

  private static double q(long[] sorted, double q) {
    if (sorted.length == 0) return 0;
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.1f", v);
  }
}
