package onego.server;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.CaseStatus;
import onego.domain.EventType;
import onego.domain.ItemStatus;
import onego.embedded.EmbeddedServices;
import onego.router.cases.NewEvent;
import onego.server.hotline.StatusTexts;
import onego.server.hotline.StatusViewCache;
import onego.server.support.Http;
import onego.server.support.LiveNode;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** 12345 hotline look-ups: the contract's shape, masking, plain-Chinese statuses, next steps, Redis view and its fallback. */
class HotlineTest {
  private static final Pattern ID_LIKE = Pattern.compile("(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])");
  private static final Pattern MOBILE_LIKE = Pattern.compile("(?<![0-9])1[3-9][0-9]{9}(?![0-9])");
  private static final String PHONE = "13800138000";

  private static LiveNode node;
  private static Http http;
  private static JsonObject notice;
  private static RedisClient redisClient;
  private static StatefulRedisConnection<String, String> redis;

  @BeforeAll
  static void start() {
    node = LiveNode.start();
    http = node.http();
    notice = http.get("/api/v1/things/newborn").json();
    redisClient = RedisClient.create(TestServices.redisUrl());
    redis = redisClient.connect();
  }

  @AfterAll
  static void stop() {
    redis.close();
    redisClient.shutdown();
    node.close();
  }

  @BeforeEach
  void empty() {
    TestServices.resetTables();
  }

  private static UUID submit(Http h, String idNumber) {
    Http.Response r = h.postCase("dev-portal", "hl-" + UUID.randomUUID(), Submissions.fromNotice(notice, idNumber).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return UUID.fromString(r.json().getString("caseId"));
  }

  private static void assertNoClearPii(String body, String idNumber) {
    assertThat(body).doesNotContain(idNumber).doesNotContain(PHONE).doesNotContain("张三");
    assertThat(ID_LIKE.matcher(body).find()).as("an 18-digit ID number in " + body).isFalse();
    assertThat(MOBILE_LIKE.matcher(body).find()).as("an 11-digit mobile number in " + body).isFalse();
  }

  private static Http.Response awaitView(UUID caseId, Predicate<JsonObject> ready) throws InterruptedException {
    return awaitView(caseId, ready, null);
  }

  /**
   * The hotline's answer once {@code ready} holds, and (when {@code source} is given) once it came from there: the Redis
   * view is refreshed shortly after a change (coalesced per case), and a look-up before that reads PostgreSQL.
   */
  private static Http.Response awaitView(UUID caseId, Predicate<JsonObject> ready, String source) throws InterruptedException {
    Http.Response r = null;
    for (int i = 0; i < 100; i++) {
      r = http.get("/api/v1/hotline/cases/" + caseId, "dev-hotline");
      if (r.status() == 200 && ready.test(r.json()) && (source == null || source.equals(r.header("X-Status-Source")))) return r;
      Thread.sleep(50);
    }
    throw new AssertionError("the hotline view never got there: " + (r == null ? null : r.body()));
  }

  @Test
  void aCaseReadsOutInPlainChineseWithTheApplicantMasked() {
    String id = Submissions.idNumber();
    UUID caseId = submit(http, id);
    Http.Response r = http.get("/api/v1/hotline/cases/" + caseId, "dev-hotline");
    assertThat(r.status()).isEqualTo(200);
    JsonObject body = r.json();
    assertThat(body.getString("caseId")).isEqualTo(caseId.toString());
    assertThat(body.getString("thingName")).isNotBlank().isNotEqualTo("newborn");
    assertThat(body.getString("status")).isEqualTo("SUBMITTED");
    assertThat(body.getString("statusText")).isEqualTo("已提交");
    JsonObject applicant = body.getJsonObject("applicant");
    assertThat(applicant.getString("name")).isEqualTo("张*");
    assertThat(applicant.getString("idNumber")).isEqualTo(id.substring(0, 3) + "*".repeat(11) + id.substring(14));
    assertThat(applicant.getString("phone")).isEqualTo("138****8000");
    JsonArray items = body.getJsonArray("items");
    assertThat(items.size()).isEqualTo(notice.getJsonArray("items").size() - alternatives());
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      assertThat(item.fieldNames()).contains("name", "department", "status", "statusText", "dueAt", "overdue");
      assertThat(item.getString("statusText")).isEqualTo(StatusTexts.ofItem(item.getString("status")));
      assertThat(item.getBoolean("overdue")).isFalse();
    }
    assertThat(body.getJsonArray("nextSteps").getString(0)).contains("无需申请人操作");
    assertNoClearPii(r.body(), id);
    assertThat(http.get("/api/v1/hotline/cases/" + caseId, "dev-admin").status()).isEqualTo(200);
    assertThat(http.get("/api/v1/hotline/cases/" + caseId, "dev-portal").status()).isEqualTo(403);
    assertThat(http.get("/api/v1/hotline/cases/" + UUID.randomUUID(), "dev-hotline").status()).isEqualTo(404);
    assertThat(http.get("/api/v1/hotline/cases/not-a-case", "dev-hotline").status()).isEqualTo(404);
  }

