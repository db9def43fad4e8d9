
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bad-input storm (issue 9): thousands of requests against a running OneGo node, valid
 * submissions mixed with every kind of bad input ({@link Attacks}) on every endpoint of the
 * node's own OpenAPI document. It reports the answers by status (and by kind of attack), then
 * checks that the node is alive and reads back every case that was answered 201. It fails
 * (exit code 1) on any 5xx, a request left unanswered in time, a server error closing a
 * WebSocket (1011), a valid submission not answered 201 (or 429), an unreadable 201, or a dead node.
 *
 * <pre>
 *   load-tests/storm/run.sh --base http://localhost:8080 --requests 10000 --seed 1 --concurrency 16
 * </pre>
 * Options: {@code --base} (http://localhost:8080), {@code --requests} (10000), {@code --seed} (1),
 * {@code --concurrency} (16), {@code --timeout-ms} (45000: longer than the longest long poll),
 * {@code --jwt-secret} (the dev profile's HS256 secret). The dev keys ({@code dev-portal},
 * {@code dev-admin}, ...) must be configured, as they are in the dev profile. The same seed sends
 * the same requests.
 */
public final class Storm {
  private static final Pattern CASE_ID = Pattern.compile("\"caseId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
  private static final Pattern ITEM_ID = Pattern.compile("\"itemId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

  private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final Map<String, Map<String, LongAdder>> byKind = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  /** Case id → the token that created it, for reading it back. */
  private final Map<String, String> created = new ConcurrentHashMap<>();
  private final AtomicInteger failureCount = new AtomicInteger();

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out));
  }

  /** Runs a storm; answers the exit code (0: passed). */
  public static int run(String[] args, PrintStream out) throws Exception {
    Map<String, String> o = options(args);
    URI base = URI.create(o.getOrDefault("base", "http://localhost:8080"));
    int requests = Integer.parseInt(o.getOrDefault("requests", "10000"));
    long seed = Long.parseLong(o.getOrDefault("seed", "1"));
    int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "16"));
    Wire wire = new Wire(base.getHost(), base.getPort() < 0 ? 80 : base.getPort(), Integer.parseInt(o.getOrDefault("timeout-ms", "45000")));
    Attacks attacks = discover(wire, o.getOrDefault("jwt-secret", "dev-only-hs256-secret-change-me-0123456789"));
    return new Storm().storm(wire, attacks, requests, seed, concurrency, out);
  }

  private int storm(Wire wire, Attacks attacks, int requests, long seed, int concurrency, PrintStream out) throws Exception {
    Random seeding = new Random(seed);
    for (int k = 0; k < 5; k++) execute(wire, attacks, attacks.valid(seeding), k);
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    for (int k = 0; k < requests; k++) {
      int index = k;
      pool.execute(() -> {
        try {
          execute(wire, attacks, attacks.next(new Random(seed * 1_000_003L + index)), index);
        } catch (RuntimeException e) {
          fail("#" + index + " the storm itself failed: " + e);
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(2, TimeUnit.HOURS);
    double seconds = (System.nanoTime() - start) / 1e9;

    boolean alive = wire.send(Wire.Request.of("check", "GET", "/health/live")).status() == 200
        && wire.send(Wire.Request.of("check", "GET", "/health/ready")).status() == 200;
    int readable = 0;
    for (Map.Entry<String, String> c : created.entrySet()) {
      Wire.Response r = wire.send(Wire.Request.of("read-back", "GET", "/api/v1/cases/" + c.getKey()).header("Authorization", "Bearer " + c.getValue()));
      if (r.status() == 200 && r.body().contains(c.getKey())) readable++;
      else fail("read-back of case " + c.getKey() + " answered " + r.status() + ": " + excerpt(r.body()));
    }
    report(out, requests + 5, seconds, alive, readable);
    return failureCount.get() == 0 && alive ? 0 : 1;
  }

  private void execute(Wire wire, Attacks attacks, Attacks.Plan plan, int index) {
    String outcome;
    if (plan.http() == null) {
      outcome = "WS " + wire.websocket(plan.token(), plan.wsOpcode(), plan.wsPayload(), new Random(index));
      if (outcome.contains("1011") || outcome.contains("timeout")) fail("#" + index + " " + plan.kind() + ": " + outcome);
    } else {
      Wire.Response r = wire.send(plan.http());
      outcome = r.status() == Wire.CLOSED ? "closed" : r.status() == Wire.TIMEOUT ? "timeout"
          : r.status() == Wire.NOT_HTTP1 ? "not-http/1" : String.valueOf(r.status());
      if ((r.status() >= 500 && !versionNotSupported(plan, r)) || r.status() == Wire.TIMEOUT || (r.status() == Wire.CLOSED && !plan.kind().startsWith("raw:"))) {
        fail("#" + index + " " + plan.http() + " -> " + outcome + " " + excerpt(r.body()));
      }
      if (r.status() == 201 && "POST".equals(plan.http().method()) && plan.http().target().split("\\?")[0].equals("/api/v1/cases")) {
        remember(attacks, r.body(), token(plan.http()));
      }
      if (plan.valid() && r.status() != 201 && r.status() != 429) fail("#" + index + " a valid submission got " + outcome + ": " + excerpt(r.body()));
    }
    byStatus.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    byKind.computeIfAbsent(plan.kind(), k -> new ConcurrentHashMap<>()).computeIfAbsent(outcome, k -> new LongAdder()).increment();
  }

  /**
   * A request in an HTTP version the server does not speak (HTTP/9.9) is answered 501 by Vert.x
   * before any OneGo code runs; RFC 9110 §15.6.6 prescribes a 5xx there (505). Reported apart.
   */
  private static boolean versionNotSupported(Attacks.Plan plan, Wire.Response r) {
    return plan.kind().equals("raw:http-9.9") && (r.status() == 501 || r.status() == 505);
  }

  private void remember(Attacks attacks, String body, String token) {
    Matcher c = CASE_ID.matcher(body);
    if (!c.find()) return;
    if (created.putIfAbsent(c.group(1), token) != null) return; // a replay
    attacks.caseIds.add(c.group(1));
    Matcher i = ITEM_ID.matcher(body);
    while (i.find()) attacks.itemIds.add(i.group(1));
  }

  private static String token(Wire.Request r) {
    for (String[] h : r.headers()) if (h[0].equals("Authorization")) return h[1].substring("Bearer ".length());
    return "";
  }

  private void fail(String what) {
    if (failureCount.incrementAndGet() <= 30) failures.add(what);
  }

  private void report(PrintStream out, int requests, double seconds, boolean alive, int readable) {
    out.printf("storm: %d requests in %.1f s (%.0f/s)%n", requests, seconds, requests / seconds);
    out.println("by status: " + sorted(byStatus));
    new TreeMap<>(byKind).forEach((kind, statuses) -> out.println("  " + kind + ": " + sorted(statuses)));
    long fivexx = byStatus.entrySet().stream().filter(e -> e.getKey().matches("5\\d\\d")).mapToLong(e -> e.getValue().sum()).sum();
    long version = byKind.getOrDefault("raw:http-9.9", Map.of()).entrySet().stream().filter(e -> e.getKey().matches("50[15]"))
        .mapToLong(e -> e.getValue().sum()).sum();
    out.println("5xx: " + (fivexx - version) + (version > 0 ? " (and " + version + " x 501 to HTTP/9.9 request lines: Vert.x's answer to an"
        + " unsupported HTTP version, before OneGo's code; RFC 9110 15.6.6 prescribes a 5xx there)" : ""));
    out.println("created (201): " + created.size() + ", read back: " + readable);
    out.println("node alive: " + alive);
    failures.forEach(f -> out.println("FAILURE " + f));
    out.println(failureCount.get() == 0 && alive ? "PASSED" : "FAILED (" + failureCount.get() + " failures)");
  }

  private static Map<String, Long> sorted(Map<String, LongAdder> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Attacks discover(Wire wire, String jwtSecret) {
    String doc = wire.send(Wire.Request.of("discover", "GET", "/api/v1/openapi.yaml")).body();
    List<Attacks.Endpoint> endpoints = new ArrayList<>();
    String path = null;
    for (String line : doc.split("\n")) {
      if (line.matches("\\S.*")) path = null; // a top-level key (webhooks:, components:) ends the paths
      else if (line.matches("  /\\S+:\\s*")) path = line.trim().replaceAll(":$", "");
      else if (path != null && line.matches("    (get|post|put|delete|patch):\\s*")) endpoints.add(new Attacks.Endpoint(line.trim().replace(":", "").toUpperCase(), path));
    }
    if (endpoints.size() < 20) throw new IllegalStateException("read only " + endpoints.size() + " endpoints from /api/v1/openapi.yaml");
    List<String> departments = new ArrayList<>();
    for (Object d : (List<Object>) Json.object(wire.send(Wire.Request.of("discover", "GET", "/api/v1/departments")).body()).get("departments")) {
      departments.add(String.valueOf(((Map<String, Object>) d).get("code")));
    }
    List<Map<String, Object>> notices = new ArrayList<>();
    for (String thing : List.of("newborn", "enterprise-simple-deregistration", "after-death", "house-transfer-utilities")) {
      Wire.Response r = wire.send(Wire.Request.of("discover", "GET", "/api/v1/things/" + thing));
      if (r.status() == 200) notices.add(Json.object(r.body()));
    }
    if (notices.isEmpty()) throw new IllegalStateException("the node knows none of the storm's things");
    return new Attacks(endpoints, departments, notices, jwtSecret);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new java.util.HashMap<>();
    for (int k = 0; k + 1 < args.length; k += 2) {
      if (!args[k].startsWith("--")) throw new IllegalArgumentException("expected --option value, got " + args[k]);
      o.put(args[k].substring(2), args[k + 1]);
    }
    return o;
  }

  private static String excerpt(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
