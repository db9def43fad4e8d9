package onego.server;

import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.Jwts;
import onego.server.support.Overlays;
import onego.server.support.SseClient;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import onego.server.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-principal limits: open streams (SSE + WebSocket) and open long polls; one more is 429 RATE_LIMITED with Retry-After. */
class StreamLimitTest {
  private static final String PULL = "disabled-persons-federation";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestNode node;
  private static Http http;

  @BeforeAll
  static void start() {
    node = TestNode.start(Overlays.env("streams: {maxPerPrincipal: {default: 2}}\nrouter: {maxLongPollsPerPrincipal: 1}\n"));
    http = node.http();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @BeforeEach
  void empty() {
    TestServices.resetTables();
  }

  private static String submit(String thing, String idNumber) {
    JsonObject notice = http.get("/api/v1/things/" + thing).json();
    Http.Response r = http.postCase("dev-portal", "lim-" + System.nanoTime(), Submissions.fromNotice(notice, idNumber).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("caseId");
  }

  private static String applicant(String idNumber) {
    return Jwts.dev(new JsonObject().put("role", "applicant").put("sub", idNumber));
  }

  private static SseClient sse(String caseId, String token) {
    return SseClient.open(node.port(), "/api/v1/cases/" + caseId + "/events", token, null);
  }

  private static int upgrade(String token, List<WsClient> open) throws Exception {
    try {
      open.add(WsClient.connect(node.port(), token, false));
      return 101;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UpgradeRejectedException r) return r.getStatus();
      throw e;
    }
  }

  @Test
  void sseAndWebSocketStreamsShareOneLimitPerPrincipal() throws Exception {
    String a = Submissions.idNumber();
    String b = Submissions.idNumber();
    String caseA = submit("newborn", a);
    String caseB = submit("newborn", b);
    List<SseClient> streams = new ArrayList<>();
    List<WsClient> sockets = new ArrayList<>();
    try {
      streams.add(sse(caseA, applicant(a)));
      assertThat(streams.get(0).status()).isEqualTo(200);
      assertThat(upgrade(applicant(a), sockets)).isEqualTo(101);

      SseClient third = sse(caseA, applicant(a));
      streams.add(third);
      assertThat(third.status()).isEqualTo(429);
      Http.Response refused = http.send(http.request("/api/v1/cases/" + caseA + "/events").header("Accept", "text/event-stream")
          .header("Authorization", "Bearer " + applicant(a)).GET().build());
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.errorCode()).isEqualTo("RATE_LIMITED");
      assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
      assertThat(upgrade(applicant(a), sockets)).as("a third stream as a WebSocket").isEqualTo(429);
      assertThat(http.get("/api/v1/cases/" + caseA + "/events", applicant(a)).status()).as("the JSON log is no stream").isEqualTo(200);

      streams.add(sse(caseB, applicant(b)));
      assertThat(streams.get(streams.size() - 1).status()).as("another principal has its own streams").isEqualTo(200);

      sockets.get(0).close();
      Await.until("the closed socket's slot is free again", WAIT, () -> {
        SseClient again = sse(caseA, applicant(a));
        streams.add(again);
        return again.status() == 200;
      });
    } finally {
      streams.forEach(SseClient::close);
      sockets.forEach(WsClient::close);
    }
  }

  @Test
  void oneLongPollTooManyIs429AndAShortPollStillWorks() {
    String items = "/api/v1/departments/" + PULL + "/items?limit=5";
    String token = "dev-dept-" + PULL;
    // the held poll and the probes compete for the one slot: a held poll refused because a probe held it tries again
    CompletableFuture<Http.Response> held = CompletableFuture.supplyAsync(() -> {
      while (true) {
        Http.Response r = http.get(items + "&waitSeconds=25", token);
        if (r.status() != 429) return r;
      }
    });
    Http.Response second = Await.value("the held long poll takes the only slot", WAIT, () -> {
      Http.Response r = http.get(items + "&waitSeconds=1", token);
      return r.status() == 429 ? r : null;
    });
    assertThat(second.errorCode()).isEqualTo("RATE_LIMITED");
    assertThat(Integer.parseInt(second.header("Retry-After"))).isPositive();
    assertThat(http.get(items, token).status()).as("waitSeconds=0 is no long poll").isEqualTo(200);

    submit("disability-assistance", Submissions.idNumber());
    Http.Response first = held.join();
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().getJsonArray("items")).isNotEmpty();
    Await.until("the slot is free once the poll answered", WAIT, () -> http.get(items + "&waitSeconds=1", token).status() == 200);
  }
}