  private static int alternatives() {
    JsonArray items = notice.getJsonArray("items");
    java.util.Set<String> groups = new java.util.HashSet<>();
    int skipped = 0;
    for (int i = 0; i < items.size(); i++) {
      String g = items.getJsonObject(i).getString("alternativeGroup");
      if (g != null && !groups.add(g)) skipped++;
    }
    return skipped;
  }

  @Test
  void everyCaseAndItemStatusHasPlainChinese() {
    for (CaseStatus s : CaseStatus.values()) assertThat(StatusTexts.ofCase(s.name())).as(s.name()).matches("[\\p{IsHan}/]+");
    for (ItemStatus s : ItemStatus.values()) assertThat(StatusTexts.ofItem(s.name())).as(s.name()).matches("[\\p{IsHan}/]+");
    assertThat(StatusTexts.ofCase("NEEDS_SUPPLEMENT")).isEqualTo("需补正材料");
    assertThat(StatusTexts.ofItem("RETURNED")).isEqualTo("退回补正");
    assertThat(StatusTexts.ofItem("DELIVERY_FAILED")).isEqualTo("推送失败");
  }

  @Test
  void aReturnedItemSaysWhatToSupplementForWhichDepartment() throws Exception {
    String id = Submissions.idNumber();
    UUID caseId = submit(http, id);
    JsonObject first = http.get("/api/v1/cases/" + caseId, "dev-admin").json().getJsonArray("items").getJsonObject(0);
    UUID itemId = UUID.fromString(first.getString("itemId"));
    TestServices.sql("UPDATE case_items SET status = 'RETURNED' WHERE item_id = '" + itemId + "'");
    TestServices.sql("UPDATE cases SET status = 'NEEDS_SUPPLEMENT' WHERE case_id = '" + caseId + "'");
    String note = "出生医学证明照片不清晰，请重新上传；咨询 " + "13912345678";
    node.append(caseId, List.of(NewEvent.ofItem(EventType.ItemStatusChanged, itemId, "RETURNED", first.getString("department"),
        new JsonObject().put("note", note))));
    // the status was set straight in the tables, so a view refreshed between that and the event has the status
    // without the note: wait for the view of the event itself
    Http.Response r = awaitView(caseId, b -> "NEEDS_SUPPLEMENT".equals(b.getString("status"))
        && b.getJsonArray("items").getJsonObject(0).containsKey("note"), "redis");
    JsonObject body = r.json();
    assertThat(body.getString("statusText")).isEqualTo("需补正材料");
    JsonObject item = body.getJsonArray("items").getJsonObject(0);
    assertThat(item.getString("statusText")).isEqualTo("退回补正");
    String step = body.getJsonArray("nextSteps").getString(0);
    assertThat(step).contains(item.getString("departmentName")).contains(first.getString("name"))
        .contains("出生医学证明照片不清晰").contains("补正");
    assertNoClearPii(r.body(), id);
  }

