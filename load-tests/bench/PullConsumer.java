import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fast pulling department for {@code bench.py}'s pull phase (JDK only, its own process): {@code --connections}
 * threads share one HTTP client; each takes the departments in turn from its own starting point, pulls
 * {@code GET /api/v1/departments/{code}/items?limit=} (no wait while the previous pull found work; a long poll of
 * {@code --wait} seconds once a whole round found none) and acknowledges every answer with
 * {@code POST /api/v1/departments/{code}/items/ack} in batches of {@code --ack-batch}, staying on a department while
 * it has work. Stops when its standard input closes and prints one JSON line: pulls, items received, distinct items,
 * items received again (a lease that ran out before its ack), acks by outcome, 429s and other failures.
 *
 * <pre>  java -cp out PullConsumer --base http://127.0.0.1:18180 --departments a,b --connections 8 --limit 500</pre>
 */
public final class PullConsumer {
  private static final Pattern ITEM = Pattern.compile("\"itemId\":\"([0-9a-f-]{36})\"");
  private static final Pattern LEASE = Pattern.compile("\"leaseId\":\"([0-9a-f-]{36})\"");
  private static final Pattern OUTCOME = Pattern.compile("\"outcome\":\"([a-z-]+)\"");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  private final String base;
  private final List<String> departments;
  private final int limit;
  private final int waitSeconds;
  private final int ackBatch;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final LongAdder pulls = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder again = new LongAdder();
  private final LongAdder limited = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder ackRequests = new LongAdder();
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

  private PullConsumer(String base, List<String> departments, int limit, int waitSeconds, int ackBatch) {
    this.base = base;
    this.departments = departments;
    this.limit = limit;
    this.waitSeconds = waitSeconds;
    this.ackBatch = ackBatch;
  }

  public static void main(String[] args) throws Exception {
    String base = "http://127.0.0.1:18180";
    List<String> departments = List.of();
    int connections = 8, limit = 500, wait = 2, ackBatch = 500;
    for (int k = 0; k + 1 < args.length; k += 2) {
      switch (args[k]) {
        case "--base" -> base = args[k + 1];
        case "--departments" -> departments = List.of(args[k + 1].split(","));
        case "--connections" -> connections = Integer.parseInt(args[k + 1]);
        case "--limit" -> limit = Integer.parseInt(args[k + 1]);
        case "--wait" -> wait = Integer.parseInt(args[k + 1]);
        case "--ack-batch" -> ackBatch = Integer.parseInt(args[k + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[k]);
      }
    }
    PullConsumer c = new PullConsumer(base, departments, limit, wait, ackBatch);
    List<Thread> threads = new ArrayList<>();
    for (int k = 0; k < connections; k++) {
      int first = k;
      Thread t = new Thread(() -> c.run(first), "puller-" + k);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    System.err.println("PullConsumer: " + connections + " connections, limit " + limit + ", " + departments.size() + " departments");
    while (System.in.read() >= 0) {
      // runs until bench.py closes our standard input
    }
    c.stopped.set(true);
    for (Thread t : threads) t.join(Duration.ofSeconds(wait + 10).toMillis());
    System.out.println(c.stats());
  }

  private void run(int first) {
    int n = departments.size();
    int idle = 0; // departments in a row that had nothing
    for (int k = first % n; !stopped.get(); ) {
      String dept = departments.get(k);
      try {
        int got = pullAndAck(dept, idle >= n ? waitSeconds : 0);
        if (got > 0) {
          idle = 0;
          continue; // stay while it has work
        }
        idle++;
      } catch (IOException | RuntimeException e) {
        failures.increment();
        if (failures.sum() <= 5) System.err.println("PullConsumer: " + e);
        pause(200);
      } catch (InterruptedException e) {
        return;
      }
      k = (k + 1) % n;
    }
  }

  /** One pull of {@code dept} and the acks of what it leased; answers how many items it got. */
  private int pullAndAck(String dept, int wait) throws IOException, InterruptedException {
    String path = "/api/v1/departments/" + dept + "/items";
    HttpResponse<String> r = http.send(request(path + "?limit=" + limit + "&waitSeconds=" + wait, dept)
        .timeout(Duration.ofSeconds(wait + 30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    pulls.increment();
    if (r.statusCode() == 429) {
      limited.increment();
      pause(100);
      return 0;
    }
    if (r.statusCode() != 200) throw new IOException("pull " + dept + ": " + r.statusCode() + " " + r.body());
    List<String> items = all(ITEM, r.body());
    List<String> leases = all(LEASE, r.body());
    if (items.size() != leases.size()) throw new IOException("pull " + dept + ": " + items.size() + " items, " + leases.size() + " leases");
    received.add(items.size());
    for (String id : items) if (!seen.add(id)) again.increment();
    for (int from = 0; from < items.size(); from += ackBatch) {
      StringBuilder body = new StringBuilder("{\"leases\":[");
      for (int j = from; j < Math.min(items.size(), from + ackBatch); j++) {
        if (j > from) body.append(',');
        body.append("{\"itemId\":\"").append(items.get(j)).append("\",\"leaseId\":\"").append(leases.get(j)).append("\"}");
      }
      body.append("]}");
      HttpResponse<String> a = http.send(request(path + "/ack", dept).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
      ackRequests.increment();
      if (a.statusCode() != 200) throw new IOException("ack " + dept + ": " + a.statusCode() + " " + a.body());
      for (String o : all(OUTCOME, a.body())) outcomes.computeIfAbsent(o, x -> new LongAdder()).increment();
    }
    return items.size();
  }

  private HttpRequest.Builder request(String path, String dept) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer dev-dept-" + dept);
  }

  private static List<String> all(Pattern p, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) out.add(m.group(1));
    return out;
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String stats() {
    StringBuilder o = new StringBuilder("{");
    outcomes.forEach((k, v) -> o.append(o.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v.sum()));
    o.append('}');
    return "{\"pulls\":" + pulls.sum() + ",\"received\":" + received.sum() + ",\"distinct\":" + seen.size() + ",\"receivedAgain\":" + again.sum()
        + ",\"ackRequests\":" + ackRequests.sum() + ",\"outcomes\":" + o + ",\"rateLimited\":" + limited.sum() + ",\"failures\":" + failures.sum() + "}";
  }
}
