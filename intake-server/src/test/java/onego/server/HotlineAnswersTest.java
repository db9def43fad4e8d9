package onego.server;

import io.vertx.core.json.JsonObject;
import onego.domain.EventType;
import onego.router.cases.NewEvent;
import onego.server.hotline.HotlineAnswers;
import onego.server.support.Http;
import onego.server.support.LiveNodeTest;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /hotline/cases/{id}} answered from the rendered answers kept per view version: reused while the version
 * stands, never across versions or past a deadline, masked as a fresh rendering, and every look-up audited.
 */
class HotlineAnswersTest extends LiveNodeTest {
  private static final Pattern ID_LIKE = Pattern.compile("(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])");
  private static final Pattern ROUND = Pattern.compile("第(\\d+)轮");

  /** Look-ups answered 200 (by this class's helpers and readers). */
  private static final AtomicInteger answered = new AtomicInteger();

  /**
   * The hotline token's bucket raised far above what the readers below can ask: four threads looking up a kept answer
   * outrun the shipped 200/s with a burst of 400, and the 429s would then fail the look-ups of the tests after them.
   * What is tested here is the kept answer and its audit, not the rate limit ({@code AuthTest} tests that).
   */
  @BeforeAll
  static void start() {
    startNode("rateLimit:\n  roles:\n    hotline: {perSecond: 1000000, burst: 1000000}\n");
  }

  private static Http.Response lookUp(UUID caseId) {
    Http.Response r = http.get("/api/v1/hotline/cases/" + caseId, "dev-hotline");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    answered.incrementAndGet();
    return r;
  }

  private static Http.Response await(UUID caseId, Predicate<JsonObject> ready) throws InterruptedException {
    Http.Response r = null;
    for (int i = 0; i < 200; i++) {
      r = lookUp(caseId);
      if (ready.test(r.json())) return r;
      Thread.sleep(25);
    }
    throw new AssertionError("the hotline answer never got there: " + r.body());
  }

  private static JsonObject firstItem(UUID caseId) {
    return http.get("/api/v1/cases/" + caseId, "dev-admin").json().getJsonArray("items").getJsonObject(0);
  }

  /** A note on the case's first item (an ItemStatusChanged event keeping its status): a new view version. */
  private static void note(UUID caseId, JsonObject item, String note) {
    node.append(caseId, List.of(NewEvent.ofItem(EventType.ItemStatusChanged, UUID.fromString(item.getString("itemId")),
        item.getString("status"), item.getString("department"), new JsonObject().put("note", note))));
  }

  /** Audited hotline reads of the case: in the sealed trail and, where the trail has one, its pending table. */
  private static long auditedReads(UUID caseId) {
    String where = " WHERE case_id = '" + caseId + "' AND action = 'HOTLINE_CASE_READ')";
    boolean pending = TestServices.count("SELECT count(*) FROM pg_class WHERE relname = 'audit_pending'") > 0;
    // one statement, one snapshot: a row the sealer moves meanwhile is counted once
    return TestServices.count("SELECT (SELECT count(*) FROM audit_log" + where
        + (pending ? " + (SELECT count(*) FROM audit_pending" + where : ""));
  }

  /** {@code cache_gets_total} of the rendered answers for {@code result} (hit or miss), 0 before the first. */
  private static double gets(String result) {
    return http.metric("cache_gets_total", "cache=\"" + HotlineAnswers.NAME + "\"", "result=\"" + result + "\"");
  }

  @Test
  void aRepeatedLookUpReusesTheRenderedAnswerAndAStatusChangeShowsAtOnce() throws Exception {
    UUID caseId = submitNewborn(Submissions.idNumber());
    Http.Response first = await(caseId, b -> "SUBMITTED".equals(b.getString("status")));
    double hits = gets("hit");
    Http.Response again = lookUp(caseId);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(gets("hit")).as("the second look-up of one version is a hit").isGreaterThan(hits);

    TestServices.setCaseState(caseId, "NEEDS_SUPPLEMENT", "RETURNED");
    JsonObject item = firstItem(caseId);
    note(caseId, item, "请补正出生医学证明");
    Http.Response changed = await(caseId, b -> "NEEDS_SUPPLEMENT".equals(b.getString("status")));
    assertThat(changed.json().getJsonArray("items").getJsonObject(0).getString("statusText")).isEqualTo("退回补正");
    for (int i = 0; i < 5; i++) {
      assertThat(lookUp(caseId).json().getString("status")).as("never the older version again").isEqualTo("NEEDS_SUPPLEMENT");
    }
  }

