package onego.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import onego.domain.EventType;
import onego.router.cases.NewEvent;
import onego.server.support.Http;
import onego.server.support.LiveNode;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement, not a regular test (load-tests/STREAMS.md): opens {@code sse} SSE and {@code ws}
 * WebSocket subscribers on {@code cases} cases, appends events at {@code rate}/s for
 * {@code seconds} through the real event log (one transaction each, then publish), and reports
 * commit-to-subscriber latency. Fails if any subscriber misses or repeats an event.
 * Run: mvn -o test -pl domain,router,intake-server -Dtest=StreamsLoadHarness -Dstreams.measure=true -Dsse=2500 -Dws=2500
 */
@EnabledIfSystemProperty(named = "streams.measure", matches = "true",
    disabledReason = "a measurement, not a test: run it with -Dstreams.measure=true")
class StreamsLoadHarness {
  private static final int SSE = Integer.getInteger("sse", 2000);
  private static final int WS = Integer.getInteger("ws", 2000);
  private static final int CASES = Integer.getInteger("cases", 100);
  private static final int RATE = Integer.getInteger("rate", 200);
  private static final int SECONDS = Integer.getInteger("seconds", 20);
  private static final int OPEN_PER_SECOND = Integer.getInteger("openRate", 1000);

  private final Map<String, Long> committedAt = new ConcurrentHashMap<>();
  private final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger duplicatesOrGaps = new AtomicInteger();
  private final AtomicLong received = new AtomicLong();

  @Test
  void measure() throws Exception {
    TestServices.resetTables();
    try (LiveNode node = LiveNode.start()) {
      Http http = node.http();
      JsonObject notice = http.get("/api/v1/things/newborn").json();
      List<UUID> cases = new ArrayList<>();
      for (int i = 0; i < CASES; i++) {
        Http.Response r = http.postCase("dev-portal", "load-" + UUID.randomUUID(), Submissions.fromNotice(notice, Submissions.idNumber()).encode());
        cases.add(UUID.fromString(r.json().getString("caseId")));
      }
      int[] start = new int[CASES];
      for (int i = 0; i < CASES; i++) start[i] = (int) TestServices.count("SELECT last_seq FROM cases WHERE case_id = '" + cases.get(i) + "'");

      Vertx clients = Vertx.vertx();
      HttpClientAgent sseClient = clients.createHttpClient(new HttpClientOptions().setDefaultPort(node.port()).setIdleTimeout(0),
          new PoolOptions().setHttp1MaxSize(SSE + 10).setMaxWaitQueueSize(-1));
      WebSocketClient wsClient = clients.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(WS + 10).setDefaultPort(node.port()));
      CountDownLatch live = new CountDownLatch(SSE + WS);
      int[][] lastSeen = new int[SSE + WS][];
      long openStart = System.nanoTime();
      for (int s = 0; s < SSE + WS; s++) {
        int idx = s;
        int c = s % CASES;
        UUID caseId = cases.get(c);
        lastSeen[s] = new int[] {start[c]};
        if (s < SSE) openSse(sseClient, caseId, start[c], lastSeen[idx], live);
        else openWs(wsClient, caseId, start[c], lastSeen[idx], live);
        if ((s + 1) % OPEN_PER_SECOND == 0) Thread.sleep(1_000);
      }
      assertThat(live.await(120, TimeUnit.SECONDS)).as("all subscribers connected").isTrue();
      double openSeconds = (System.nanoTime() - openStart) / 1e9;
      String metrics = http.get("/metrics").body();
      System.out.printf("connected: %d SSE + %d WS in %.1f s; gauges: %s%n", SSE, WS, openSeconds,
          metrics.lines().filter(l -> l.startsWith("onego_stream_subscribers")).toList());
      Runtime rt = Runtime.getRuntime();
      System.gc();
      System.out.printf("heap used after connecting: %d MiB (one JVM: server + clients)%n", (rt.totalMemory() - rt.freeMemory()) >> 20);

      int total = RATE * SECONDS;
      long periodNanos = 1_000_000_000L / RATE;
      long t0 = System.nanoTime();
      int[] appended = new int[CASES];
      for (int i = 0; i < total; i++) {
        long due = t0 + i * periodNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
        int c = i % CASES;
        // from before the commit: the one case writer publishes right after it, so this includes the commit itself
        long before = System.nanoTime();
        var e = node.append(cases.get(c), List.of(NewEvent.ofCase(EventType.ItemDueSoon, null, new JsonObject().put("i", i))));
        committedAt.put(e.get(0).caseId() + ":" + e.get(0).seq(), before);
        appended[c]++;
      }
      double writeSeconds = (System.nanoTime() - t0) / 1e9;
      long expected = 0;
      for (int s = 0; s < SSE + WS; s++) expected += appended[s % CASES];
      long deadline = System.currentTimeMillis() + 60_000;
      while (received.get() < expected && System.currentTimeMillis() < deadline) Thread.sleep(100);
      long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf("appended %d events in %.1f s (%.0f/s committed) to %d cases; delivered %d of %d expected deliveries (%.0f/s)%n",
          total, writeSeconds, total / writeSeconds, CASES, received.get(), expected, received.get() / writeSeconds);
      System.out.printf("commit-to-subscriber latency ms: p50 %.2f p90 %.2f p99 %.2f max %.2f (n=%d)%n",
          pct(l, 0.50), pct(l, 0.90), pct(l, 0.99), l.length == 0 ? 0 : l[l.length - 1] / 1e6, l.length);
      System.out.println(http.get("/metrics").body().lines().filter(x -> x.startsWith("onego_stream_")).toList());
      assertThat(duplicatesOrGaps.get()).isZero();
      assertThat(received.get()).isEqualTo(expected);
      clients.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) return 0;
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private void onEvent(JsonObject event, int[] last) {
    long now = System.nanoTime();
    int seq = event.getInteger("seq");
    if (seq != last[0] + 1) duplicatesOrGaps.incrementAndGet();
    last[0] = seq;
    Long at = committedAt.get(event.getString("caseId") + ":" + seq);
    if (at != null) latencies.add(now - at);
    received.incrementAndGet();
  }

