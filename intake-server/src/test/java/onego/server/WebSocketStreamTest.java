package onego.server;

import io.vertx.core.json.JsonObject;
import onego.domain.EventType;
import onego.router.cases.EventPublisher;
import onego.server.support.Http;
import onego.server.support.Jwts;
import onego.server.support.LiveNodeTest;
import onego.server.support.LogCapture;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import onego.server.support.WsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GET /ws: subscribing by case and by department, errors as frames, and closing a consumer that cannot keep up. */
class WebSocketStreamTest extends LiveNodeTest {
  private static JsonObject notice;

  @BeforeAll
  static void start() {
    startNode("streams: {wsWriteQueueBytes: 65536}\n");
    notice = http.get("/api/v1/things/newborn").json();
  }

  private static UUID submit(String token) {
    Http.Response r = http.postCase(token, "ws-" + UUID.randomUUID(), Submissions.fromNotice(notice, Submissions.idNumber()).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return UUID.fromString(r.json().getString("caseId"));
  }

  private static int lastSeq(UUID caseId) {
    return (int) TestServices.count("SELECT last_seq FROM cases WHERE case_id = '" + caseId + "'");
  }

  @Test
  void caseSubscriptionCatchesUpAfterNThenGoesLive() throws Exception {
    UUID caseId = submit("dev-portal");
    int last = lastSeq(caseId);
    try (WsClient ws = WsClient.connect(node.port(), "dev-portal", true)) {
      ws.send(new JsonObject().put("op", "subscribe").put("caseId", caseId.toString()).put("after", 1));
      List<Integer> seqs = new ArrayList<>();
      for (int i = 2; i <= last; i++) seqs.add(ws.next(5_000).getInteger("seq"));
      assertThat(seqs).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(2, last).boxed().toList());
      JsonObject subscribed = ws.next(5_000);
      assertThat(subscribed.getString("op")).isEqualTo("subscribed");
      assertThat(subscribed.getInteger("lastSeq")).isEqualTo(last);

      node.appendOne(caseId, EventType.ItemOverdue, new JsonObject().put("level", "red"));
      JsonObject live = ws.next(5_000);
      assertThat(live.getInteger("seq")).isEqualTo(last + 1);
      assertThat(live.getString("type")).isEqualTo("ItemOverdue");
      assertThat(live.getString("caseId")).isEqualTo(caseId.toString());

      ws.send(new JsonObject().put("op", "unsubscribe").put("caseId", caseId.toString()));
      assertThat(ws.nextOp("unsubscribed", 5_000)).isNotNull();
      node.appendOne(caseId, EventType.ItemOverdue, new JsonObject());
      assertThat(ws.next(500)).as("nothing after unsubscribing").isNull();
    }
  }

