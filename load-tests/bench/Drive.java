import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 *
 * <p>Why not the JDK {@code HttpClient}: it cost about 0.6 cores at 1,200 requests/s, as much as the
 * server under test on a 2-core machine, so the generator saturated the machine before the server.
 * Here every request of a step is built as ready bytes before the step's clock starts, and one
 * thread drives non-blocking keep-alive connections with a {@link Selector} (HTTP/1.1, one request
 * in flight per connection, a new connection when none is idle), reading only the status line and
 * the headers that frame the body (Content-Length, chunked, Connection: close) and skipping the body.
 * Building takes seconds at high rates, so before each step's clock starts it writes one line on
 * stderr ({@code Drive: step starting: ...}): {@code bench.py} starts its CPU meter there.
 */
public final class Drive {
  /** Starts the stderr line written when a step's requests are built and its clock starts. */
  private static final String STARTING = "Drive: step starting: ";

  private final Map<String, String> o;
  private final URI base;
  private final String hostHeader;
  private final InetSocketAddress address;

  private Drive(Map<String, String> o) {
    this.o = o;
    this.base = URI.create(o.getOrDefault("base", "http://127.0.0.1:8080"));
    if (!"http".equals(base.getScheme())) throw new IllegalArgumentException("--base must be http://host:port, not " + base);
    int port = base.getPort() == -1 ? 80 : base.getPort();
    this.hostHeader = base.getHost() + (base.getPort() == -1 ? "" : ":" + port);
    this.address = new InetSocketAddress(base.getHost(), port);
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
    long[] n = {0};
    RequestSource source;
    if (mode.equals("hotline")) {
      List<String> ids = submitCases(Integer.parseInt(o.getOrDefault("cases", "200")), random, run);
      Map<String, String> headers = Map.of("Authorization", "Bearer " + o.getOrDefault("hotline-token", "dev-hotline"));
      source = () -> request("GET", "/api/v1/hotline/cases/" + ids.get((int) (n[0]++ % ids.size())), headers, null);
    } else {
      Map<String, Object> notice = notice();
      source = () -> {
        String key = run + "-" + n[0]++;
        return request("POST", "/api/v1/cases", submissionHeaders(key), submissionBody(notice, random));
      };
    }
    try (Sender sender = new Sender(address, maxOpen)) {
      for (String r : o.getOrDefault("rates", "200").split(",")) {
        double rate = Double.parseDouble(r);
        long built = System.nanoTime();
        byte[][] requests = new byte[(int) Math.round(rate * seconds)][];
        for (int i = 0; i < requests.length; i++) requests[i] = source.next();
        // bench.py starts its CPU meter on this line: building is not part of the step
        System.err.printf(java.util.Locale.ROOT, "%s%d requests built in %.1f s, sending at %s/s%n",
            STARTING, requests.length, (System.nanoTime() - built) / 1e9, r);
        System.out.println(sender.step(requests, rate).json());
        System.out.flush();
      }
    }
  }

  @FunctionalInterface
  private interface RequestSource { byte[] next(); }

  // ---- requests as bytes ------------------------------------------------------------------

  private Map<String, String> submissionHeaders(String key) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Authorization", "Bearer " + o.getOrDefault("token", "dev-portal"));
    h.put("Idempotency-Key", "drive-" + key);
    h.put("Content-Type", "application/json");
    return h;
  }

  private static byte[] submissionBody(Map<String, Object> notice, Random random) {
    return Json.write(Submissions.of(notice, random)).getBytes(StandardCharsets.UTF_8);
  }

  /** A whole HTTP/1.1 request, ready to write: request line, Host, the headers, Content-Length and the body. */
  private byte[] request(String method, String path, Map<String, String> headers, byte[] body) {
    StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(hostHeader).append("\r\n");
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
    byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    if (body == null) return h;
    byte[] all = Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  // ---- setup, not measured: plain blocking calls ----------------------------------------

  private Map<String, Object> notice() throws IOException {
    String thing = o.getOrDefault("thing", "newborn");
    Answer a = call("GET", "/api/v1/things/" + thing, Map.of(), null);
    if (a.status != 200) throw new IllegalStateException("GET /things/" + thing + " answered " + a.status);
    return Json.object(a.body);
  }

  private List<String> submitCases(int count, Random random, String run) throws IOException {
    Map<String, Object> notice = notice();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Answer a = call("POST", "/api/v1/cases", submissionHeaders(run + "-seed-" + i), submissionBody(notice, random));
      if (a.status != 201) throw new IllegalStateException("seeding a case answered " + a.status + ": " + a.body);
      ids.add(String.valueOf(Json.object(a.body).get("caseId")));
    }
    return ids;
  }

  private record Answer(int status, String body) {}

  private Answer call(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
    HttpURLConnection c = (HttpURLConnection) base.resolve(path).toURL().openConnection();
    c.setConnectTimeout(5_000);
    c.setReadTimeout(30_000);
    c.setRequestMethod(method);
    headers.forEach(c::setRequestProperty);
    if (body != null) {
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
    }
    int status = c.getResponseCode();
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    if (in != null) {
      try (in) {
        in.transferTo(text);
      }
    }
    return new Answer(status, text.toString(StandardCharsets.UTF_8));
  }
}
