package onego.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.PiiSamples;
import onego.domain.PiiSamples.NameForm;
import onego.server.support.Http;
import onego.server.support.LiveNodeTest;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 12345 views of cases whose department notes name the applicant and the parents written
 * other than filed ({@link PiiSamples#nameForms()}: another middle dot, letters of CJK Extension H
 * or private use, a 22-character name after a label, the other Unicode normalization form): the
 * hotline view (from Redis and from PostgreSQL) and the case and events as hotline show none of
 * the names in clear.
 */
class HotlineNameFormsTest extends LiveNodeTest {
  private static final String HOTLINE = "dev-hotline";
  private static final String FATHER = "欧阳龘䶮赟曌彧堃翀玥喆燚龘䶮赟曌彧堃翀玥喆燚";
  private static JsonObject notice;

  @BeforeAll
  static void start() {
    startNode("");
    notice = http.get("/api/v1/things/newborn").json();
  }

  static Stream<NameForm> forms() {
    return PiiSamples.nameForms().stream();
  }

  @ParameterizedTest(name = "name form {index}")
  @MethodSource("forms")
  void aNameWrittenOtherThanFiledIsMaskedOnEveryHotlineView(NameForm form) {
    UUID caseId = submit(form.filed());
    JsonObject first = http.get("/api/v1/cases/" + caseId, "dev-admin").json().getJsonArray("items").getJsonObject(0);
    String itemId = first.getString("itemId");
    String department = first.getString("department");
    TestServices.sql("UPDATE case_items SET status = 'DISPATCHED' WHERE item_id = '" + itemId + "'");
    String note = "已电话联系" + form.written() + "（申请人），母亲" + form.written() + "已签字，父亲姓名：" + FATHER + "，材料齐全";
    Http.Response r = http.send(http.request("/api/v1/departments/" + department + "/items/" + itemId + "/status")
        .header("Authorization", "Bearer dev-dept-" + department).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("status", "ACCEPTED").put("note", note).encode())).build());
    assertThat(r.status()).as(r.body()).isEqualTo(200);

    String fromRedis = awaitNote(caseId);
    redisDelete(caseId);
    Http.Response fromPostgres = http.get("/api/v1/hotline/cases/" + caseId, HOTLINE);
    assertThat(fromPostgres.status()).as(fromPostgres.body()).isEqualTo(200);
    Map<String, String> views = Map.of("hotline view", fromRedis, "hotline view from PostgreSQL", fromPostgres.body(),
        "case as hotline", http.get("/api/v1/cases/" + caseId, HOTLINE).body(),
        "events as hotline", http.get("/api/v1/cases/" + caseId + "/events", HOTLINE).body());
    views.forEach((where, body) -> {
      String read = unescaped(body);
      assertThat(PiiSamples.showsName(read, form.filed())).as(form.kind() + " on " + where + ": " + read).isFalse();
      assertThat(PiiSamples.showsName(read, FATHER)).as("the 22-character father's name on " + where + ": " + read).isFalse();
    });
    assertThat(unescaped(fromPostgres.body())).contains("已电话联系").contains("材料齐全");
  }

  private static UUID submit(String name) {
    String idNumber = new PiiSamples(name.hashCode()).idNumber();
    JsonObject body = Submissions.fromNotice(notice, idNumber);
    body.put("applicant", new JsonObject().put("type", "person").put("idNumber", idNumber).put("name", name).put("phone", "13800138000"));
    JsonObject form = body.getJsonObject("form");
    form.put("motherName", name).put("fatherName", FATHER);
    Http.Response r = http.postCase("dev-portal", "names-" + UUID.randomUUID(), body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return UUID.fromString(r.json().getString("caseId"));
  }

  /** The body as a reader sees it: JSON string escapes ({@code \\u00b7}) decoded. */
  private static String unescaped(String body) {
    StringBuilder b = new StringBuilder();
    collect(new JsonObject(body), b);
    return b.toString();
  }

  private static void collect(Object v, StringBuilder b) {
    if (v instanceof JsonObject o) o.forEach(e -> collect(e.getValue(), b));
    else if (v instanceof JsonArray a) a.forEach(x -> collect(x, b));
    else if (v != null) b.append(v).append('\n');
  }

  private static String awaitNote(UUID caseId) {
    Http.Response r = null;
    for (int i = 0; i < 200; i++) {
      r = http.get("/api/v1/hotline/cases/" + caseId, HOTLINE);
      if (r.status() == 200 && r.body().contains("已电话联系")) return r.body();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("the hotline view never showed the note: " + (r == null ? null : r.body()));
  }

  private static void redisDelete(UUID caseId) {
    var client = io.lettuce.core.RedisClient.create(TestServices.redisUrl());
    try (var c = client.connect()) {
      c.sync().del(onego.server.hotline.StatusViewCache.key(caseId));
    } finally {
      client.shutdown();
    }
  }
}
