package onego.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.PiiSamples.Person;
import onego.domain.PiiSamples;
import onego.server.hotline.StatusViewCache;
import onego.server.support.Http;
import onego.server.support.LiveNodeTest;
import onego.server.support.LogCapture;
import onego.server.support.SseClient;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import onego.server.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-style, end to end: for each seed, a newborn case sent by EMS carries generated personal
 * data (applicant, form, delivery recipient); its department writes notes quoting all of it in
 * odd written forms (spaced, dashed, +86, full-width, lower-case x) and completes with a result
 * holding it too. Then every hotline surface is read, and none may hold a clear value in any
 * written form: the hotline view (from Redis and from PostgreSQL), both hotline searches,
 * {@code GET /cases/{id}} as hotline, the events as JSON, SSE and WebSocket; nor may any log line.
 */
class StaffPathPiiTest extends LiveNodeTest {
  private static final String HOTLINE = "dev-hotline";
  private static JsonObject notice;
  private static LogCapture logs;

  @BeforeAll
  static void start() {
    startNode("");
    notice = http.get("/api/v1/things/newborn").json();
    logs = LogCapture.start();
  }

  @AfterAll
  static void stopCapture() {
    logs.close();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15, 16})
  void noGeneratedPiiReachesAHotlineSurfaceOrALogLine(long seed) throws Exception {
    PiiSamples g = new PiiSamples(seed);
    Person applicant = g.person();
    Person recipient = g.person();
    UUID caseId = submit(applicant, recipient);
    JsonObject admin = http.get("/api/v1/cases/" + caseId, "dev-admin").json();
    JsonArray items = admin.getJsonArray("items");
    JsonObject first = items.getJsonObject(0);
    String itemId = first.getString("itemId");
    String department = first.getString("department");

    TestServices.sql("UPDATE case_items SET status = 'DISPATCHED' WHERE item_id = '" + itemId + "'");
    report(department, itemId, new JsonObject().put("status", "ACCEPTED").put("note", g.note(applicant) + g.note(recipient)));
    TestServices.sql("UPDATE case_items SET status = 'COMPLETED' WHERE case_id = '" + caseId + "' AND item_id <> '" + itemId + "'");
    JsonObject result = new JsonObject()
        .put("certificates", new JsonArray().add(new JsonObject().put("type", "birth-medical-certificate")
            .put("number", g.writeId(applicant.idNumber())).put("ecertRef", "EC-resident-id-card-" + applicant.idNumber())))
        .put("values", new JsonObject().put("holderName", applicant.name()).put("contactPhone", g.writePhone(applicant.mobile()))
            .put("mailedTo", recipient.address().full()).put("remark", g.note(recipient)));
    report(department, itemId, new JsonObject().put("status", "COMPLETED").put("note", g.note(applicant)).put("result", result));
    LoggerFactory.getLogger(StaffPathPiiTest.class).warn("department note for idNumber={} phone={}: 收件人：{}，{}",
        g.writeId(applicant.idNumber()), g.writePhone(applicant.mobile()), recipient.name(), g.note(recipient).replace("请联系" + recipient.name(), ""));

    String portalEvents = http.get("/api/v1/cases/" + caseId + "/events", "dev-portal").body();
    assertThat(PiiSamples.leaks(portalEvents, applicant)).as("the submitting channel sees the notes as written").isNotEmpty();
    assertThat(portalEvents).as("names travel as written, not escaped").contains(applicant.name());

    Map<String, String> surfaces = new LinkedHashMap<>();
    surfaces.put("hotline view", awaitCompleted(caseId).body());
    redisDelete(caseId);
    Http.Response fromPostgres = http.get("/api/v1/hotline/cases/" + caseId, HOTLINE);
    assertThat(fromPostgres.header("X-Status-Source")).isEqualTo("postgres");
    surfaces.put("hotline view from PostgreSQL", fromPostgres.body());
    surfaces.put("hotline search by phone", ok(http.get("/api/v1/hotline/cases?phone=" + applicant.mobile(), HOTLINE)).body());
    surfaces.put("hotline search by ID number", ok(http.get("/api/v1/hotline/cases?idNumber=" + applicant.idNumber(), HOTLINE)).body());
    Http.Response masked = ok(http.get("/api/v1/cases/" + caseId, HOTLINE));
    surfaces.put("case as hotline", masked.body());
    String events = ok(http.get("/api/v1/cases/" + caseId + "/events", HOTLINE)).body();
    surfaces.put("events as JSON", events);
    int logged = new JsonObject(events).getJsonArray("events").size();
    surfaces.put("events as SSE", sse(caseId, logged));
    surfaces.put("events over WebSocket", ws(caseId, logged));
    surfaces.put("log lines", logs.text());

    for (var s : surfaces.entrySet()) {
      assertThat(PiiSamples.leaks(s.getValue(), applicant)).as("applicant data on " + s.getKey() + ": " + s.getValue()).isEmpty();
      assertThat(PiiSamples.leaks(s.getValue(), recipient)).as("recipient data on " + s.getKey() + ": " + s.getValue()).isEmpty();
    }
    assertThat(surfaces.get("hotline search by phone")).contains(caseId.toString());
    JsonObject view = new JsonObject(surfaces.get("hotline view"));
    assertThat(view.getJsonObject("applicant").getString("name")).isEqualTo(onego.domain.Pii.name(applicant.name()));
    assertThat(view.getJsonArray("items").getJsonObject(0).getString("note")).contains("****");
    JsonObject delivery = masked.json().getJsonObject("delivery");
    assertThat(delivery.getString("method")).isEqualTo("ems");
    assertThat(delivery.getString("address")).endsWith("***");
    assertThat(delivery.getString("recipient")).isEqualTo(onego.domain.Pii.name(recipient.name()));
    assertThat(events).contains("ResultsDelivered");
  }

  private static UUID submit(Person applicant, Person recipient) {
    JsonObject body = Submissions.fromNotice(notice, applicant.idNumber());
    body.put("applicant", new JsonObject().put("type", "person").put("idNumber", applicant.idNumber())
        .put("name", applicant.name()).put("phone", applicant.mobile()));
    JsonObject form = body.getJsonObject("form");
    JsonObject properties = notice.getJsonObject("form").getJsonObject("properties");
    Map<String, Object> personal = Map.of("motherName", applicant.name(), "motherIdNumber", applicant.idNumber(),
        "applicantPhone", applicant.mobile(), "householdAddress", applicant.address().full(), "fatherName", recipient.name(),
        "fatherIdNumber", recipient.idNumber());
    personal.forEach((k, v) -> {
      if (properties.containsKey(k)) form.put(k, v);
    });
    body.put("delivery", new JsonObject().put("method", "ems").put("address", recipient.address().full())
        .put("recipient", recipient.name()).put("phone", recipient.mobile()));
    Http.Response r = http.postCase("dev-portal", "pii-" + UUID.randomUUID(), body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return UUID.fromString(r.json().getString("caseId"));
  }

  private static void report(String department, String itemId, JsonObject body) {
    Http.Response r = http.send(http.request("/api/v1/departments/" + department + "/items/" + itemId + "/status")
        .header("Authorization", "Bearer dev-dept-" + department).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private static Http.Response ok(Http.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r;
  }

  private static Http.Response awaitCompleted(UUID caseId) throws InterruptedException {
    Http.Response r = null;
    for (int i = 0; i < 200; i++) {
      r = http.get("/api/v1/hotline/cases/" + caseId, HOTLINE);
      if (r.status() == 200 && "COMPLETED".equals(r.json().getString("status"))) return r;
      Thread.sleep(50);
    }
    throw new AssertionError("the hotline view never showed the case completed: " + (r == null ? null : r.body()));
  }

  private static void redisDelete(UUID caseId) {
    var client = io.lettuce.core.RedisClient.create(TestServices.redisUrl());
    try (var c = client.connect()) {
      c.sync().del(StatusViewCache.key(caseId));
    } finally {
      client.shutdown();
    }
  }

  private static String sse(UUID caseId, int count) {
    try (SseClient sse = SseClient.open(node.port(), "/api/v1/cases/" + caseId + "/events", HOTLINE, null)) {
      assertThat(sse.status()).isEqualTo(200);
      List<SseClient.Frame> frames = sse.events(count, 10_000);
      assertThat(frames).hasSize(count);
      StringBuilder b = new StringBuilder();
      frames.forEach(f -> b.append(f.data()).append('\n'));
      return b.toString();
    }
  }

  private static String ws(UUID caseId, int count) throws Exception {
    try (WsClient ws = WsClient.connect(node.port(), HOTLINE, false)) {
      ws.send(new JsonObject().put("op", "subscribe").put("caseId", caseId.toString()).put("after", 0));
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < count; i++) {
        JsonObject frame = ws.next(10_000);
        assertThat(frame).as("event frame " + (i + 1) + " of " + count).isNotNull();
        assertThat(frame.getInteger("seq")).isEqualTo(i + 1);
        b.append(frame.encode()).append('\n');
      }
      return b.toString();
    }
  }
}
