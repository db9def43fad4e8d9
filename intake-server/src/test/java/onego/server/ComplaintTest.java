package onego.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.Jwts;
import onego.server.support.LiveNodeTest;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import onego.server.support.WsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * 好差评 per item and 差评与投诉处置 through the whole life of a complaint (openapi.yaml, tags Ratings, Supervision
 * and Hotline: the urge), departments driven through the API.
 */
class ComplaintTest extends LiveNodeTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static JsonObject notice;

  @BeforeAll
  static void start() {
    startNode("");
    notice = http.get("/api/v1/things/newborn").json();
  }

  private record Filed(UUID caseId, String applicant, JsonArray items) {}

  private static Filed submit() {
    String id = Submissions.idNumber();
    Http.Response r = http.postCase("dev-portal", "ct-" + UUID.randomUUID(), Submissions.fromNotice(notice, id).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return new Filed(UUID.fromString(r.json().getString("caseId")), id, r.json().getJsonArray("items"));
  }

  private static Http.Response post(String path, String token, String body) {
    return http.send(http.request(path).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static Http.Response step(String complaintId, String step, String token) {
    return post("/api/v1/supervision/complaints/" + complaintId + "/" + step, token, "{}");
  }

  private static Http.Response answer(String complaintId, String department) {
    return post("/api/v1/supervision/complaints/" + complaintId + "/answer", "dev-dept-" + department,
        new JsonObject().put("rectification", "窗口人员已培训，材料一次性告知").put("reply", "已整改，欢迎再次评价").encode());
  }

  private static List<String> eventTypes(UUID caseId) {
    JsonArray events = http.get("/api/v1/cases/" + caseId + "/events", "dev-admin").json().getJsonArray("events");
    return events.stream().map(e -> ((JsonObject) e).getString("type")).toList();
  }

  private static JsonObject itemOf(Filed f, String notDepartment) {
    for (Object o : f.items()) {
      JsonObject i = (JsonObject) o;
      if (!i.getString("department").equals(notDepartment)) return i;
    }
    throw new AssertionError("no item outside " + notDepartment);
  }

  @Test
  void anItemRatedOneOpensAComplaintForThatDepartmentOnlyWhichGoesThroughItsWholeLife() {
    Filed f = submit();
    JsonObject item = f.items().getJsonObject(0);
    String itemId = item.getString("itemId");
    String dept = item.getString("department");
    String other = itemOf(f, dept).getString("department");
    String rating = "/api/v1/cases/" + f.caseId() + "/items/" + itemId + "/rating";

    Http.Response early = post(rating, "dev-portal", "{\"score\": 1}");
    assertThat(early.status()).as("not yet ACCEPTED").isEqualTo(409);
    assertThat(early.errorCode()).isEqualTo("CONFLICT");
    TestServices.sql("UPDATE case_items SET status = 'ACCEPTED' WHERE item_id = '" + itemId + "'");
    Http.Response rated = post(rating, "dev-portal", "{\"score\": 1, \"comment\": \"跑了三次\"}");
    assertThat(rated.status()).as(rated.body()).isEqualTo(201);
    assertThat(rated.json().getString("department")).isEqualTo(dept);
    String complaintId = rated.json().getString("complaintId");
    assertThat(complaintId).isNotNull();
    Http.Response twice = post(rating, "dev-portal", "{\"score\": 5}");
    assertThat(twice.status()).as("an item is rated once").isEqualTo(409);
    assertThat(twice.errorCode()).isEqualTo("CONFLICT");
    assertThat(post("/api/v1/cases/" + f.caseId() + "/items/" + UUID.randomUUID() + "/rating", "dev-portal", "{\"score\": 3}").status())
        .isEqualTo(404);

    JsonArray own = http.get("/api/v1/supervision/complaints", "dev-dept-" + dept).json().getJsonArray("complaints");
    assertThat(own.size()).isEqualTo(1);
    JsonObject c = own.getJsonObject(0);
    assertThat(c.getString("complaintId")).isEqualTo(complaintId);
    assertThat(c.getString("department")).isEqualTo(dept);
    assertThat(c.getString("itemId")).isEqualTo(itemId);
    assertThat(c.getString("state")).isEqualTo("OPEN");
    assertThat(c.getString("source")).isEqualTo("item-rating");
    assertThat(c.getString("dueAt")).isNotNull();
    assertThat(http.get("/api/v1/supervision/complaints", "dev-dept-" + other).json().getJsonArray("complaints"))
        .as("the complaint is that department's only").isEmpty();
    assertThat(http.get("/api/v1/supervision/complaints", "dev-admin").json().getJsonArray("complaints").size()).isEqualTo(1);

    Http.Response foreign = answer(complaintId, other);
    assertThat(foreign.status()).as("answering someone else's complaint").isEqualTo(404);
    assertThat(step(complaintId, "confirm", "dev-portal").errorCode()).as("nothing answered yet").isEqualTo("ILLEGAL_TRANSITION");
    Http.Response answered = answer(complaintId, dept);
    assertThat(answered.status()).as(answered.body()).isEqualTo(200);
    assertThat(answered.json().getString("state")).isEqualTo("ANSWERED");
    assertThat(answered.json().getString("rectification")).isEqualTo("窗口人员已培训，材料一次性告知");
    assertThat(answer(complaintId, dept).status()).as("answered already").isEqualTo(409);

    Http.Response reopened = step(complaintId, "reopen", "dev-portal");
    assertThat(reopened.status()).as(reopened.body()).isEqualTo(200);
    assertThat(reopened.json().getString("state")).isEqualTo("OPEN");
    assertThat(reopened.json().getInteger("reopened")).isEqualTo(1);
    assertThat(answer(complaintId, dept).json().getString("state")).isEqualTo("ANSWERED");
    String stranger = Jwts.dev(new JsonObject().put("role", "applicant").put("sub", Submissions.idNumber()));
    assertThat(step(complaintId, "confirm", stranger).status()).as("not this applicant's").isEqualTo(404);
    String applicant = Jwts.dev(new JsonObject().put("role", "applicant").put("sub", f.applicant()));
    Http.Response confirmed = step(complaintId, "confirm", applicant);
    assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
    assertThat(confirmed.json().getString("state")).isEqualTo("CONFIRMED");
    assertThat(step(complaintId, "close", "dev-portal").status()).as("admin closes").isEqualTo(403);
    Http.Response closed = step(complaintId, "close", "dev-admin");
    assertThat(closed.status()).as(closed.body()).isEqualTo(200);
    assertThat(closed.json().getString("state")).isEqualTo("CLOSED");
    assertThat(step(complaintId, "close", "dev-admin").errorCode()).isEqualTo("ILLEGAL_TRANSITION");

    assertThat(eventTypes(f.caseId())).containsSubsequence("ComplaintOpened", "ItemRated", "ComplaintAnswered", "ComplaintReopened",
        "ComplaintAnswered", "ComplaintConfirmed", "ComplaintClosed");
    assertThat(http.get("/api/v1/supervision/complaints?state=CLOSED", "dev-admin").json().getJsonArray("complaints").size()).isEqualTo(1);
    assertThat(http.get("/api/v1/supervision/complaints?state=OPEN", "dev-admin").json().getJsonArray("complaints")).isEmpty();

    JsonObject figures = http.get("/api/v1/stats", "dev-admin").json().getJsonObject("departments").getJsonObject(dept);
    assertThat(figures.getJsonObject("ratings").getLong("count")).isEqualTo(1);
    assertThat(figures.getJsonObject("ratings").getDouble("average")).isCloseTo(1.0, within(0.0001));
    JsonObject complaints = figures.getJsonObject("complaints");
    assertThat(complaints.getJsonObject("byState").getMap()).containsEntry("CLOSED", 1);
    assertThat(complaints.getLong("rectifiedInTime")).isEqualTo(1);
    assertThat(complaints.getDouble("rectifiedInTimeShare")).isEqualTo(1.0);
  }

  @Test
  void aReportNeverShowsItsReporterToTheDepartment() {
    JsonObject report = new JsonObject().put("kind", "report").put("department", "public-security")
        .put("content", "王先生反映：窗口要求额外材料，电话13800138000").put("contact", new JsonObject().put("name", "王先生").put("phone", "13800138000"));
    Http.Response filed = post("/api/v1/supervision/complaints", "dev-hotline", report.encode());
    assertThat(filed.status()).as(filed.body()).isEqualTo(201);
    String id = filed.json().getString("complaintId");
    assertThat(filed.json().getString("kind")).isEqualTo("report");
    assertThat(filed.json().getJsonObject("contact").getString("phone")).isEqualTo("138****8000");
    assertThat(filed.json().getString("filedBy")).isEqualTo("key:dev-hotline");

    for (Http.Response seen : List.of(http.get("/api/v1/supervision/complaints", "dev-dept-public-security"),
        http.get("/api/v1/supervision/complaints/" + id, "dev-dept-public-security"))) {
      assertThat(seen.status()).as(seen.body()).isEqualTo(200);
      JsonObject c = seen.json().containsKey("complaints") ? seen.json().getJsonArray("complaints").getJsonObject(0) : seen.json();
      assertThat(c.getString("complaintId")).isEqualTo(id);
      assertThat(c.containsKey("contact")).as("not even masked").isFalse();
      assertThat(c.containsKey("filedBy")).isFalse();
      assertThat(seen.body()).doesNotContain("13800138000", "138****8000", "王先生", "dev-hotline");
    }
    String admin = http.get("/api/v1/supervision/complaints", "dev-admin").body();
    assertThat(admin).contains("138****8000").doesNotContain("13800138000", "王先生");
    JsonObject oddlyWritten = report.copy().put("kind", "complaint").put("content", "请回电 +86 138-0013-8000")
        .put("contact", new JsonObject().put("name", "欧阳娜娜").put("phone", "１３８ ００１３ ８０００"));
    Http.Response odd = post("/api/v1/supervision/complaints", "dev-hotline", oddlyWritten.encode());
    assertThat(odd.status()).as(odd.body()).isEqualTo(201);
    for (String staff : List.of("dev-admin", "dev-hotline", "dev-dept-public-security")) {
      String body = http.get("/api/v1/supervision/complaints/" + odd.json().getString("complaintId"), staff).body();
      assertThat(body).as(staff).doesNotContain("欧阳娜娜", "１３８ ００１３ ８０００", "138-0013-8000", "0013");
    }
    assertThat(http.get("/api/v1/supervision/complaints/" + id, "dev-hotline").json().getString("state")).isEqualTo("OPEN");
    assertThat(http.get("/api/v1/supervision/complaints?department=public-security", "dev-dept-health").status()).isEqualTo(403);
    assertThat(http.get("/api/v1/supervision/complaints/" + id, "dev-dept-health").status()).isEqualTo(404);

    Filed f = submit();
    JsonObject cannot = new JsonObject().put("kind", "cannot-get-it-done").put("caseId", f.caseId().toString())
        .put("department", f.items().getJsonObject(0).getString("department")).put("content", "材料齐全却被告知办不了");
    Http.Response window = post("/api/v1/supervision/complaints", "dev-portal", cannot.encode());
    assertThat(window.status()).as(window.body()).isEqualTo(201);
    assertThat(window.json().getString("channel")).isEqualTo("pc");
    assertThat(eventTypes(f.caseId())).contains("ComplaintOpened");
    assertThat(post("/api/v1/supervision/complaints", "dev-mobile", cannot.encode()).status()).as("another channel's case").isEqualTo(404);
    assertThat(post("/api/v1/supervision/complaints", "dev-hotline", cannot.copy().put("department", "nobody").encode()).status()).isEqualTo(422);
    assertThat(post("/api/v1/supervision/complaints", "dev-hotline", cannot.copy().put("kind", "praise").encode()).status()).isEqualTo(422);
    assertThat(post("/api/v1/supervision/complaints", "dev-dept-health", cannot.encode()).status()).isEqualTo(403);
  }

  @Test
  void anUrgeFromTheHotlineReachesTheDepartmentsStreamLive() throws Exception {
    Filed f = submit();
    JsonObject item = f.items().getJsonObject(0);
    String dept = item.getString("department");
    try (WsClient ws = WsClient.connect(node.port(), "dev-dept-" + dept, true)) {
      ws.send(new JsonObject().put("op", "subscribe").put("department", dept));
      assertThat(ws.nextOp("subscribed", 5_000)).isNotNull();
      Http.Response urged = post("/api/v1/hotline/cases/" + f.caseId() + "/urge", "dev-hotline",
          new JsonObject().put("itemId", item.getString("itemId")).put("note", "市民来电催办，回电13800138000").encode());
      assertThat(urged.status()).as(urged.body()).isEqualTo(201);
      JsonObject e = ws.next(5_000);
      assertThat(e).as("the ItemUrged event on the department's stream").isNotNull();
      assertThat(e.getString("type")).isEqualTo("ItemUrged");
      assertThat(e.getString("itemId")).isEqualTo(item.getString("itemId"));
      assertThat(e.getJsonObject("data").getString("department")).isEqualTo(dept);
      assertThat(e.getJsonObject("data").getString("note")).doesNotContain("13800138000");
    }
    assertThat(http.get("/api/v1/stats", "dev-admin").json().getJsonObject("departments").getJsonObject(dept).getLong("urges")).isEqualTo(1);
    assertThat(post("/api/v1/hotline/cases/" + f.caseId() + "/urge", "dev-portal", "{\"note\": \"催办\"}").status()).isEqualTo(403);
    assertThat(post("/api/v1/hotline/cases/" + f.caseId() + "/urge", "dev-hotline",
        new JsonObject().put("itemId", UUID.randomUUID().toString()).put("note", "催办").encode()).status()).isEqualTo(404);
    TestServices.setCaseState(f.caseId(), "COMPLETED", "COMPLETED");
    Http.Response done = post("/api/v1/hotline/cases/" + f.caseId() + "/urge", "dev-hotline", "{\"note\": \"催办\"}");
    assertThat(done.status()).as("nothing left with a department").isEqualTo(409);
  }

  @Test
  void anUnansweredComplaintPastItsDeadlineIsMarkedOverdueOnce() throws Exception {
    try (TestNode watched = TestNode.start(Overlays.env("router:\n  deadlineScanMs: 100\ndevsim: {enabled: false}\n"))) {
      Http h = watched.http();
      Filed f = submit();
      JsonObject body = new JsonObject().put("kind", "complaint").put("caseId", f.caseId().toString())
          .put("department", f.items().getJsonObject(0).getString("department")).put("content", "一直没有办理");
      Http.Response filed = post("/api/v1/supervision/complaints", "dev-hotline", body.encode());
      assertThat(filed.status()).as(filed.body()).isEqualTo(201);
      String id = filed.json().getString("complaintId");
      assertThat(filed.json().getBoolean("overdue")).isFalse();
      TestServices.sql("UPDATE complaints SET due_at = now() - interval '1 hour' WHERE complaint_id = '" + id + "'");
      Await.until("marked overdue", WAIT, () -> h.get("/api/v1/supervision/complaints/" + id, "dev-admin").json().getBoolean("overdue"));
      Thread.sleep(1_000); // several more scans (every 100 ms)
      assertThat(TestServices.count("SELECT count(*) FROM case_events WHERE type = 'ComplaintOverdue' AND case_id = '" + f.caseId() + "'"))
          .as("raised once").isEqualTo(1);
      assertThat(TestServices.count("SELECT count(*) FROM complaints WHERE overdue_at IS NOT NULL")).isEqualTo(1);
    }
  }
}
