package onego.server;

import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class RestartTest {
  @Test
  void everyAcknowledgedCaseSurvivesARestart() {
    TestServices.resetTables();
    List<String> acknowledged = new ArrayList<>();
    String body;
    try (TestNode node = TestNode.start()) {
      Http http = node.http();
      JsonObject notice = http.get("/api/v1/things/newborn").json();
      body = Submissions.fromNotice(notice, Submissions.idNumber()).encode();
      List<CompletableFuture<Http.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        calls.add(http.postCaseAsync("dev-portal", "restart-" + i, Submissions.fromNotice(notice, Submissions.idNumber()).encode()));
      }
      calls.add(http.postCaseAsync("dev-portal", "restart-replay", body));
      for (CompletableFuture<Http.Response> c : calls) {
        Http.Response r = c.join();
        if (r.status() == 201) acknowledged.add(r.json().getString("caseId"));
      }
    }
    assertThat(acknowledged).hasSize(41);
    try (TestNode node = TestNode.start()) {
      Http http = node.http();
      for (String caseId : acknowledged) {
        Http.Response r = http.get("/api/v1/cases/" + caseId, "dev-portal");
        assertThat(r.status()).as(caseId).isEqualTo(200);
        assertThat(r.json().getJsonArray("items")).isNotEmpty();
      }
      Http.Response replay = http.postCase("dev-portal", "restart-replay", body);
      assertThat(replay.header("Idempotency-Replayed")).as("idempotency survives the restart too").isEqualTo("true");
    }
  }
}
