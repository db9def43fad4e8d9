package onego.dev;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.CatalogLoader;
import onego.domain.CreditCodes;
import onego.server.support.Http;
import onego.server.support.Jwts;
import onego.server.support.Outputs;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 一次联办 end to end: results flow from one department to the next, part of a thing is chosen with a
 * prerequisite proved by an e-certificate, applicant types, completion order (先税后证), agents. Real
 * PostgreSQL and Redis, the simulated e-certificate registry, every department in pull mode and driven
 * through the department API by the test.
 */
class JointHandlingTest {
  private static final List<String> DEPARTMENTS = CatalogLoader.load(Path.of("config/catalog")).departments().keySet()
      .stream().sorted().toList();
  private static Vertx vertx;
  private static TestNode node;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    SharedDataPlatform registry = new SharedDataPlatform(CatalogLoader.load(Path.of("config/catalog")), 0, "999");
    vertx.deployVerticle(registry).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    String pull = DEPARTMENTS.stream().map(d -> "  " + d + ": {mode: pull}\n").collect(Collectors.joining());
    node = TestNode.start(Overlays.env("sharedData:\n  url: \"" + registry.url() + "\"\n  keySalt: \"" + UUID.randomUUID() + "\"\n"
        + "departments:\n" + pull));
    http = node.http();
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void aPersonFoundsACompanyInOneCaseAndLaterItemsReceiveTheCreditCodeAndLicence() {
    JsonObject notice = http.get("/api/v1/things/enterprise-startup").json();
    assertThat(notice.getJsonArray("applicantTypes")).containsExactly("person");
    JsonObject form = notice.getJsonObject("form");
    assertThat(form.getJsonArray("required")).doesNotContain("creditCode");
    assertThat(form.getJsonObject("properties").getJsonObject("creditCode").getString("x-from-item")).isEqualTo("establishment-registration");

    String founder = Submissions.idNumber();
    JsonObject body = Submissions.fromNotice(notice, founder);
    assertThat(body.getJsonObject("form").containsKey("creditCode")).isFalse();
    JsonObject created = submit("dev-portal", body);
    String caseId = created.getString("caseId");

    JsonObject registration = item(created, "establishment-registration");
    JsonObject lease = lease(registration);
    Http.Response incomplete = report(registration, new JsonObject().put("status", "COMPLETED"));
    assertThat(incomplete.status()).as(incomplete.body()).isEqualTo(422);
    assertThat(fields(incomplete)).contains("result.values.creditCode", "result.certificates");

    String creditCode = creditCode();
    JsonObject result = Outputs.of("enterprise-startup", "establishment-registration", founder);
    result.getJsonObject("values").put("creditCode", creditCode);
    Http.Response done = report(registration, new JsonObject().put("status", "COMPLETED").put("result", result));
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(lease.getJsonObject("inputs")).isEqualTo(new JsonObject());

    for (String code : List.of("seal-engraving-filing", "invoice-issuance", "enterprise-social-insurance-registration", "housing-fund-unit-account",
        "bank-account-appointment")) {
      JsonObject later = item(created, code);
      JsonObject work = lease(later);
      JsonObject inputs = work.getJsonObject("inputs");
      assertThat(inputs.getJsonObject("values").getString("creditCode")).as(code).isEqualTo(creditCode);
      assertThat(inputs.getJsonArray("certificates").stream().map(c -> ((JsonObject) c).getString("type"))).as(code).contains("business-license");
      assertThat(work.getJsonObject("form").containsKey("creditCode")).isFalse();
      Http.Response r = report(later, new JsonObject().put("status", "COMPLETED").put("result", Outputs.of("enterprise-startup", code, founder)));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
    assertThat(http.get("/api/v1/cases/" + caseId, "dev-portal").json().getString("status")).isEqualTo("COMPLETED");
  }

  @Test
  void aRetireeFilesTheHousingFundWithdrawalAloneWithTheRetirementApproval() {
    String retiree = Submissions.idNumber();
    JsonObject body = subset("employee-retirement", List.of("housing-fund-withdrawal"), retiree);

    asFiles(body);
    Http.Response missing = http.postCase("dev-portal", key(), body.encode());
    assertThat(missing.status()).as(missing.body()).isEqualTo(422);
    assertThat(missing.body()).contains("normal-retirement").contains("retirement-approval");

    body.put("prerequisites", new JsonArray().add(new JsonObject().put("item", "normal-retirement").put("ecertRef", "EC-retirement-approval-" + Submissions.idNumber())));
    Http.Response someoneElses = http.postCase("dev-portal", key(), body.encode());
    assertThat(someoneElses.status()).as(someoneElses.body()).isEqualTo(422);
    assertThat(fields(someoneElses)).contains("prerequisites[0].ecertRef");
    assertThat(someoneElses.body()).contains("someone else");

    body.put("prerequisites", new JsonArray().add(new JsonObject().put("item", "normal-retirement").put("ecertRef", "EC-retirement-approval-" + retiree)));
    JsonObject created = submit("dev-portal", body);
    assertThat(created.getJsonArray("items")).hasSize(1);
    assertThat(item(created, "housing-fund-withdrawal").getString("status")).isEqualTo("QUEUED");
  }

  /** 公积金提取 after 退休审批 in one case: the housing fund centre receives the 退休审批表编号 as an input (一次联办). */
  @Test
  void theHousingFundWithdrawalReceivesTheRetirementApprovalNumber() {
    String retiree = Submissions.retireeIdNumber(11);
    JsonObject body = subset("employee-retirement", List.of("normal-retirement", "housing-fund-withdrawal"), retiree);
    asFiles(body);
    body.getJsonObject("form").remove("retirementApprovalNumber");
    JsonObject created = submit("dev-portal", body);
    JsonObject retirement = item(created, "normal-retirement");
    lease(retirement);
    JsonObject result = Outputs.of("employee-retirement", "normal-retirement", retiree);
    String approval = result.getJsonObject("values").getString("retirementApprovalNumber");
    assertThat(approval).isNotBlank();
    Http.Response done = report(retirement, new JsonObject().put("status", "COMPLETED").put("result", result));
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    JsonObject work = lease(item(created, "housing-fund-withdrawal"));
    assertThat(work.getJsonObject("inputs").getJsonObject("values").getString("retirementApprovalNumber")).isEqualTo(approval);
  }

  @Test
  void aDeathDeclaredByACourtReachesHukouCancellationAndSurvivorBenefits() {
    String deceased = Submissions.idNumber();
    JsonObject body = subset("after-death", List.of("hukou-cancellation", "survivor-benefits"), Submissions.idNumber());
    body.getJsonObject("form").put("deceasedIdNumber", deceased);
    body.put("prerequisites", new JsonArray().add(new JsonObject().put("item", "death-certificate-normal")
        .put("ecertRef", "EC-death-declaration-judgment-" + deceased)));
    JsonObject created = submit("dev-portal", body);
    JsonObject hukou = item(created, "hukou-cancellation");
    assertThat(hukou.getString("status")).isEqualTo("QUEUED");
    assertThat(item(created, "survivor-benefits").getString("status")).isEqualTo("WAITING");
    lease(hukou);
    Http.Response r = report(hukou, new JsonObject().put("status", "COMPLETED").put("result", Outputs.of("after-death", "hukou-cancellation", deceased)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject view = http.get("/api/v1/cases/" + created.getString("caseId"), "dev-portal").json();
    assertThat(item(view, "survivor-benefits").getString("status")).isEqualTo("QUEUED");
  }

  @Test
  void applicantTypesAreEnforced() {
    JsonObject body = Submissions.fromNotice(http.get("/api/v1/things/newborn").json(), Submissions.idNumber());
    body.put("applicant", new JsonObject().put("type", "enterprise").put("creditCode", creditCode()).put("name", "衡阳示例有限公司").put("phone", "13900139000"));
    Http.Response r = http.postCase("dev-portal", key(), body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(fields(r)).contains("applicant.type");
  }

  @Test
  void registrationCannotCompleteBeforeTheTaxItem() {
    JsonObject notice = http.get("/api/v1/things/house-transfer-utilities").json();
    String buyer = Submissions.idNumber();
    JsonObject created = submit("dev-portal", Submissions.fromNotice(notice, buyer));
    JsonObject view = http.get("/api/v1/cases/" + created.getString("caseId"), "dev-portal").json();
    for (Object o : view.getJsonArray("items")) {   // what registration and tax wait for (网签备案) first
      JsonObject i = (JsonObject) o;
      if (i.getString("status").equals("QUEUED") && !Set.of("real-estate-transfer-registration", "transaction-tax-declaration").contains(i.getString("code"))) {
        lease(i);
        assertThat(report(i, new JsonObject().put("status", "COMPLETED").put("result", Outputs.of("house-transfer-utilities", i.getString("code"), buyer))).status()).isEqualTo(200);
      }
    }
    JsonObject registration = item(created, "real-estate-transfer-registration");
    JsonObject tax = item(created, "transaction-tax-declaration");
    lease(registration);
    lease(tax);
    Http.Response early = report(registration, new JsonObject().put("status", "COMPLETED").put("result", Outputs.of("house-transfer-utilities", registration.getString("code"), buyer)));
    assertThat(early.status()).as(early.body()).isEqualTo(409);
    assertThat(early.body()).contains("transaction-tax-declaration");
    assertThat(report(tax, new JsonObject().put("status", "COMPLETED").put("result", Outputs.of("house-transfer-utilities", tax.getString("code"), buyer))).status()).isEqualTo(200);
    Http.Response after = report(registration, new JsonObject().put("status", "COMPLETED").put("result", Outputs.of("house-transfer-utilities", registration.getString("code"), buyer)));
    assertThat(after.status()).as(after.body()).isEqualTo(200);
  }

  @Test
  void anAgentFilesAtTheWindowFollowsTheCaseAndTheHotlineSeesThemMasked() {
    String agentId = Submissions.idNumber();
    JsonObject body = Submissions.fromNotice(http.get("/api/v1/things/newborn").json(), Submissions.idNumber());
    JsonObject agent = new JsonObject().put("name", "王建国").put("idNumber", agentId).put("phone", "13912345678").put("relation", "祖父")
        .put("authorization", new JsonObject().put("fileRef", "scan-authorization-001"));
    body.put("agent", agent);
    asFiles(body);
    Http.Response online = http.postCase("dev-portal", key(), body.encode());
    assertThat(online.status()).as(online.body()).isEqualTo(422);
    assertThat(fields(online)).contains("agent.authorization");

    JsonObject created = submit("dev-window", body);
    String caseId = created.getString("caseId");
    String agentToken = Jwts.dev(new JsonObject().put("role", "applicant").put("sub", agentId));
    Http.Response mine = http.get("/api/v1/cases/" + caseId, agentToken);
    assertThat(mine.status()).as(mine.body()).isEqualTo(200);
    assertThat(mine.json().getJsonObject("agent").getString("idNumber")).isEqualTo(agentId);
    assertThat(http.get("/api/v1/cases/" + caseId + "/events", agentToken).status()).isEqualTo(200);
    String strangerToken = Jwts.dev(new JsonObject().put("role", "applicant").put("sub", Submissions.idNumber()));
    assertThat(http.get("/api/v1/cases/" + caseId, strangerToken).status()).isIn(403, 404);

    Http.Response hotline = http.get("/api/v1/hotline/cases/" + caseId, "dev-hotline");
    assertThat(hotline.status()).as(hotline.body()).isEqualTo(200);
    JsonObject masked = hotline.json().getJsonObject("agent");
    assertThat(masked.getString("name")).isEqualTo("王**");
    assertThat(hotline.body()).doesNotContain(agentId).doesNotContain("13912345678").doesNotContain("王建国").doesNotContain("scan-authorization-001");
  }

  // ------------------------------------------------------------------ helpers

  private static String key() {
    return "jh-" + UUID.randomUUID();
  }

  private static String creditCode() {
    String first17 = "91430400MA" + String.format("%07d", (int) (Math.random() * 10_000_000));
    return first17 + CreditCodes.checkChar(first17);
  }

  /** {@code body} with its materials as file references (the registry knows only certificates of real holders). */
  private static JsonObject asFiles(JsonObject body) {
    JsonArray files = new JsonArray();
    body.getJsonArray("materials", new JsonArray()).forEach(m -> files.add(new JsonObject().put("code", ((JsonObject) m).getString("code"))
        .put("fileRef", "file-" + ((JsonObject) m).getString("code"))));
    return body.put("materials", files);
  }

  private static JsonObject submit(String token, JsonObject body) {
    asFiles(body);
    Http.Response r = http.postCase(token, key(), body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  /** A body for {@code items} of {@code thing}: the subset's required fields and the materials its items need. */
  private static JsonObject subset(String thing, List<String> items, String applicantId) {
    JsonObject notice = http.get("/api/v1/things/" + thing).json();
    JsonObject schema = http.get("/api/v1/things/" + thing + "/form?items=" + String.join(",", items)).json();
    JsonObject whole = Submissions.fromNotice(notice.copy().put("form", schema), applicantId, items);
    JsonArray materials = new JsonArray();
    for (Object o : notice.getJsonArray("materials")) {
      JsonObject m = (JsonObject) o;
      boolean needed = m.getJsonArray("usedBy").stream().anyMatch(items::contains);
      if (!needed) continue;
      whole.getJsonArray("materials").stream().map(x -> (JsonObject) x).filter(x -> x.getString("code").equals(m.getString("code")))
          .findFirst().ifPresent(materials::add);
    }
    JsonArray commitments = new JsonArray(whole.getJsonArray("commitments").stream()
        .filter(c -> notice.getJsonArray("materials").stream().map(x -> (JsonObject) x)
            .anyMatch(x -> x.getString("code").equals(c) && x.getJsonArray("usedBy").stream().anyMatch(items::contains)))
        .toList());
    return whole.put("items", new JsonArray(items)).put("materials", materials).put("commitments", commitments);
  }

  private static JsonObject item(JsonObject kase, String code) {
    return kase.getJsonArray("items").stream().map(o -> (JsonObject) o).filter(i -> i.getString("code").equals(code)).findFirst()
        .orElseThrow(() -> new AssertionError("no item " + code + " in " + kase.encode()));
  }

  /** Leases {@code item} from its department (pull) and acks it: the work message. */
  private static JsonObject lease(JsonObject item) {
    String dept = item.getString("department");
    String itemId = item.getString("itemId");
    long until = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < until) {
      Http.Response r = http.get("/api/v1/departments/" + dept + "/items?limit=50&waitSeconds=1", "dev-dept-" + dept);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      for (Object o : r.json().getJsonArray("items")) {
        JsonObject w = (JsonObject) o;
        Http.Response ack = post("/api/v1/departments/" + dept + "/items/" + w.getString("itemId") + "/ack", "dev-dept-" + dept,
            new JsonObject().put("leaseId", w.getString("leaseId")));
        assertThat(ack.status()).as(ack.body()).isLessThan(300);
        if (w.getString("itemId").equals(itemId)) return w;
      }
    }
    throw new AssertionError("item " + itemId + " was never offered to " + dept);
  }

  private static Http.Response report(JsonObject item, JsonObject body) {
    String dept = item.getString("department");
    return post("/api/v1/departments/" + dept + "/items/" + item.getString("itemId") + "/status", "dev-dept-" + dept, body);
  }

  private static Http.Response post(String path, String token, JsonObject body) {
    return http.send(http.request(path).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
  }

  private static List<String> fields(Http.Response r) {
    return r.json().getJsonObject("error").getJsonArray("details").stream().map(d -> ((JsonObject) d).getString("field")).toList();
  }
}