  @Test
  void theKeptAnswerIsMaskedAsAFreshOne() throws Exception {
    String id = Submissions.idNumber();
    UUID caseId = submitNewborn(id);
    JsonObject item = firstItem(caseId);
    String spacedId = id.substring(0, 6) + " " + id.substring(6, 14) + " " + id.substring(14);
    note(caseId, item, "请核对身份证 " + spacedId + "，联系电话 139-1234-5678");
    Http.Response fresh = await(caseId, b -> b.getJsonArray("items").getJsonObject(0).containsKey("note"));
    double hits = gets("hit");
    Http.Response kept = lookUp(caseId);
    assertThat(gets("hit")).isGreaterThan(hits);
    assertThat(kept.body()).isEqualTo(fresh.body());
    String note = kept.json().getJsonArray("items").getJsonObject(0).getString("note");
    assertThat(note).doesNotContain(id.substring(6, 14)).doesNotContain("1234-5678").doesNotContain("12345678");
    assertThat(kept.body()).doesNotContain(id).doesNotContain(spacedId).doesNotContain("张三");
    assertThat(ID_LIKE.matcher(kept.body()).find()).isFalse();
    assertThat(kept.json().getJsonObject("applicant").getString("name")).isEqualTo("张*");
  }

  @Test
  void everyLookUpIsAuditedHitOrNot() {
    UUID caseId = submitNewborn(Submissions.idNumber());
    long before = auditedReads(caseId);
    double hits = gets("hit");
    int n = 25;
    for (int i = 0; i < n; i++) lookUp(caseId);
    assertThat(gets("hit") - hits).as("most of them from the kept answer").isGreaterThanOrEqualTo(n - 3);
    assertThat(auditedReads(caseId) - before).as("one audited read per answered look-up").isEqualTo(n);
  }

  @Test
  void anAnswerIsNotKeptPastTheDeadlineThatTurnsItOverdue() throws Exception {
    UUID caseId = submitNewborn(Submissions.idNumber());
    TestServices.sql("UPDATE case_items SET status = 'DISPATCHED', due_at = now() + interval '4 seconds' "
        + "WHERE case_id = '" + caseId + "' AND position = 0");
    JsonObject item = firstItem(caseId);
    note(caseId, item, "已推送");
    Http.Response before = await(caseId, b -> b.getJsonArray("items").getJsonObject(0).containsKey("note"));
    assertThat(before.json().getJsonArray("items").getJsonObject(0).getBoolean("overdue")).isFalse();
    lookUp(caseId); // kept from here, with no new event to come
    Thread.sleep(4_500);
    JsonObject after = lookUp(caseId).json();
    assertThat(after.getJsonArray("items").getJsonObject(0).getBoolean("overdue")).as("the clock alone turned it overdue").isTrue();
    assertThat(after.getBoolean("overdue")).isTrue();
  }

  @Test
  void concurrentLookUpsDuringUpdatesNeverGoBackAndAreAllAudited() throws Exception {
    UUID caseId = submitNewborn(Submissions.idNumber());
    JsonObject item = firstItem(caseId);
    note(caseId, item, "第0轮");
    await(caseId, b -> b.getJsonArray("items").getJsonObject(0).containsKey("note"));
    long before = auditedReads(caseId);
    int answeredBefore = answered.get();
    int rounds = 12;
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread reader = new Thread(() -> {
        int seen = -1;
        while (!done.get()) {
          Http.Response r = http.get("/api/v1/hotline/cases/" + caseId, "dev-hotline");
          if (r.status() != 200) {
            problems.add("status " + r.status() + ": " + r.body());
            continue;
          }
          answered.incrementAndGet();
          Matcher m = ROUND.matcher(r.json().getJsonArray("items").getJsonObject(0).getString("note", ""));
          if (!m.find()) {
            problems.add("no round in " + r.body());
            continue;
          }
          int round = Integer.parseInt(m.group(1));
          if (round < seen) problems.add("round " + round + " after round " + seen);
          seen = Math.max(seen, round);
        }
      });
      reader.start();
      readers.add(reader);
    }
    for (int k = 1; k <= rounds; k++) {
      note(caseId, item, "第" + k + "轮");
      Thread.sleep(30);
    }
    await(caseId, b -> b.getJsonArray("items").getJsonObject(0).getString("note").contains("第" + rounds + "轮"));
    done.set(true);
    for (Thread r : readers) r.join(30_000);
    assertThat(problems).isEmpty();
    assertThat(lookUp(caseId).json().getJsonArray("items").getJsonObject(0).getString("note")).contains("第" + rounds + "轮");
    int looked = answered.get() - answeredBefore;
    assertThat(looked).isGreaterThan(rounds);
    assertThat(auditedReads(caseId) - before).as("one audited read per answered look-up").isEqualTo(looked);
  }
}
