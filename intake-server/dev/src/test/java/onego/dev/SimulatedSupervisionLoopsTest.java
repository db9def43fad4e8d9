package onego.dev;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.IdNumbers;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue "Accountability" item 7, the simulated world plays along: the dev node with its simulated
 * departments, shared-data platform and applicant, every share driven to 1 (so each loop happens,
 * whatever the draws), all through OneGo's HTTP API. Each test follows one loop on a case of its own:
 * a suspension for a listed procedure and its resumption; a return for 补正 with a complete
 * {@code missing} list, then the supplement and completion; owed 容缺 materials handed in at the
 * window; a false 告知承诺 found after completion (REVOKED); a complaint answered; a card explained.
 */
class SimulatedSupervisionLoopsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static DevTestNode node;
  private static Http http;

  @BeforeAll
  static void start() {
    node = DevTestNode.start(Overlays.env("""
        devsim:
          enabled: true
          workDelayMs: 300
          supplementShare: 1.0
          rejectShare: 0.0
          suspendShare: 1.0
          procedureMs: 300
          falseCommitmentShare: 1.0
          verifyDelayMs: 300
          supervisionPollMs: 400
          handInDelayMs: 300
          seed: 17
        sharedData:
          url: null
          keySalt: "%s"
        """.formatted(UUID.randomUUID())));
    http = node.http();
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  // ------------------------------------------------------------------ the loops

  /** disability-assistance's 残疾人证 lists 鉴定 (appraisal): suspended for it, resumed, and the clock ran again. */
  @Test
  void anItemListingASpecialProcedureIsSuspendedForItAndResumed() {
    String caseId = file(withFiles(Submissions.fromNotice(notice("disability-assistance"), Submissions.idNumber(701))));
    JsonObject item = item(caseId, "disability-certificate");
    String itemId = item.getString("itemId");
    List<JsonObject> events = awaitEvents(caseId, e -> "ItemResumed".equals(e.getString("type")) && itemId.equals(e.getString("itemId")));
    JsonObject suspended = events.stream().filter(e -> "ItemSuspended".equals(e.getString("type")) && itemId.equals(e.getString("itemId")))
        .findFirst().orElseThrow();
    List<String> listed = notice("disability-assistance").getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(i -> i.getString("code").equals("disability-certificate")).findFirst().orElseThrow()
        .getJsonArray("specialProcedures").stream().map(p -> ((JsonObject) p).getString("procedure")).toList();
    assertThat(listed).contains(suspended.getJsonObject("data").getString("procedure"));
    assertThat(suspended.getJsonObject("data").getString("until")).isNotBlank();
  }

  /**
   * 补正 with a complete missing list: every material of the item handed in as a scan, by its catalog
   * code; shown on the case view while RETURNED (clock stopped); after the supplement the same
   * department completes the item.
   */
  @Test
  void aReturnedItemListsEveryMissingMaterialByCodeAndCompletesAfterTheSupplement() {
    JsonObject body = withFiles(readmeBody());
    String caseId = file(body);
    JsonObject returned = awaitItem(caseId, "birth-medical-certificate", i -> i.getString("status").equals("RETURNED"));
    Set<String> handedIn = body.getJsonArray("materials").stream().map(m -> ((JsonObject) m).getString("code")).collect(Collectors.toSet());
    Set<String> itemMaterials = usedBy(notice("newborn"), "birth-medical-certificate");
    Set<String> expected = itemMaterials.stream().filter(handedIn::contains).collect(Collectors.toSet());
    assertThat(expected).isNotEmpty();
    JsonArray missing = returned.getJsonArray("missing");
    assertThat(missing.stream().map(m -> ((JsonObject) m).getString("material")).collect(Collectors.toSet())).isEqualTo(expected);
    assertThat(returned.getJsonObject("clock").getString("state")).isEqualTo("stopped");
    JsonObject event = events(caseId).stream().filter(e -> "RETURNED".equals(e.getString("status")) && "ItemStatusChanged".equals(e.getString("type")))
        .findFirst().orElseThrow();
    assertThat(event.getJsonObject("data").getJsonArray("missing")).isEqualTo(missing);

    JsonArray again = new JsonArray();
    missing.forEach(m -> again.add(new JsonObject().put("code", ((JsonObject) m).getString("material")).put("fileRef", "rescan-" + UUID.randomUUID())));
    Http.Response supplement = post("/api/v1/cases/" + caseId + "/items/" + returned.getString("itemId") + "/supplement", "dev-portal",
        new JsonObject().put("materials", again));
    assertThat(supplement.status()).as(supplement.body()).isEqualTo(200);
    JsonObject completed = awaitItem(caseId, "birth-medical-certificate", i -> i.getString("status").equals("COMPLETED"));
    assertThat(completed.getValue("missing")).isNull();
  }

  /**
   * The README's newborn body without its 结婚证 (容缺: owed at filing): the simulated applicant hands it in
   * at the window when 户口登记 reaches its department, so the case completes; 户口登记 gives the baby an ID
   * number of its own (born 2026-11-20, a boy), and 医保登记, which produces no certificate, gets none.
   */
  @Test
  void owedMaterialsAreHandedInAndTheCaseCompletesWithTheBabysOwnIdNumber() {
    JsonObject body = readmeBody();
    JsonArray materials = new JsonArray();
    body.getJsonArray("materials").forEach(m -> {
      if (!((JsonObject) m).getString("code").equals("marriage-certificate")) materials.add(m);
    });
    body.put("materials", materials);
    String caseId = file(body);
    assertThat(caseView(caseId).getJsonArray("owed")).as("owed at filing").isNotEmpty();
    JsonObject kase = supplementUntilEnded(caseId);
    assertThat(kase.getString("status")).isEqualTo("COMPLETED");
    assertThat(kase.getJsonArray("owed")).isNotEmpty().allSatisfy(o -> assertThat(((JsonObject) o).getString("state")).isEqualTo("SUPPLIED"));
    assertThat(events(caseId)).anySatisfy(e -> assertThat(e.getString("type")).isEqualTo("MaterialSupplied"));

    String babyId = item(kase, "household-registration").getJsonObject("result").getJsonObject("values").getString("babyIdNumber");
    String mother = body.getJsonObject("form").getString("motherIdNumber");
    assertThat(babyId).isNotEqualTo(mother).satisfies(id -> assertThat(IdNumbers.valid(id)).as(id).isTrue());
    assertThat(babyId.substring(6, 14)).isEqualTo("20261120");
    assertThat(Character.getNumericValue(babyId.charAt(16)) % 2).as("a boy's sequence is odd").isEqualTo(1);
    assertThat(babyId.substring(0, 6)).isEqualTo(body.getJsonObject("form").getString("householdHeadIdNumber").substring(0, 6));

    JsonObject medical = item(kase, "resident-medical-insurance-registration").getJsonObject("result");
    assertThat(medical.getJsonArray("certificates", new JsonArray())).isEmpty();
    assertThat(item(kase, "birth-medical-certificate").getJsonObject("result").getJsonArray("certificates").getJsonObject(0).getString("type"))
        .isEqualTo("birth-medical-certificate");
  }

  /** flexible-employment with its 灵活就业承诺 (告知承诺): verified after completion, found false, the item REVOKED. */
  @Test
  void aFalseCommitmentFoundAfterCompletionRevokesTheItem() {
    JsonObject body = withFiles(Submissions.fromNotice(notice("flexible-employment"), Submissions.idNumber(702)));
    assertThat(body.getJsonArray("commitments")).isNotEmpty();
    String caseId = file(body);
    supplementUntil(caseId, k -> events(caseId).stream().anyMatch(e -> "ItemRevoked".equals(e.getString("type"))));
    List<JsonObject> verified = events(caseId).stream().filter(e -> "CommitmentVerified".equals(e.getString("type"))).toList();
    assertThat(verified).isNotEmpty().allSatisfy(e -> assertThat(e.getJsonObject("data").getString("outcome")).isEqualTo("false"));
    JsonObject kase = caseView(caseId);
    assertThat(kase.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("status"))).contains("REVOKED");
  }

  /** A score of 1 opens a complaint for that item's department; the department answers it with 整改 and a reply. */
  @Test
  void aComplaintIsAnsweredByItsDepartment() {
    String caseId = file(readmeBody());
    JsonObject accepted = awaitItem(caseId, "birth-medical-certificate", i -> !Set.of("QUEUED", "DISPATCHED").contains(i.getString("status")));
    Http.Response rated = post("/api/v1/cases/" + caseId + "/items/" + accepted.getString("itemId") + "/rating", "dev-portal",
        new JsonObject().put("score", 1).put("comment", "窗口态度差"));
    assertThat(rated.status()).as(rated.body()).isEqualTo(201);
    JsonObject answered = await(() -> complaintsOf(caseId).stream().filter(c -> "ANSWERED".equals(c.getString("state"))).findFirst().orElse(null));
    assertThat(answered.getString("department")).isEqualTo(accepted.getString("department"));
    assertThat(answered.getString("rectification")).isNotBlank();
    assertThat(answered.getString("reply")).isNotBlank();
  }

  /** A red card against a department (as the deadline watcher writes it) is explained by that department. */
  @Test
  void aCardIsExplainedByItsDepartment() {
    String caseId = file(readmeBody());
    JsonObject item = item(caseId, "birth-medical-certificate");
    UUID cardId = UUID.randomUUID();
    TestServices.sql("INSERT INTO cards (card_id, cause, level, kind, case_id, item_id, department, raised_at, state) VALUES ('"
        + cardId + "', 'deadline:red:" + item.getString("itemId") + "', 'red', 'deadline', '" + caseId + "', '" + item.getString("itemId")
        + "', '" + item.getString("department") + "', now(), 'OPEN')");
    JsonObject card = await(() -> http.get("/api/v1/supervision/cards?kind=deadline", "dev-admin").json().getJsonArray("cards").stream()
        .map(o -> (JsonObject) o).filter(c -> c.getString("cardId").equals(cardId.toString()) && "EXPLAINED".equals(c.getString("state")))
        .findFirst().orElse(null));
    JsonObject explanation = card.getJsonObject("explanation");
    assertThat(explanation.getString("reason")).isNotBlank();
    assertThat(explanation.getString("measures")).isNotBlank();
    // the person responsible is a name: staff read it masked (first character kept)
    assertThat(explanation.getString("responsiblePerson")).matches("\\p{IsHan}\\*+");
  }

  // ------------------------------------------------------------------ helpers

  private static JsonObject notice(String thing) {
    return http.get("/api/v1/things/" + thing).json();
  }

  private static Set<String> usedBy(JsonObject notice, String item) {
    return notice.getJsonArray("materials").stream().map(o -> (JsonObject) o).filter(m -> m.getJsonArray("usedBy").contains(item))
        .map(m -> m.getString("code")).collect(Collectors.toSet());
  }

  /** Every material as a scanned file (no e-certificate: scans are what a department may find unreadable). */
  private static JsonObject withFiles(JsonObject body) {
    JsonArray files = new JsonArray();
    body.getJsonArray("materials").forEach(o -> files.add(new JsonObject().put("code", ((JsonObject) o).getString("code"))
        .put("fileRef", "scan-" + ((JsonObject) o).getString("code"))));
    return body.put("materials", files);
  }

  /** The body of the README's first curl example (between {@code <<'JSON'} and {@code JSON}). */
  private static JsonObject readmeBody() {
    try {
      String readme = Files.readString(Path.of("README.md"));
      int from = readme.indexOf('\n', readme.indexOf("<<'JSON'")) + 1;
      return new JsonObject(readme.substring(from, readme.indexOf("\nJSON\n", from)));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String file(JsonObject body) {
    Http.Response r = http.postCase("dev-portal", "loops-" + UUID.randomUUID(), body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("caseId");
  }

  private static Http.Response post(String path, String token, JsonObject body) {
    return http.send(http.request(path).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
  }

  private static JsonObject caseView(String caseId) {
    return http.get("/api/v1/cases/" + caseId, "dev-portal").json();
  }

  private static JsonObject item(String caseId, String code) {
    return item(caseView(caseId), code);
  }

  private static JsonObject item(JsonObject kase, String code) {
    return kase.getJsonArray("items").stream().map(o -> (JsonObject) o).filter(i -> i.getString("code").equals(code)).findFirst().orElseThrow();
  }

  private static JsonObject awaitItem(String caseId, String code, Predicate<JsonObject> condition) {
    return await(() -> {
      JsonObject i = item(caseId, code);
      return condition.test(i) ? i : null;
    });
  }

  private static List<JsonObject> events(String caseId) {
    JsonArray all = http.get("/api/v1/cases/" + caseId + "/events", "dev-portal").json().getJsonArray("events");
    List<JsonObject> out = new ArrayList<>();
    all.forEach(o -> out.add((JsonObject) o));
    return out;
  }

  private static List<JsonObject> awaitEvents(String caseId, Predicate<JsonObject> wanted) {
    return await(() -> {
      List<JsonObject> all = events(caseId);
      return all.stream().anyMatch(wanted) ? all : null;
    });
  }

  private static List<JsonObject> complaintsOf(String caseId) {
    return http.get("/api/v1/supervision/complaints", "dev-admin").json().getJsonArray("complaints").stream().map(o -> (JsonObject) o)
        .filter(c -> caseId.equals(c.getString("caseId"))).toList();
  }

  /** As the applicant would: supplements every item the departments return, until the case has ended. */
  private static JsonObject supplementUntilEnded(String caseId) {
    return supplementUntil(caseId, k -> Set.of("COMPLETED", "REJECTED", "WITHDRAWN").contains(k.getString("status")));
  }

  private static JsonObject supplementUntil(String caseId, Predicate<JsonObject> done) {
    return await(() -> {
      JsonObject kase = caseView(caseId);
      if (done.test(kase)) return kase;
      for (Object o : kase.getJsonArray("items")) {
        JsonObject i = (JsonObject) o;
        if (!"RETURNED".equals(i.getString("status"))) continue;
        JsonArray again = new JsonArray();
        JsonObject form = new JsonObject();
        for (Object m : i.getJsonArray("missing", new JsonArray())) {
          JsonObject entry = (JsonObject) m;
          if (entry.getString("material") != null) {
            again.add(new JsonObject().put("code", entry.getString("material")).put("fileRef", "rescan-" + UUID.randomUUID()));
          } else {
            form.put(entry.getString("field"), kase.getJsonObject("form").getValue(entry.getString("field")));
          }
        }
        Http.Response r = post("/api/v1/cases/" + caseId + "/items/" + i.getString("itemId") + "/supplement", "dev-portal",
            new JsonObject().put("materials", again).put("form", form));
        assertThat(r.status()).as(r.body()).isIn(200, 409);
      }
      return null;
    });
  }

  private static <T> T await(java.util.function.Supplier<T> probe) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) return value;
      if (System.nanoTime() > deadline) fail("not reached within " + WAIT);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