  private void openSse(HttpClientAgent client, UUID caseId, int after, int[] last, CountDownLatch live) {
    client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/api/v1/cases/" + caseId + "/events?after=" + after)
            .putHeader("Accept", "text/event-stream").putHeader("Authorization", "Bearer dev-portal"))
        .compose(req -> req.send())
        .onSuccess(resp -> {
          if (resp.statusCode() != 200) {
            System.err.println("SSE refused: " + resp.statusCode());
            return;
          }
          StringBuilder pending = new StringBuilder();
          boolean[] counted = {false};
          resp.handler((Buffer b) -> {
            if (!counted[0]) {
              counted[0] = true;
              live.countDown();
            }
            pending.append(b.toString());
            int end;
            while ((end = pending.indexOf("\n\n")) >= 0) {
              String frame = pending.substring(0, end);
              pending.delete(0, end + 2);
              Arrays.stream(frame.split("\n")).filter(x -> x.startsWith("data: ")).findFirst()
                  .ifPresent(d -> onEvent(new JsonObject(d.substring(6)), last));
            }
          });
        })
        .onFailure(e -> System.err.println("SSE failed: " + e));
  }

  private void openWs(WebSocketClient client, UUID caseId, int after, int[] last, CountDownLatch live) {
    client.connect(new WebSocketConnectOptions().setHost("localhost").setURI("/api/v1/ws?access_token=dev-portal"))
        .onSuccess(ws -> {
          ws.textMessageHandler(t -> {
            JsonObject f = new JsonObject(t);
            if ("subscribed".equals(f.getString("op"))) live.countDown();
            else if (f.containsKey("seq")) onEvent(f, last);
            else System.err.println("WS frame: " + t);
          });
          ws.writeTextMessage(new JsonObject().put("op", "subscribe").put("caseId", caseId.toString()).put("after", after).encode());
        })
        .onFailure(e -> System.err.println("WS failed: " + e));
  }
}
