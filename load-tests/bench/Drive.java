import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The open-model load generator of {@code bench.py} (JDK only, compiled with the storm's
 * {@code Json} and {@code Submissions}): for each rate of {@code --rates} it sends requests at that
 * constant arrival rate for {@code --seconds} and prints one JSON line: offered and achieved rate,
 * answers by status, and latencies measured from each request's <em>scheduled</em> send time (so
 * a stalled server is not hidden by a generator that waits for it).
 *
 * <pre>
 *   java -cp out Drive intake  --base http://127.0.0.1:18080 --rates 500,1000 --seconds 20 [--thing newborn]
 *   java -cp out Drive hotline --base http://127.0.0.1:18080 --rates 5000 --seconds 20 --cases 200
 * </pre>
 * {@code intake}: POST /cases with a fresh Idempotency-Key and a fresh applicant each, bodies built
 * from the thing's one-time notice (paper copies, so no e-certificate registry is needed).
 * {@code hotline}: first submits {@code --cases} cases, then GET /hotline/cases/{id} over them.
 * {@code --max-open} (4000) caps requests in flight; a request beyond it counts as "skipped".
 */
public final class Drive {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(2)).build();
  private final URI base;
  private final Map<String, String> o;

  private Drive(Map<String, String> o) {
    this.o = o;
    this.base = URI.create(o.getOrDefault("base", "http://127.0.0.1:8080"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    new Drive(o).run(args.length == 0 ? "intake" : args[0]);
    System.exit(0);
  }

  private void run(String mode) throws Exception {
    int seconds = Integer.parseInt(o.getOrDefault("seconds", "20"));
    int maxOpen = Integer.parseInt(o.getOrDefault("max-open", "4000"));
    Random random = new Random(Long.parseLong(o.getOrDefault("seed", String.valueOf(System.nanoTime()))));
    String run = Long.toString(System.currentTimeMillis(), 36);
    AtomicInteger n = new AtomicInteger();
    RequestSource source;
    if (mode.equals("hotline")) {
      List<String> ids = submitCases(Integer.parseInt(o.getOrDefault("cases", "200")), random, run);
      String token = o.getOrDefault("hotline-token", "dev-hotline");
      source = () -> HttpRequest.newBuilder(base.resolve("/api/v1/hotline/cases/" + ids.get(n.getAndIncrement() % ids.size())))
          .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build();
    } else {
      Map<String, Object> notice = notice();
      source = () -> submission(notice, random, run + "-" + n.getAndIncrement());
    }
    for (String r : o.getOrDefault("rates", "200").split(",")) {
      System.out.println(step(source, Double.parseDouble(r), seconds, maxOpen));
      System.out.flush();
    }
  }

  @FunctionalInterface
  private interface RequestSource { HttpRequest next(); }

  private Map<String, Object> notice() throws Exception {
    String thing = o.getOrDefault("thing", "newborn");
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/things/" + thing)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException("GET /things/" + thing + " answered " + r.statusCode());
    return Json.object(r.body());
  }

  private HttpRequest submission(Map<String, Object> notice, Random random, String key) {
    String body;
    synchronized (random) {
      body = Json.write(Submissions.of(notice, random));
    }
    return HttpRequest.newBuilder(base.resolve("/api/v1/cases"))
        .header("Authorization", "Bearer " + o.getOrDefault("token", "dev-portal"))
        .header("Idempotency-Key", "drive-" + key).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private List<String> submitCases(int count, Random random, String run) throws Exception {
    Map<String, Object> notice = notice();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpResponse<String> r = http.send(submission(notice, random, run + "-seed-" + i), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 201) throw new IllegalStateException("seeding a case answered " + r.statusCode() + ": " + r.body());
      ids.add(String.valueOf(Json.object(r.body()).get("caseId")));
    }
    return ids;
  }

  /** One constant-rate step; answers its JSON line. */
  private String step(RequestSource source, double rate, int seconds, int maxOpen) throws Exception {
    long total = Math.round(rate * seconds);
    long interval = Math.round(1e9 / rate);
    long[] latencies = new long[(int) total];
    Arrays.fill(latencies, -1);
    Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    AtomicInteger open = new AtomicInteger();
    LongAdder skipped = new LongAdder();
    CountDownLatch done = new CountDownLatch((int) total);
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) LockSupport.parkNanos(wait);
      if (open.get() >= maxOpen) {
        skipped.increment();
        done.countDown();
        continue;
      }
      HttpRequest req = source.next();
      open.incrementAndGet();
      int slot = i;
      http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, err) -> {
        open.decrementAndGet();
        if (err != null) {
          statuses.computeIfAbsent(-1, k -> new LongAdder()).increment();
          if (errors.size() < 3) errors.add(err.toString());
        } else {
          statuses.computeIfAbsent(resp.statusCode(), k -> new LongAdder()).increment();
          latencies[slot] = System.nanoTime() - due;
        }
        done.countDown();
      });
    }
    long sendEnd = System.nanoTime();
    done.await(60, TimeUnit.SECONDS);
    long end = System.nanoTime();
    long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
    long good = statuses.entrySet().stream().filter(e -> e.getKey() / 100 == 2).mapToLong(e -> e.getValue().sum()).sum();
    StringBuilder s = new StringBuilder("{\"rate\":").append(rate)
        .append(",\"sent\":").append(total - skipped.sum())
        .append(",\"skipped\":").append(skipped.sum())
        .append(",\"sendSeconds\":").append(fmt((sendEnd - start) / 1e9))
        .append(",\"seconds\":").append(fmt((end - start) / 1e9))
        .append(",\"okPerSecond\":").append(fmt(good / ((end - start) / 1e9)))
        .append(",\"ok\":").append(good)
        .append(",\"p50Ms\":").append(fmt(q(ok, 0.50)))
        .append(",\"p90Ms\":").append(fmt(q(ok, 0.90)))
        .append(",\"p99Ms\":").append(fmt(q(ok, 0.99)))
        .append(",\"maxMs\":").append(fmt(ok.length == 0 ? 0 : ok[ok.length - 1] / 1e6))
        .append(",\"statuses\":{");
    String sep = "";
    for (Map.Entry<Integer, LongAdder> e : statuses.entrySet()) {
      s.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue().sum());
      sep = ",";
    }
    s.append("},\"errors\":").append(Json.write(new ArrayList<>(errors))).append('}');
    return s.toString();
  }

  private static double q(long[] sorted, double q) {
    if (sorted.length == 0) return 0;
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.1f", v);
  }
}
