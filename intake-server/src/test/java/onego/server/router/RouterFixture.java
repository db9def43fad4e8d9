package onego.server.router;

import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.Submissions;
import onego.server.support.TestServices;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What router tests do over and over: submit, look at items, report as a department. */
final class RouterFixture {
  static final Duration WAIT = Duration.ofSeconds(30);

  private final Http http;

  RouterFixture(Http http) {
    this.http = http;
  }

  JsonObject submit(String thing) {
    JsonObject notice = http.get("/api/v1/things/" + thing).json();
    Http.Response r = http.postCase("dev-portal", "r-" + System.nanoTime(), Submissions.fromNotice(notice, Submissions.idNumber()).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  JsonObject caseView(String caseId) {
    return http.get("/api/v1/cases/" + caseId, "dev-admin").json();
  }

  String itemStatus(String caseId, String itemId) {
    return TestServices.column("SELECT status FROM case_items WHERE item_id = '" + itemId + "'").get(0);
  }

  static JsonObject item(JsonObject c, String code) {
    return c.getJsonArray("items").stream().map(o -> (JsonObject) o).filter(i -> i.getString("code").equals(code)).findFirst()
        .orElseThrow(() -> new AssertionError("no item " + code));
  }

  Http.Response report(String department, String itemId, String status, String eventId) {
    return report(department, itemId, new JsonObject().put("status", status).put("eventId", eventId));
  }

  Http.Response report(String department, String itemId, JsonObject body) {
    return http.send(http.request("/api/v1/departments/" + department + "/items/" + itemId + "/status")
        .header("Authorization", "Bearer dev-dept-" + department).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
  }

  Http.Response post(String path, String token, JsonObject body) {
    return http.send(http.request(path).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
  }

  List<String> eventTypes(String caseId) {
    return TestServices.column("SELECT type FROM case_events WHERE case_id = '" + caseId + "' ORDER BY seq");
  }

  /** Event seqs are 1..n without gaps. */
  void assertGapFree(String caseId) {
    List<String> seqs = TestServices.column("SELECT seq FROM case_events WHERE case_id = '" + caseId + "' ORDER BY seq");
    for (int i = 0; i < seqs.size(); i++) assertThat(Integer.parseInt(seqs.get(i))).isEqualTo(i + 1);
  }
}
