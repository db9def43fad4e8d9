package onego.server;

import io.vertx.core.json.JsonObject;
import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** When intake is over its limit or the database is gone: 503 with Retry-After, and every 201 is committed. */
class DegradedTest {
  @Test
  void overTheBacklogLimitIntakeAnswers503AndEvery201IsCommitted() throws Exception {
    TestServices.resetTables();
    Path overlay = Files.createTempFile("onego-overload", ".yaml");
    Files.writeString(overlay, "intake:\n  groupCommit: {maxBatch: 1, maxConcurrentBatches: 1, maxPending: 1}\n");
    try (TestNode node = TestNode.start(Map.of("ONEGO_CONFIG", overlay.toString()))) {
      Http http = node.http();
      JsonObject notice = http.get("/api/v1/things/newborn").json();
      List<String> bodies = new ArrayList<>();
      List<CompletableFuture<Http.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        bodies.add(Submissions.fromNotice(notice, Submissions.idNumber()).encode());
        calls.add(http.postCaseAsync("dev-portal", "over-" + i, bodies.get(i)));
      }
      List<Http.Response> answers = calls.stream().map(CompletableFuture::join).toList();
      long created = answers.stream().filter(r -> r.status() == 201).count();
      List<Http.Response> refused = answers.stream().filter(r -> r.status() == 503).toList();
      assertThat(created + refused.size()).isEqualTo(100);
      assertThat(refused).isNotEmpty().allSatisfy(r -> {
        assertThat(r.errorCode()).isEqualTo("OVERLOADED");
        assertThat(r.header("Retry-After")).isNotNull();
      });
      assertThat(TestServices.count("SELECT count(*) FROM cases")).isEqualTo(created);
      for (int i = 0; i < 100; i++) {
        if (answers.get(i).status() != 503) continue;
        Http.Response retry = http.postCase("dev-portal", "over-" + i, bodies.get(i));
        assertThat(retry.status()).as("a retry with the same key goes through").isEqualTo(201);
      }
      assertThat(TestServices.count("SELECT count(*) FROM cases")).isEqualTo(100);
    } finally {
      Files.deleteIfExists(overlay);
    }
  }

  @Test
  void aFullIntakeQueueRefusesAtOnceBeforeSpendingAValidationOnTheBody() throws Exception {
    TestServices.resetTables();
    Path overlay = Files.createTempFile("onego-full", ".yaml");
    Files.writeString(overlay, "intake:\n  groupCommit: {maxBatch: 1, maxConcurrentBatches: 1, maxPending: 1}\n");
    try (TestNode node = TestNode.start(Map.of("ONEGO_CONFIG", overlay.toString())); Connection lock = TestServices.connection()) {
      Http http = node.http();
      JsonObject notice = http.get("/api/v1/things/newborn").json();
      lock.setAutoCommit(false);
      try (Statement st = lock.createStatement()) {
        st.execute("LOCK TABLE idempotency_keys IN EXCLUSIVE MODE");   // the writer's one transaction waits here
      }
      CompletableFuture<Http.Response> first = http.postCaseAsync("dev-portal", "full-1", Submissions.fromNotice(notice, Submissions.idNumber()).encode());
      Await.until("the first batch waits for the lock", Duration.ofSeconds(20), () ->
          TestServices.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") > 0);
      CompletableFuture<Http.Response> second = http.postCaseAsync("dev-portal", "full-2", Submissions.fromNotice(notice, Submissions.idNumber()).encode());
      Await.until("the second waits in the queue, which is then full", Duration.ofSeconds(20), () ->
          http.get("/metrics").body().lines().anyMatch(l -> l.startsWith("onego_intake_pending") && l.endsWith(" 1.0")));

      // not valid at all, yet 503: a full queue refuses before the body is validated (cheap refusals under overload)
      Http.Response refused = http.postCase("dev-portal", "full-3", "{\"thing\": \"newborn\"}");
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.errorCode()).isEqualTo("OVERLOADED");
      assertThat(refused.header("Retry-After")).isNotNull();

      lock.rollback();
      assertThat(first.join().status()).isEqualTo(201);
      assertThat(second.join().status()).isEqualTo(201);
      Http.Response again = http.postCase("dev-portal", "full-3", "{\"thing\": \"newborn\"}");
      assertThat(again.status()).as("with room again, the same body is validated").isEqualTo(422);
      assertThat(TestServices.count("SELECT count(*) FROM cases")).isEqualTo(2);
    } finally {
      Files.deleteIfExists(overlay);
    }
  }

  @Test
  void withPostgresDownWritesAndReadsAre503AndReadinessSaysWhy() {
    String nowhere = "postgresql://postgres@127.0.0.1:" + TestNode.freePort() + "/test";
    try (TestNode node = TestNode.start(Map.of(), nowhere)) {
      Http http = node.http();
      JsonObject notice = http.get("/api/v1/things/newborn").json();
      Http.Response post = http.postCase("dev-portal", "down-1", Submissions.fromNotice(notice, Submissions.idNumber()).encode());
      assertThat(post.status()).isEqualTo(503);
      assertThat(post.errorCode()).isEqualTo("OVERLOADED");
      assertThat(post.header("Retry-After")).isNotNull();
      Http.Response get = http.get("/api/v1/cases/" + java.util.UUID.randomUUID(), "dev-admin");
      assertThat(get.status()).isEqualTo(503);
      Http.Response ready = http.get("/health/ready");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.json().getJsonObject("checks").getJsonObject("postgres").getString("status")).isEqualTo("DOWN");
      assertThat(ready.json().getJsonObject("checks").getJsonObject("redis").getString("status")).isEqualTo("UP");
    }
  }
}