  /** Hotline subscribers get events through the one masking policy, with the case's own names looked for. */
  @Test
  void hotlineSubscriptionGetsEventsMasked() throws Exception {
    JsonObject body = Submissions.fromNotice(notice, Submissions.idNumber());
    body.getJsonObject("applicant").put("name", "娜");
    Http.Response created = http.postCase("dev-portal", "ws-" + UUID.randomUUID(), body.encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    UUID caseId = UUID.fromString(created.json().getString("caseId"));
    try (WsClient ws = WsClient.connect(node.port(), "dev-hotline", false)) {
      ws.send(new JsonObject().put("op", "subscribe").put("caseId", caseId.toString()).put("after", lastSeq(caseId)));
      assertThat(ws.nextOp("subscribed", 5_000)).isNotNull();
      node.appendOne(caseId, EventType.ResultsDelivered, new JsonObject().put("method", "ems")
          .put("address", "湖南省衡阳市蒸湘区解放大道1号").put("note", "娜 +86 138-0013-8000"));
      JsonObject data = ws.next(5_000).getJsonObject("data");
      assertThat(data.getString("address")).isEqualTo("湖南省衡阳市***");
      assertThat(data.getString("note")).isEqualTo("* 138****8000");
    }
  }

  @Test
  void tokenInTheHeaderWorksAndNoTokenIsRefused() throws Exception {
    UUID caseId = submit("dev-portal");
    String applicant = Jwts.dev(new JsonObject().put("role", "applicant").put("sub", Submissions.idNumber()));
    try (WsClient ws = WsClient.connect(node.port(), "dev-portal", false)) {
      ws.send(new JsonObject().put("op", "subscribe").put("caseId", caseId.toString()).put("after", lastSeq(caseId)));
      assertThat(ws.nextOp("subscribed", 5_000)).isNotNull();
    }
    try (WsClient ws = WsClient.connect(node.port(), applicant, false)) {
      ws.send(new JsonObject().put("op", "subscribe").put("caseId", caseId.toString()));
      JsonObject error = ws.nextOp("error", 5_000);
      assertThat(error.getJsonObject("error").getString("code")).as("someone else's case").isEqualTo("NOT_FOUND");
    }
    assertThatThrownBy(() -> WsClient.connect(node.port(), null, false)).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("401");
    assertThatThrownBy(() -> WsClient.connect(node.port(), "not-a-key", true)).hasMessageContaining("401");
  }

  @Test
  void badFramesAndForbiddenSubscriptionsAnswerErrorFrames() throws Exception {
    UUID caseId = submit("dev-portal");
    try (WsClient ws = WsClient.connect(node.port(), "dev-mobile", true)) {
      String[][] cases = {
          {"not json", "BAD_REQUEST"},
          {"{\"op\":\"dance\"}", "BAD_REQUEST"},
          {"{\"op\":\"subscribe\"}", "BAD_REQUEST"},
          {"{\"op\":\"subscribe\",\"caseId\":\"" + caseId + "\",\"after\":-1}", "BAD_REQUEST"},
          {"{\"op\":\"subscribe\",\"caseId\":\"" + caseId + "\"}", "NOT_FOUND"},
          {"{\"op\":\"subscribe\",\"caseId\":\"nope\"}", "NOT_FOUND"},
          {"{\"op\":\"subscribe\",\"department\":\"health\"}", "FORBIDDEN"},
          {"{\"op\":\"unsubscribe\",\"department\":\"health\"}", "NOT_FOUND"},
      };
      for (String[] c : cases) {
        ws.sendRaw(c[0]);
        JsonObject f = ws.next(5_000);
        assertThat(f).as(c[0]).isNotNull();
        assertThat(f.getString("op")).as(c[0]).isEqualTo("error");
        assertThat(f.getJsonObject("error").getString("code")).as(c[0]).isEqualTo(c[1]);
        assertThat(f.getJsonObject("error").getString("message")).isNotBlank();
      }
    }
    try (WsClient ws = WsClient.connect(node.port(), "dev-dept-health", true)) {
      ws.send(new JsonObject().put("op", "subscribe").put("department", "public-security"));
      assertThat(ws.nextOp("error", 5_000).getJsonObject("error").getString("code")).isEqualTo("FORBIDDEN");
      ws.send(new JsonObject().put("op", "subscribe").put("department", "no-such-department"));
      assertThat(ws.nextOp("error", 5_000).getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
    }
  }

  @Test
  void departmentSubscriptionGetsItsItemEventsLive() throws Exception {
    String dept = notice.getJsonArray("items").getJsonObject(0).getString("department");
    try (WsClient own = WsClient.connect(node.port(), "dev-dept-" + dept, true);
         WsClient admin = WsClient.connect(node.port(), "dev-admin", false)) {
      for (WsClient ws : List.of(own, admin)) {
        ws.send(new JsonObject().put("op", "subscribe").put("department", dept));
        assertThat(ws.nextOp("subscribed", 5_000).getString("department")).isEqualTo(dept);
      }
      UUID caseId = submit("dev-portal");
      for (WsClient ws : List.of(own, admin)) {
        JsonObject e = ws.next(5_000);
        assertThat(e).isNotNull();
        assertThat(e.getString("caseId")).isEqualTo(caseId.toString());
        assertThat(e.getJsonObject("data").getString("department")).isEqualTo(dept);
      }
    }
  }

  /** A client that stops reading: its queue fills, the server closes it with 1013 instead of buffering on. */
  @Test
  void aConsumerThatCannotKeepUpIsClosedWith1013() throws Exception {
    String padding = "x".repeat(8_192);
    int published = 4_000;
    try (LogCapture log = LogCapture.start(); WsClient ws = WsClient.connect(node.port(), "dev-admin", true)) {
      ws.send(new JsonObject().put("op", "subscribe").put("department", "health"));
      assertThat(ws.nextOp("subscribed", 5_000)).isNotNull();
      ws.pause();
      for (int i = 0; i < published; i++) {
        node.publishRaw(EventPublisher.DEPT_PREFIX + "health", new JsonObject().put("seq", i + 1).put("caseId", UUID.randomUUID().toString())
            .put("type", "ItemStatusChanged").put("data", new JsonObject().put("department", "health").put("pad", padding)));
      }
      Thread.sleep(1_000);
      ws.resume();
      assertThat(ws.closeStatus(20_000)).isEqualTo((short) 1013);
      assertThat(ws.buffered()).as("frames that reached the client before the close").isLessThan(published);
      // the events still queued for the closed subscription are dropped by design, not one WARN each
      assertThat(log.text()).doesNotContain("Discarding message");
    }
    String metrics = http.get("/metrics").body();
    assertThat(metrics).containsPattern("onego_stream_consumers_dropped_total\\{transport=\"ws\"[^}]*} [1-9]");
  }
}
