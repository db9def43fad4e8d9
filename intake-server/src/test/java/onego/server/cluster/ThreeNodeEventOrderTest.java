package onego.server.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.Outputs;
import onego.server.support.Overlays;
import onego.server.support.SseClient;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes in one Hazelcast cluster over one PostgreSQL, each with its router on: a case
 * submitted through A, followed over SSE on B, its items worked by departments reporting to C.
 * B sees every event of the case's log once, in log order, including the ones committed on A
 * and C and by whichever router delivered an item.
 */
class ThreeNodeEventOrderTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** The newborn bundle's items in an order its dependencies allow, with their departments. */
  private static final List<String[]> NEWBORN = List.of(
      new String[] {"birth-medical-certificate", "health"},
      new String[] {"vaccination-certificate", "health"},
      new String[] {"household-registration", "public-security"},
      new String[] {"resident-medical-insurance-registration", "medical-insurance"},
      new String[] {"social-security-card", "human-resources"},
      new String[] {"resident-medical-insurance-payment", "tax"});

  @Test
  void aSubscriberOnOneNodeSeesEveryEventOnceInOrderWhileTwoOthersWriteTheCase() throws Exception {
    TestServices.resetTables();
    List<Integer> ports = List.of(TestNode.freePort(), TestNode.freePort(), TestNode.freePort());
    List<String> members = ports.stream().map(p -> "\"127.0.0.1:" + p + "\"").toList();
    try (DeliveryLog department = new DeliveryLog(0)) {
      StringBuilder departments = new StringBuilder("departments:\n");
      for (String d : List.of("health", "public-security", "medical-insurance", "human-resources", "tax")) {
        departments.append(Overlays.push(d, department.url(), 8, 5000, 3));
      }
      List<TestNode> nodes = new ArrayList<>();
      try {
        for (int port : ports) {
          nodes.add(TestNode.start(Overlays.env("cluster: {enabled: true, port: " + port + ", members: " + members + "}\n" + departments)));
        }
        Http a = nodes.get(0).http();
        Http c = nodes.get(2).http();
        Await.until("three members seen from B", WAIT, () -> clusterMembers(nodes.get(1).http()) == 3);

        Http.Response submitted = a.postCase("dev-portal", "three-" + System.nanoTime(),
            Submissions.fromNotice(a.get("/api/v1/things/newborn").json(), Submissions.idNumber()).encode());
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        JsonObject created = submitted.json();
        String caseId = created.getString("caseId");

        try (SseClient b = SseClient.open(nodes.get(1).port(), "/api/v1/cases/" + caseId + "/events", "dev-portal", null)) {
          assertThat(b.status()).isEqualTo(200);
          List<SseClient.Frame> seen = new ArrayList<>();
          for (String[] item : NEWBORN) {
            String itemId = itemId(created, item[0]);
            Await.until(item[0] + " delivered", WAIT, () -> "DISPATCHED".equals(itemStatus(itemId)));
            report(c, item[1], itemId, new JsonObject().put("status", "ACCEPTED").put("eventId", "acc-" + itemId));
            report(c, item[1], itemId, new JsonObject().put("status", "COMPLETED").put("eventId", "done-" + itemId)
                .put("result", Outputs.of("newborn", item[0])));
          }
          Await.until("the case's results delivered", WAIT, () -> eventTypes(caseId).contains("ResultsDelivered"));
          List<String> logged = eventTypes(caseId);
          seen.addAll(b.events(logged.size(), WAIT.toMillis()));
          seen.addAll(b.events(1, 2_000)); // anything after the last logged event would be a duplicate

          List<String> seqs = new ArrayList<>();
          for (int i = 1; i <= logged.size(); i++) seqs.add(String.valueOf(i));
          assertThat(seen).extracting(SseClient.Frame::id).as("event ids at B").containsExactlyElementsOf(seqs);
          assertThat(seen).extracting(SseClient.Frame::event).as("event types at B, in log order").containsExactlyElementsOf(logged);
          assertThat(logged).contains("ItemDispatched", "ItemStatusChanged", "CaseCompleted", "ResultsDelivered");
        }
      } finally {
        for (TestNode n : nodes) n.close();
      }
    }
  }

  private static int clusterMembers(Http http) {
    Http.Response r = http.get("/health/ready");
    return r.status() == 200 ? r.json().getJsonObject("checks").getJsonObject("cluster").getInteger("members", -1) : -1;
  }

  private static void report(Http http, String department, String itemId, JsonObject body) {
    Http.Response r = http.send(http.request("/api/v1/departments/" + department + "/items/" + itemId + "/status")
        .header("Authorization", "Bearer dev-dept-" + department).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private static String itemId(JsonObject created, String code) {
    return created.getJsonArray("items").stream().map(o -> (JsonObject) o).filter(i -> i.getString("code").equals(code))
        .findFirst().orElseThrow(() -> new AssertionError("no item " + code)).getString("itemId");
  }

  private static String itemStatus(String itemId) {
    return TestServices.column("SELECT status FROM case_items WHERE item_id = '" + itemId + "'").get(0);
  }

  private static List<String> eventTypes(String caseId) {
    return TestServices.column("SELECT type FROM case_events WHERE case_id = '" + caseId + "' ORDER BY seq");
  }
}
