package onego.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.EventType;
import onego.router.cases.NewEvent;
import onego.server.support.Http;
import onego.server.support.LiveNodeTest;
import onego.server.support.SseClient;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /cases/{id}/events as JSON and as Server-Sent Events: visibility, resume, heartbeats, the catch-up/live race. */
class EventStreamTest extends LiveNodeTest {
  private static JsonObject notice;

  @BeforeAll
  static void start() {
    startNode("streams: {heartbeatMs: 300}\n");
    notice = http.get("/api/v1/things/newborn").json();
  }

  private static UUID submit(String token, String idNumber) {
    Http.Response r = http.postCase(token, "ev-" + UUID.randomUUID(), Submissions.fromNotice(notice, idNumber).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return UUID.fromString(r.json().getString("caseId"));
  }

  private static String events(UUID caseId) {
    return "/api/v1/cases/" + caseId + "/events";
  }

  @Test
  void jsonEventsListTheLogAfterNForThoseWhoMaySeeTheCase() {
    UUID caseId = submit("dev-portal", Submissions.idNumber());
    long logged = TestServices.count("SELECT count(*) FROM case_events WHERE case_id = '" + caseId + "'");
    Http.Response all = http.get(events(caseId), "dev-portal");
    assertThat(all.status()).isEqualTo(200);
    JsonArray list = all.json().getJsonArray("events");
    assertThat(list.size()).isEqualTo((int) logged).isGreaterThanOrEqualTo(2);
    JsonObject first = list.getJsonObject(0);
    assertThat(first.getInteger("seq")).isEqualTo(1);
    assertThat(first.getString("type")).isEqualTo("CaseSubmitted");
    assertThat(first.getString("caseId")).isEqualTo(caseId.toString());
    assertThat(first.getString("at")).matches("\\d{4}-\\d\\d-\\d\\dT.*[+-]\\d\\d:\\d\\d");
    for (int i = 0; i < list.size(); i++) assertThat(list.getJsonObject(i).getInteger("seq")).isEqualTo(i + 1);

    JsonArray after1 = http.get(events(caseId) + "?after=1", "dev-admin").json().getJsonArray("events");
    assertThat(after1.size()).isEqualTo((int) logged - 1);
    assertThat(after1.getJsonObject(0).getInteger("seq")).isEqualTo(2);

    assertThat(http.get(events(caseId), "dev-mobile").status()).as("another channel's case").isEqualTo(404);
    assertThat(http.get(events(caseId), "dev-dept-health").status()).isEqualTo(403);
    assertThat(http.get(events(caseId), "dev-hotline").status()).isEqualTo(200);
    assertThat(http.get(events(caseId) + "?after=-1", "dev-portal").status()).isEqualTo(400);
    assertThat(http.get(events(caseId) + "?after=x", "dev-portal").errorCode()).isEqualTo("BAD_REQUEST");
    assertThat(http.get(events(UUID.randomUUID()), "dev-admin").status()).isEqualTo(404);
    assertThat(http.get(events(caseId)).status()).isEqualTo(401);
  }

  @Test
  void hotlineSeesEventNotesWithIdAndPhoneNumbersMasked() {
    String id = Submissions.idNumber();
    UUID caseId = submit("dev-portal", id);
    node.appendOne(caseId, EventType.ItemStatusChanged, new JsonObject().put("note", "请核对 " + id + "，联系 13912345678"));
    String masked = http.get(events(caseId), "dev-hotline").body();
    assertThat(masked).doesNotContain(id).doesNotContain("13912345678").contains("139****5678");
    assertThat(http.get(events(caseId), "dev-portal").body()).contains(id).contains("13912345678");
  }

  /** The same policy on the live stream: a spaced phone, a full-width ID and the case's own one-character name. */
  @Test
  void hotlineSseMasksNumbersHoweverWrittenAndTheCasesOwnNames() {
    String id = Submissions.idNumber();
    JsonObject body = Submissions.fromNotice(notice, id);
    body.getJsonObject("applicant").put("name", "娜");
    Http.Response created = http.postCase("dev-portal", "ev-" + UUID.randomUUID(), body.encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    UUID caseId = UUID.fromString(created.json().getString("caseId"));
    String fullWidthId = onego.domain.PiiSamples.fullWidth(id);
    int logged = (int) TestServices.count("SELECT count(*) FROM case_events WHERE case_id = '" + caseId + "'");
    try (SseClient sse = SseClient.open(node.port(), events(caseId), "dev-hotline", String.valueOf(logged))) {
      assertThat(sse.status()).isEqualTo(200);
      node.appendOne(caseId, EventType.ItemStatusChanged, new JsonObject().put("note", "请联系 138 0013 8000，娜的证件 " + fullWidthId));
      List<SseClient.Frame> live = sse.events(1, 10_000);
      assertThat(live).hasSize(1);
      String note = new JsonObject(live.get(0).data()).getJsonObject("data").getString("note");
      assertThat(note).isEqualTo("请联系 138****8000，*的证件 " + id.substring(0, 3) + "*".repeat(11) + id.substring(14));
    }
    assertThat(http.get(events(caseId), "dev-portal").body()).contains("请联系 138 0013 8000，娜的证件 " + fullWidthId);
  }

  @Test
  void sseResumesAfterLastEventIdThenDeliversNewEventsLive() {
    UUID caseId = submit("dev-portal", Submissions.idNumber());
    int logged = (int) TestServices.count("SELECT count(*) FROM case_events WHERE case_id = '" + caseId + "'");
    try (SseClient sse = SseClient.open(node.port(), events(caseId), "dev-portal", "1")) {
      assertThat(sse.status()).isEqualTo(200);
      assertThat(sse.contentType()).startsWith("text/event-stream");
      List<SseClient.Frame> caughtUp = sse.events(logged - 1, 10_000);
      assertThat(caughtUp).extracting(SseClient.Frame::id)
          .containsExactlyElementsOf(IntStream.rangeClosed(2, logged).mapToObj(String::valueOf).toList());
      SseClient.Frame f = caughtUp.get(0);
      JsonObject data = new JsonObject(f.data());
      assertThat(data.getInteger("seq")).isEqualTo(2);
      assertThat(f.event()).isEqualTo(data.getString("type"));

      node.appendOne(caseId, EventType.ItemDueSoon, new JsonObject().put("level", "yellow"));
      List<SseClient.Frame> live = sse.events(1, 10_000);
      assertThat(live).hasSize(1);
      assertThat(live.get(0).id()).isEqualTo(String.valueOf(logged + 1));
      assertThat(live.get(0).event()).isEqualTo("ItemDueSoon");
    }
    try (SseClient resumed = SseClient.open(node.port(), events(caseId) + "?after=" + logged, "dev-portal", null)) {
      assertThat(resumed.events(1, 10_000)).extracting(SseClient.Frame::id).containsExactly(String.valueOf(logged + 1));
    }
  }

  @Test
  void sseSendsHeartbeatCommentsWhileIdle() {
    UUID caseId = submit("dev-portal", Submissions.idNumber());
    try (SseClient sse = SseClient.open(node.port(), events(caseId) + "?after=100", "dev-portal", null)) {
      int heartbeats = 0;
      long deadline = System.currentTimeMillis() + 5_000;
      while (heartbeats < 2 && System.currentTimeMillis() < deadline) {
        SseClient.Frame f = sse.next(1_000);
        if (f != null && "heartbeat".equals(f.comment())) heartbeats++;
        assertThat(f == null || f.comment() != null).as("no event after seq 100").isTrue();
      }
      assertThat(heartbeats).isEqualTo(2);
    }
  }

  @Test
  void sseRefusesOtherChannelsAndBadResumePoints() {
    UUID caseId = submit("dev-portal", Submissions.idNumber());
    try (SseClient other = SseClient.open(node.port(), events(caseId), "dev-mobile", null)) {
      assertThat(other.status()).isEqualTo(404);
    }
    try (SseClient bad = SseClient.open(node.port(), events(caseId), "dev-portal", "abc")) {
      assertThat(bad.status()).isEqualTo(400);
    }
  }

  /**
   * The race: events are committed and published while subscribers connect, so some arrive live
   * during the catch-up query. Every subscriber must see every seq exactly once, in order.
   */
  @Test
  void catchUpRacingLiveEventsYieldsEverySeqExactlyOnceInOrder() throws Exception {
    UUID caseId = submit("dev-portal", Submissions.idNumber());
    int start = (int) TestServices.count("SELECT last_seq FROM cases WHERE case_id = '" + caseId + "'");
    int appends = 300;
    ExecutorService pool = Executors.newFixedThreadPool(3);
    AtomicBoolean done = new AtomicBoolean();
    Future<Integer> writer = pool.submit(() -> {
      int last = start;
      for (int i = 0; i < appends; i++) {
        int n = 1 + ThreadLocalRandom.current().nextInt(3);
        List<NewEvent> batch = new ArrayList<>();
        for (int k = 0; k < n; k++) batch.add(NewEvent.ofCase(EventType.ItemDueSoon, null, new JsonObject().put("i", i)));
        last = node.append(caseId, batch).get(n - 1).seq();
      }
      done.set(true);
      return last;
    });
    List<SseClient> subscribers = new ArrayList<>();
    List<Integer> from = new ArrayList<>();
    while (!done.get() && subscribers.size() < 25) {
      int after = ThreadLocalRandom.current().nextInt(start + 1);
      subscribers.add(SseClient.open(node.port(), events(caseId) + "?after=" + after, "dev-portal", null));
      from.add(after);
      Thread.sleep(ThreadLocalRandom.current().nextInt(5, 30));
    }
    int last = writer.get();
    pool.shutdown();
    assertThat(subscribers.size()).as("subscribers connected while events were being written").isGreaterThan(3);
    for (int s = 0; s < subscribers.size(); s++) {
      try (SseClient sse = subscribers.get(s)) {
        int expected = last - from.get(s);
        List<Integer> seqs = sse.events(expected, 30_000).stream().map(f -> Integer.parseInt(f.id())).toList();
        assertThat(seqs).as("subscriber %d after %d", s, from.get(s))
            .containsExactlyElementsOf(IntStream.rangeClosed(from.get(s) + 1, last).boxed().toList());
        assertThat(sse.next(300)).as("nothing after the last seq").satisfiesAnyOf(
            f -> assertThat(f).isNull(), f -> assertThat(f.comment()).isNotNull());
      }
    }
  }
}