  /** What the attacker found: a one-character name shown as written, a spaced phone in a note, an EMS delivery as stored. */
  @Test
  void aOneCharacterNameASpacedPhoneInANoteAndAnEmsDeliveryAreMasked() throws Exception {
    String id = Submissions.idNumber();
    JsonObject body = Submissions.fromNotice(notice, id);
    body.getJsonObject("applicant").put("name", "娜");
    body.put("delivery", new JsonObject().put("method", "ems").put("address", "湖南省衡阳市蒸湘区解放大道1号3栋502室")
        .put("recipient", "欧阳龘").put("phone", "13900139000"));
    Http.Response created = http.postCase("dev-portal", "hl-" + UUID.randomUUID(), body.encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    UUID caseId = UUID.fromString(created.json().getString("caseId"));
    JsonObject first = http.get("/api/v1/cases/" + caseId, "dev-admin").json().getJsonArray("items").getJsonObject(0);
    UUID itemId = UUID.fromString(first.getString("itemId"));
    TestServices.sql("UPDATE case_items SET status = 'RETURNED' WHERE item_id = '" + itemId + "'");
    node.append(caseId, List.of(NewEvent.ofItem(EventType.ItemStatusChanged, itemId, "RETURNED", first.getString("department"),
        new JsonObject().put("note", "请联系 138 0013 8000，或寄往解放大道1号3栋502室交欧阳龘；娜的材料不全"))));
    Http.Response r = awaitView(caseId, b -> b.getJsonArray("items").getJsonObject(0).containsKey("note"));
    JsonObject view = r.json();
    assertThat(view.getJsonObject("applicant").getString("name")).isEqualTo("*");
    String note = view.getJsonArray("items").getJsonObject(0).getString("note");
    assertThat(note).as("the address takes the words before it along").isEqualTo("请联系 138****8000，***交欧**；*的材料不全");
    assertThat(r.body()).doesNotContain("娜").doesNotContain("0013").doesNotContain("龘").doesNotContain("解放大道");
    Http.Response asHotline = http.get("/api/v1/cases/" + caseId, "dev-hotline");
    assertThat(asHotline.json().getJsonObject("delivery")).isEqualTo(new JsonObject().put("method", "ems")
        .put("address", "湖南省衡阳市***").put("recipient", "欧**").put("phone", "139****9000"));
    assertThat(asHotline.body()).doesNotContain("娜").doesNotContain("13900139000").doesNotContain("解放大道");
  }

  @Test
  void anItemPastItsDeadlineIsFlaggedOverdue() throws Exception {
    UUID caseId = submit(http, Submissions.idNumber());
    TestServices.sql("UPDATE case_items SET due_at = now() - interval '1 day' WHERE case_id = '" + caseId + "' AND position = 0");
    node.appendOne(caseId, EventType.ItemOverdue, new JsonObject().put("level", "red"));
    JsonObject body = awaitView(caseId, b -> b.getJsonArray("items").getJsonObject(0).getBoolean("overdue")).json();
    assertThat(body.getBoolean("overdue")).isTrue();
    assertThat(body.getJsonArray("items").getJsonObject(1).getBoolean("overdue")).isFalse();
    assertThat(String.join("", body.getJsonArray("nextSteps").stream().map(String::valueOf).toList())).contains("超过承诺时限");
  }

  @Test
  void aMissingViewIsReadFromPostgresAndCachedAgain() throws Exception {
    UUID caseId = submit(http, Submissions.idNumber());
    String key = StatusViewCache.key(caseId);
    for (int i = 0; i < 100 && redis.sync().exists(key) == 0; i++) Thread.sleep(20);
    assertThat(redis.sync().exists(key)).as("the view is written on the CaseSubmitted event").isEqualTo(1L);
    assertThat(redis.sync().ttl(key)).isGreaterThan(29L * 24 * 3600);
    assertNoClearPii(redis.sync().hget(key, "view"), "none");

    redis.sync().del(key);
    Http.Response miss = http.get("/api/v1/hotline/cases/" + caseId, "dev-hotline");
    assertThat(miss.status()).isEqualTo(200);
    assertThat(miss.header("X-Status-Source")).isEqualTo("postgres");
    for (int i = 0; i < 100 && redis.sync().exists(key) == 0; i++) Thread.sleep(20);
    Http.Response hit = http.get("/api/v1/hotline/cases/" + caseId, "dev-hotline");
    assertThat(hit.header("X-Status-Source")).isEqualTo("redis");
    assertThat(hit.json().getJsonArray("items")).isEqualTo(miss.json().getJsonArray("items"));
  }

  @Test
  void lookUpByIdNumberOrPhoneListsRecentCasesMasked() throws Exception {
    String id = Submissions.idNumber();
    UUID older = submit(http, id);
    Thread.sleep(5);
    UUID newer = submit(http, id);
    submit(http, Submissions.idNumber());
    Http.Response byId = http.get("/api/v1/hotline/cases?idNumber=" + id, "dev-hotline");
    assertThat(byId.status()).isEqualTo(200);
    JsonArray cases = byId.json().getJsonArray("cases");
    assertThat(cases.stream().map(c -> ((JsonObject) c).getString("caseId")).toList())
        .containsExactly(newer.toString(), older.toString());
    assertNoClearPii(byId.body(), id);
    Http.Response byPhone = http.get("/api/v1/hotline/cases?phone=" + PHONE, "dev-hotline");
    assertThat(byPhone.json().getJsonArray("cases").size()).isEqualTo(3);
    assertNoClearPii(byPhone.body(), id);
    assertThat(http.get("/api/v1/hotline/cases?idNumber=110101190001011234", "dev-hotline").json().getJsonArray("cases")).isEmpty();
    assertThat(http.get("/api/v1/hotline/cases", "dev-hotline").errorCode()).isEqualTo("BAD_REQUEST");
    assertThat(http.get("/api/v1/hotline/cases?idNumber=" + id + "&phone=" + PHONE, "dev-hotline").status()).isEqualTo(400);
    assertThat(http.get("/api/v1/hotline/cases?phone=" + PHONE, "dev-mobile").status()).isEqualTo(403);
  }

  @Test
  void withRedisDownTheHotlineAnswersFromPostgres() {
    EmbeddedServices own = new EmbeddedServices();
    String redisUrl = own.startRedis();
    try (LiveNode n = LiveNode.start(redisUrl)) {
      Http h = n.http();
      String id = Submissions.idNumber();
      UUID caseId = submit(h, id);
      own.close();
      for (int attempt = 0; attempt < 2; attempt++) {
        Http.Response r = h.get("/api/v1/hotline/cases/" + caseId, "dev-hotline");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("X-Status-Source")).isEqualTo("postgres");
        assertNoClearPii(r.body(), id);
      }
      Http.Response list = h.get("/api/v1/hotline/cases?idNumber=" + id, "dev-hotline");
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.json().getJsonArray("cases").size()).isEqualTo(1);
    } finally {
      own.close();
    }
  }
}
