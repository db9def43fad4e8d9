package onego.server.router;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.WorkingCalendar;
import onego.server.support.Await;
import onego.server.support.FakeDepartment;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

import static onego.server.router.RouterFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item clocks on the whole node (issue "Accountability" item 1, contract "Item status"): the real
 * server, departments driven through the HTTP API (push to a fake department, status reports, the
 * applicant's supplement), the deadline watcher scanning every 100 ms. A stop cannot last days in
 * a test, so where days must pass the stop's start is moved back in the row (as if the department
 * had returned or suspended the item seven calendar days ago); the node's calendar is configured for
 * the test: those seven days hold one Saturday, one Sunday and one holiday, so four working days.
 * Covered: a RETURNED item's {@code dueAt} moves by the working days until the supplement and no red
 * card is raised while it waits; a 公示 suspension across the weekend and the holiday moves
 * {@code dueAt} by its working days only; a red card is raised once per cause, not again when the
 * moved {@code dueAt} passes; an unlisted procedure or a {@code missing} entry that is not the item's
 * is 422; a suspension from the wrong state is 409.
 */
class ClocksApiTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final LocalDate TODAY = LocalDate.now(ZONE);
  private static final LocalDate STOPPED_ON = TODAY.minusDays(7);
  private static final LocalDate HOLIDAY = firstWeekdayAfter(STOPPED_ON);
  private static final int STOPPED_WORKING_DAYS = 4;
  /** Two weekdays declared working days (no effect on any count): they make both years configured. */
  private static final Set<LocalDate> WORKDAYS = Set.of(weekdayOfTheYear(STOPPED_ON, HOLIDAY), weekdayOfTheYear(TODAY, HOLIDAY));
  /** The node's calendar, as configured below. */
  private static final WorkingCalendar CALENDAR = new WorkingCalendar(ZONE, Set.of(HOLIDAY), WORKDAYS);
  /** 专精特新 recognition (industry-it) lists expert-review and publicity (公示). */
  private static final String SME = "specialized-sme-recognition";

  private static FakeDepartment departments;
  private static TestNode node;
  private static RouterFixture f;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    departments = new FakeDepartment();
    String workdays = WORKDAYS.stream().map(LocalDate::toString).sorted().reduce((a, b) -> a + ", " + b).orElseThrow();
    node = TestNode.start(Overlays.env("router:\n  deadlineScanMs: 100\ncalendar:\n  timezone: Asia/Shanghai\n  holidays: [" + HOLIDAY
        + "]\n  workdays: [" + workdays + "]\n"
        + Overlays.pushAll(List.of("health", "industry-it"), departments.url(), 8, 5000, 3)));
    f = new RouterFixture(node.http());
    http = node.http();
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (departments != null) departments.close();
  }

  @BeforeEach
  void reset() {
    TestServices.resetTables();
  }

  @Test
  void aReturnedItemsDueAtMovesByTheWorkingDaysUntilTheSupplementAndNoRedCardMeanwhile() {
    JsonObject c = f.submit("newborn");
    String caseId = c.getString("caseId");
    String birth = dispatched(caseId, c, "birth-medical-certificate");
    Http.Response returned = f.report("health", birth, new JsonObject().put("status", "RETURNED").put("note", "请补正")
        .put("missing", new JsonArray().add(new JsonObject().put("material", "parents-id-cards").put("reason", "扫描件不清晰"))));
    assertThat(returned.status()).as(returned.body()).isEqualTo(200);
    JsonObject waiting = item(caseId, birth);
    assertThat(waiting.getJsonObject("clock").getString("state")).isEqualTo("stopped");
    assertThat(waiting.getJsonArray("missing")).containsExactly(new JsonObject().put("material", "parents-id-cards").put("reason", "扫描件不清晰"));

    // returned seven days ago, due the day it was returned: past due now, but the applicant owes the papers
    OffsetDateTime dueThen = endOf(STOPPED_ON);
    TestServices.sql("UPDATE case_items SET clock_stopped_at = '" + STOPPED_ON + "T10:00:00+08:00', due_at = '" + dueThen
        + "' WHERE item_id = '" + birth + "'");
    scanned();
    assertThat(cardsOf(birth)).as("no card while the clock stands still").isEmpty();
    assertThat(f.eventTypes(caseId)).doesNotContain("ItemOverdue");
    assertThat(http.get("/api/v1/supervision/alerts?level=red", "dev-admin").body()).doesNotContain(birth);

    Http.Response supplied = f.post("/api/v1/cases/" + caseId + "/items/" + birth + "/supplement", "dev-portal",
        new JsonObject().put("materials", new JsonArray().add(new JsonObject().put("code", "parents-id-cards").put("fileRef", "rescan-1"))));
    assertThat(supplied.status()).as(supplied.body()).isEqualTo(200);
    JsonObject running = item(caseId, birth);
    assertThat(OffsetDateTime.parse(running.getString("dueAt")).toInstant())
        .isEqualTo(CALENDAR.due(dueThen, STOPPED_WORKING_DAYS).toInstant());
    assertThat(running.getJsonObject("clock").getString("state")).isEqualTo("running");
    assertThat(running.getJsonObject("clock").getInteger("stoppedDays")).isEqualTo(STOPPED_WORKING_DAYS);
    assertThat(running.getValue("missing")).as("the supplement answered it").isNull();
    scanned();
    assertThat(cardsOf(birth)).as("due today, not past due").noneMatch(card -> "red".equals(card.getString("level")));
  }

  @Test
  void aPublicityAcrossAWeekendAndAHolidayMovesDueAtByItsWorkingDaysOnlyAndTheRedCardIsNotRaisedTwice() {
    JsonObject c = f.submit("policy-benefits");
    String caseId = c.getString("caseId");
    String sme = dispatched(caseId, c, SME);
    assertThat(f.report("industry-it", sme, "ACCEPTED", "acc-" + sme).status()).isEqualTo(200);

    // overdue while its clock runs: one red card
    TestServices.sql("UPDATE case_items SET due_at = now() - interval '1 hour' WHERE item_id = '" + sme + "'");
    Await.until("the red card", WAIT, () -> cardsOf(sme).stream().anyMatch(card -> "red".equals(card.getString("level"))));

    Http.Response suspended = f.report("industry-it", sme, new JsonObject().put("status", "SUSPENDED").put("note", "拟认定名单公示")
        .put("suspension", new JsonObject().put("procedure", "publicity").put("until", TODAY.toString())).put("eventId", "pub-" + sme));
    assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);
    // suspended seven days ago
    OffsetDateTime dueThen = endOf(STOPPED_ON);
    TestServices.sql("UPDATE case_items SET clock_stopped_at = '" + STOPPED_ON + "T16:00:00+08:00', due_at = '" + dueThen
        + "' WHERE item_id = '" + sme + "'");
    Http.Response resumed = f.report("industry-it", sme, new JsonObject().put("status", "IN_PROGRESS").put("note", "公示结束")
        .put("eventId", "res-" + sme));
    assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
    JsonObject after = item(caseId, sme);
    assertThat(OffsetDateTime.parse(after.getString("dueAt")).toInstant())
        .as("moved by the 4 working days of the 7 calendar days (not the Saturday, the Sunday, nor the holiday " + HOLIDAY + ")")
        .isEqualTo(CALENDAR.due(dueThen, STOPPED_WORKING_DAYS).toInstant());
    JsonObject resumedEvent = events(caseId).stream().filter(e -> "ItemResumed".equals(e.getString("type"))).findFirst().orElseThrow();
    assertThat(resumedEvent.getJsonObject("data").getInteger("stoppedDays")).isEqualTo(STOPPED_WORKING_DAYS);

    // the moved dueAt passes too: the deadline's red card was raised once, for this item, and stays the only one
    TestServices.sql("UPDATE case_items SET due_at = now() - interval '1 minute' WHERE item_id = '" + sme + "'");
    scanned();
    scanned();
    assertThat(cardsOf(sme).stream().filter(card -> "red".equals(card.getString("level")))).hasSize(1);
    assertThat(f.eventTypes(caseId).stream().filter("ItemOverdue"::equals)).hasSize(1);
  }

  @Test
  void anUnlistedProcedureOrAnotherItemsMaterialIs422AndASuspensionFromTheWrongStateIs409() {
    JsonObject c = f.submit("policy-benefits");
    String caseId = c.getString("caseId");
    String sme = dispatched(caseId, c, SME);
    JsonObject siteInspection = new JsonObject().put("status", "SUSPENDED")
        .put("suspension", new JsonObject().put("procedure", "expert-review").put("until", TODAY.toString()));
    Http.Response early = f.report("industry-it", sme, siteInspection);
    assertThat(early.status()).as("DISPATCHED → SUSPENDED: " + early.body()).isEqualTo(409);
    assertThat(early.errorCode()).isEqualTo("ILLEGAL_TRANSITION");
    assertThat(f.report("industry-it", sme, "ACCEPTED", "acc-" + sme).status()).isEqualTo(200);

    Http.Response unlisted = f.report("industry-it", sme, new JsonObject().put("status", "SUSPENDED")
        .put("suspension", new JsonObject().put("procedure", "site-inspection").put("until", TODAY.toString())));
    assertThat(unlisted.status()).as(unlisted.body()).isEqualTo(422);
    assertThat(unlisted.body()).contains("suspension.procedure");

    Http.Response notTheItems = f.report("industry-it", sme, new JsonObject().put("status", "RETURNED")
        .put("missing", new JsonArray().add(new JsonObject().put("material", "parents-id-cards"))));
    assertThat(notTheItems.status()).as(notTheItems.body()).isEqualTo(422);
    assertThat(notTheItems.body()).contains("missing[0].material");
    Http.Response notReturned = f.report("industry-it", sme, new JsonObject().put("status", "IN_PROGRESS")
        .put("missing", new JsonArray().add(new JsonObject().put("material", "audit-report"))));
    assertThat(notReturned.status()).as(notReturned.body()).isEqualTo(422);
    assertThat(item(caseId, sme).getString("status")).as("nothing changed").isEqualTo("ACCEPTED");

    assertThat(f.report("industry-it", sme, new JsonObject().put("status", "SUSPENDED")
        .put("suspension", new JsonObject().put("procedure", "expert-review").put("until", TODAY.toString()))).status()).isEqualTo(200);
    Http.Response twice = f.report("industry-it", sme, new JsonObject().put("status", "SUSPENDED")
        .put("suspension", new JsonObject().put("procedure", "publicity").put("until", TODAY.toString())));
    assertThat(twice.status()).as("SUSPENDED → SUSPENDED: " + twice.body()).isEqualTo(409);
  }

  // ------------------------------------------------------------------ helpers

  /** A department's {@code missing} reasons are its own free text: the hotline's view of the case shows them masked, however written. */
  @Test
  void aMissingReasonIsMaskedOnTheHotlinesViewOfTheCase() {
    JsonObject c = f.submit("newborn");
    String caseId = c.getString("caseId");
    String birth = dispatched(caseId, c, "birth-medical-certificate");
    String reason = "身份证号 430405 1992 0315 2042 的照片不清晰，请致电 138-0013-8000 联系";
    Http.Response returned = f.report("health", birth, new JsonObject().put("status", "RETURNED")
        .put("missing", new JsonArray().add(new JsonObject().put("material", "parents-id-cards").put("reason", reason))));
    assertThat(returned.status()).as(returned.body()).isEqualTo(200);
    assertThat(item(caseId, birth).getJsonArray("missing").getJsonObject(0).getString("reason")).as("the full view: as written").isEqualTo(reason);

    Http.Response hotline = http.get("/api/v1/cases/" + caseId, "dev-hotline");
    assertThat(hotline.status()).as(hotline.body()).isEqualTo(200);
    JsonObject entry = hotline.json().getJsonArray("items").stream().map(o -> (JsonObject) o).filter(i -> i.getString("itemId").equals(birth))
        .findFirst().orElseThrow().getJsonArray("missing").getJsonObject(0);
    assertThat(entry.getString("material")).isEqualTo("parents-id-cards");
    String compact = entry.getString("reason").replaceAll("[\\s-]", "");
    assertThat(compact).doesNotContain("430405199203152042").doesNotContain("13800138000").contains("照片不清晰");
  }

  /** The item once pushed to the fake department (DISPATCHED). */
  private static String dispatched(String caseId, JsonObject c, String code) {
    String itemId = RouterFixture.item(c, code).getString("itemId");
    Await.until(code + " dispatched", WAIT, () -> f.itemStatus(caseId, itemId).equals("DISPATCHED"));
    return itemId;
  }

  /**
   * Waits until the watcher has scanned at least once after this call: a fresh case's item made past due
   * (a sentinel, in a case of its own) gets its red card only from a scan that began after it.
   */
  private static void scanned() {
    JsonObject sentinel = f.submit("newborn");
    String itemId = RouterFixture.item(sentinel, "vaccination-certificate").getString("itemId");
    TestServices.sql("UPDATE case_items SET due_at = now() - interval '1 hour' WHERE item_id = '" + itemId + "'");
    Await.until("a scan", WAIT, () -> !cardsOf(itemId).isEmpty());
  }

  private static List<JsonObject> cardsOf(String itemId) {
    return http.get("/api/v1/supervision/cards?kind=deadline", "dev-admin").json().getJsonArray("cards").stream().map(o -> (JsonObject) o)
        .filter(card -> itemId.equals(card.getString("itemId"))).toList();
  }

  private static JsonObject item(String caseId, String itemId) {
    return f.caseView(caseId).getJsonArray("items").stream().map(o -> (JsonObject) o).filter(i -> i.getString("itemId").equals(itemId))
        .findFirst().orElseThrow();
  }

  private static List<JsonObject> events(String caseId) {
    return http.get("/api/v1/cases/" + caseId + "/events", "dev-admin").json().getJsonArray("events").stream().map(o -> (JsonObject) o).toList();
  }

  private static OffsetDateTime endOf(LocalDate day) {
    return ZonedDateTime.of(day, java.time.LocalTime.of(23, 59, 59), ZONE).toOffsetDateTime();
  }

  private static LocalDate firstWeekdayAfter(LocalDate d) {
    LocalDate x = d.plusDays(1);
    while (x.getDayOfWeek() == DayOfWeek.SATURDAY || x.getDayOfWeek() == DayOfWeek.SUNDAY) x = x.plusDays(1);
    return x;
  }

  private static LocalDate weekdayOfTheYear(LocalDate near, LocalDate not) {
    for (int k = 0; ; k++) {
      for (LocalDate x : List.of(near.minusDays(k), near.plusDays(k))) {
        boolean weekday = x.getDayOfWeek() != DayOfWeek.SATURDAY && x.getDayOfWeek() != DayOfWeek.SUNDAY;
        if (weekday && x.getYear() == near.getYear() && !x.equals(not)) return x;
      }
    }
  }
}
