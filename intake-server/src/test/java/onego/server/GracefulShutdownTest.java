package onego.server;

import io.vertx.core.json.JsonObject;
import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import onego.server.support.WsClient;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM as an orchestrator sends it ({@link Process#destroy}) to {@code Main} in its own JVM,
 * holding a long poll, an SSE stream, a WebSocket and a submission whose body is still arriving:
 * readiness says 503 at once, a new request gets 503 with Retry-After, the long poll answers an
 * empty list, the SSE stream ends after a {@code retry:} hint, the WebSocket closes with 1001, the
 * half-sent submission is still taken (201) once its body completes, and the process exits 0 within
 * {@code http.drainSeconds}.
 */
class GracefulShutdownTest {
  private static final String PULL = "disabled-persons-federation";
  private static final int DRAIN_SECONDS = 20;
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void sigtermDrainsStreamsLongPollsAndInFlightRequestsThenExitsZero() throws Exception {
    TestServices.resetTables();
    int port = TestNode.freePort();
    Path log = Files.createTempFile("onego-drain", ".log");
    Path overlay = Files.createTempFile("onego-drain", ".yaml");
    Files.writeString(overlay, "http:\n  drainSeconds: " + DRAIN_SECONDS + "\n");
    ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    pb.environment().put("ONEGO_CONFIG", overlay.toString());
    pb.environment().put("ONEGO_HTTP_PORT", String.valueOf(port));
    pb.environment().put("ONEGO_PG_URL", TestServices.pgUrl());
    pb.environment().put("ONEGO_REDIS_URL", TestServices.redisUrl());
    pb.environment().put("ONEGO_PROFILE", "dev");
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Http http = new Http(port);
    try {
      Await.until("the process serves", Duration.ofSeconds(60), () -> {
        assertThat(p.isAlive()).as("process alive; log:\n%s", read(log)).isTrue();
        try {
          return http.get("/health/ready").status() == 200;
        } catch (IllegalStateException notYet) {
          return false;
        }
      });
      JsonObject notice = http.get("/api/v1/things/newborn").json();
      String body = Submissions.fromNotice(notice, Submissions.idNumber()).encode();
      Http.Response created = http.postCase("dev-portal", "drain-" + System.nanoTime(), body);
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String caseId = created.json().getString("caseId");

      // a submission whose body is half sent: in flight when SIGTERM comes
      byte[] second = Submissions.fromNotice(notice, Submissions.idNumber()).encode().getBytes(StandardCharsets.UTF_8);
      Socket slow = new Socket("localhost", port);
      OutputStream slowOut = slow.getOutputStream();
      slowOut.write(("POST /api/v1/cases HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer dev-portal\r\n"
          + "Idempotency-Key: drain-slow-" + System.nanoTime() + "\r\nContent-Type: application/json\r\nContent-Length: "
          + second.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      slowOut.write(second, 0, second.length / 2);
      slowOut.flush();
      // a long poll with nothing to hand out: it waits
      CompletableFuture<HttpResponse<String>> poll = CLIENT.sendAsync(get(port, "/api/v1/departments/" + PULL
          + "/items?limit=5&waitSeconds=25", "dev-dept-" + PULL).build(), HttpResponse.BodyHandlers.ofString());
      // an SSE stream, every line kept
      List<String> sseLines = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> sseEnded = CLIENT.sendAsync(get(port, "/api/v1/cases/" + caseId + "/events", "dev-portal")
              .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
          .thenAccept(r -> r.body().forEach(sseLines::add));
      // a WebSocket following the case
      WsClient ws = WsClient.connect(port, "dev-portal", false);
      ws.send(new JsonObject().put("op", "subscribe").put("caseId", caseId));
      assertThat(ws.nextOp("subscribed", 10_000)).isNotNull();
      Await.until("the SSE stream and the long poll are open", Duration.ofSeconds(10),
          () -> sseLines.stream().anyMatch(l -> l.startsWith(": following")) && !poll.isDone());
      // the half-sent submission, the long poll and the SSE response (and the scrape itself) are requests in flight
      Await.until("the submission is in flight", Duration.ofSeconds(10), () -> activeRequests(http) >= 4);

      p.destroy(); // SIGTERM

      Await.until("readiness says 503", Duration.ofSeconds(10), () -> {
        try {
          return http.get("/health/ready").status() == 503;
        } catch (IllegalStateException refused) {
          return false;
        }
      });
      Http.Response refused = http.get("/api/v1/themes");
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.errorCode()).isEqualTo("OVERLOADED");
      assertThat(refused.header("Retry-After")).isNotBlank();

      HttpResponse<String> polled = poll.get(10, TimeUnit.SECONDS);
      assertThat(polled.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(polled.body()).getJsonArray("items")).as("the long poll answers what it holds").isEmpty();
      sseEnded.get(10, TimeUnit.SECONDS);
      assertThat(sseLines).as("the SSE stream ended with a retry hint").anyMatch(l -> l.matches("retry: \\d+"));
      assertThat(ws.closeStatus(10_000)).isEqualTo((short) 1001);

      assertThat(p.isAlive()).as("still draining the half-sent submission").isTrue();
      slowOut.write(second, second.length / 2, second.length - second.length / 2);
      slowOut.flush();
      String answer = readResponse(slow);
      assertThat(answer).as("the request in flight is answered").startsWith("HTTP/1.1 201");
      slow.close();

      assertThat(p.waitFor(DRAIN_SECONDS, TimeUnit.SECONDS)).as("exits within the drain time; log:\n%s", read(log)).isTrue();
      assertThat(p.exitValue()).as("log:\n%s", read(log)).isEqualTo(0);
      assertThat(TestServices.count("SELECT count(*) FROM cases")).as("both submissions taken").isEqualTo(2);
    } finally {
      p.destroyForcibly();
    }
  }

  /** A mistyped ONEGO_LOG_FORMAT would leave logback with no appender (no log at all): the start refuses it. */
  @Test
  void anUnknownLogFormatStopsTheStartWithExitCode2() throws Exception {
    Path log = Files.createTempFile("onego-logformat", ".log");
    ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    pb.environment().remove("ONEGO_CONFIG");
    pb.environment().put("ONEGO_LOG_FORMAT", "JSON");
    pb.environment().put("ONEGO_HTTP_PORT", String.valueOf(TestNode.freePort()));
    pb.environment().put("ONEGO_PG_URL", TestServices.pgUrl());
    pb.environment().put("ONEGO_REDIS_URL", TestServices.redisUrl());
    pb.environment().put("ONEGO_PROFILE", "dev");
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    if (!ended) p.destroyForcibly();
    assertThat(ended).as("log:\n%s", read(log)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(read(log)).contains("ONEGO_LOG_FORMAT must be json or text, not JSON");
  }

  /** The node's {@code vertx_http_server_active_requests}, summed over its labels. */
  private static double activeRequests(Http http) {
    return http.metric("vertx_http_server_active_requests");
  }

  private static HttpRequest.Builder get(int port, String path, String token) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(90)).GET();
  }

  /** The whole response (the server closes the connection after it: {@code Connection: close} while draining). */
  private static String readResponse(Socket s) throws Exception {
    s.setSoTimeout(30_000);
    return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }
}
