package onego.server;

import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.NodeTest;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTest extends NodeTest {
  private static JsonObject notice;

  @BeforeAll
  static void readNotice() {
    notice = http.get("/api/v1/things/newborn").json();
  }

  private static String body() {
    return Submissions.fromNotice(notice, Submissions.idNumber()).encode();
  }

  @Test
  void replayWithSameKeyReturnsSameCase() {
    String body = body();
    Http.Response first = http.postCase("dev-portal", "same-key", body);
    Http.Response again = http.postCase("dev-portal", "same-key", body);
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.header("Idempotency-Replayed")).isNull();
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.header("Idempotency-Replayed")).isEqualTo("true");
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.header("Location")).isEqualTo(first.header("Location"));
    assertThat(TestServices.count("SELECT count(*) FROM cases")).isEqualTo(1);
  }

  @Test
  void sameBodyWithKeysInAnotherOrderIsStillAReplay() {
    JsonObject body = new JsonObject(body());
    JsonObject reordered = new JsonObject();
    List<String> keys = new ArrayList<>(body.fieldNames());
    java.util.Collections.reverse(keys);
    keys.forEach(k -> reordered.put(k, body.getValue(k)));
    assertThat(http.postCase("dev-portal", "order", body.encode()).status()).isEqualTo(201);
    assertThat(http.postCase("dev-portal", "order", reordered.encodePrettily()).header("Idempotency-Replayed")).isEqualTo("true");
  }

  @Test
  void sameKeyWithOtherBodyIsRejected() {
    assertThat(http.postCase("dev-portal", "k", body()).status()).isEqualTo(201);
    Http.Response other = http.postCase("dev-portal", "k", body());
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.errorCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(TestServices.count("SELECT count(*) FROM cases")).isEqualTo(1);
  }

  @Test
  void reusingAKeyWithAnInvalidBodyIsStillKeyReused() {
    assertThat(http.postCase("dev-portal", "k2", body()).status()).isEqualTo(201);
    Http.Response other = http.postCase("dev-portal", "k2", "{\"thing\":\"newborn\"}");
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.errorCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
  }

  @Test
  void keysAreScopedPerCaller() {
    String body = body();
    Http.Response pc = http.postCase("dev-portal", "shared", body);
    Http.Response mobile = http.postCase("dev-mobile", "shared", body);
    assertThat(pc.status()).isEqualTo(201);
    assertThat(mobile.status()).isEqualTo(201);
    assertThat(mobile.header("Idempotency-Replayed")).isNull();
    assertThat(mobile.json().getString("caseId")).isNotEqualTo(pc.json().getString("caseId"));
  }

  @Test
  void missingOrBadKeyIs400() {
    assertThat(http.postCase("dev-portal", null, body()).errorCode()).isEqualTo("IDEMPOTENCY_KEY_MISSING");
    assertThat(http.postCase("dev-portal", "x".repeat(256), body()).errorCode()).isEqualTo("IDEMPOTENCY_KEY_MISSING");
    assertThat(http.postCase("dev-portal", "x".repeat(255), body()).status()).isEqualTo(201);
    assertThat(TestServices.count("SELECT count(*) FROM cases")).isEqualTo(1);
  }

  @Test
  void fiftyConcurrentRequestsWithOneKeyMakeOneCase() {
    String body = body();
    List<CompletableFuture<Http.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) calls.add(http.postCaseAsync("dev-window", "burst", body));
    List<Http.Response> answers = calls.stream().map(CompletableFuture::join).toList();
    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(201));
    assertThat(answers.stream().map(r -> r.json().getString("caseId")).collect(Collectors.toSet())).hasSize(1);
    assertThat(answers.stream().filter(r -> r.header("Idempotency-Replayed") == null).count()).isEqualTo(1);
    assertThat(TestServices.count("SELECT count(*) FROM cases")).isEqualTo(1);
    assertThat(TestServices.count("SELECT count(*) FROM idempotency_keys")).isEqualTo(1);
  }

  @Test
  void manyConcurrentSubmissionsAreAllCommitted() {
    List<CompletableFuture<Http.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) calls.add(http.postCaseAsync("dev-portal", "many-" + i, body()));
    List<Http.Response> answers = calls.stream().map(CompletableFuture::join).toList();
    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(201));
    assertThat(TestServices.count("SELECT count(*) FROM cases")).isEqualTo(200);
    assertThat(batchesFromMetrics()).as("group commit shares transactions").isLessThan(200);
  }

  private static double batchesFromMetrics() {
    return http.metric("onego_intake_batch_size_count");
  }
}
