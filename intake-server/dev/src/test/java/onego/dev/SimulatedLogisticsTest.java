package onego.dev;

import io.vertx.core.json.JsonObject;
import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev profile's world delivers by EMS end to end (一次送达, 衡阳 优化"一次办" 2 EMS邮寄): without a
 * configured {@code logistics.endpoint} the dev node starts the simulated logistics service; a newborn
 * case posted by EMS is completed by the simulated departments, gets a waybill from the simulated
 * service, and is reported SIGNED by its signed callback.
 */
class SimulatedLogisticsTest {
  private static DevTestNode node;
  private static Http http;

  @BeforeAll
  static void start() {
    node = DevTestNode.start(Overlays.env("devsim:\n  enabled: true\n  workDelayMs: 150\n  suspendShare: 0\n  falseCommitmentShare: 0\n"
        + "  supervisionPollMs: 0\n  logisticsSignDelayMs: 600\n"
        + "sharedData:\n  url: null\n  keySalt: \"" + UUID.randomUUID() + "\"\n"));
    http = node.http();
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  @Test
  void anEmsCaseGetsAWaybillThenSigned() {
    JsonObject notice = http.get("/api/v1/things/newborn").json();
    JsonObject body = Submissions.fromNotice(notice, Submissions.idNumber())
        .put("delivery", new JsonObject().put("method", "ems").put("address", "湖南省衡阳市蒸湘区解放大道1号"));
    // file references, not e-certificates: the simulated registry knows only its own people's certificates
    io.vertx.core.json.JsonArray files = new io.vertx.core.json.JsonArray();
    body.getJsonArray("materials").forEach(m -> {
      String code = ((JsonObject) m).getString("code");
      files.add(new JsonObject().put("code", code).put("fileRef", "file-" + code));
    });
    body.put("materials", files);
    Http.Response r = http.postCase("dev-portal", "ems-" + UUID.randomUUID(), body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    String caseId = r.json().getString("caseId");

    Await.until("the case signed for", Duration.ofSeconds(90), () -> "SIGNED".equals(delivery(caseId).getString("status")));
    JsonObject d = delivery(caseId);
    assertThat(d.getString("waybill")).matches("EMS[0-9]{13}CN");
    assertThat(d.getString("signedAt")).isNotNull();
    List<String> types = http.get("/api/v1/cases/" + caseId + "/events", "dev-portal").json().getJsonArray("events").stream()
        .map(o -> ((JsonObject) o).getString("type")).toList();
    assertThat(types).containsSubsequence("CaseCompleted", "ResultsDelivered", "ResultsShipped", "ResultsSigned");
  }

  private static JsonObject delivery(String caseId) {
    return http.get("/api/v1/cases/" + caseId, "dev-portal").json().getJsonObject("delivery");
  }
}
