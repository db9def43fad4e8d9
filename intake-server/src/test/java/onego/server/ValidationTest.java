package onego.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.NodeTest;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ValidationTest extends NodeTest {

  private static JsonObject notice(String thing) {
    return http.get("/api/v1/things/" + thing).json();
  }

  private static JsonObject valid(String thing) {
    return Submissions.fromNotice(notice(thing), Submissions.idNumber());
  }

  /** Posts a body expected to fail; answers field → reason, and checks nothing was written. */
  private static Map<String, String> failing(JsonObject body) {
    Http.Response r = http.postCase("dev-portal", "v-" + System.nanoTime(), body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.errorCode()).isEqualTo("VALIDATION_FAILED");
    assertThat(TestServices.count("SELECT count(*) FROM cases")).isZero();
    return r.json().getJsonObject("error").getJsonArray("details").stream().map(o -> (JsonObject) o)
        .collect(Collectors.toMap(d -> d.getString("field"), d -> d.getString("reason"), (a, b) -> a + "; " + b));
  }

  @Test
  void residentIdChecksumIsVerified() {
    JsonObject body = valid("newborn");
    String id = body.getJsonObject("applicant").getString("idNumber");
    char wrong = id.charAt(17) == '1' ? '2' : '1';
    body.getJsonObject("applicant").put("idNumber", id.substring(0, 17) + wrong);
    assertThat(failing(body)).containsKey("applicant.idNumber");
  }

  @Test
  void creditCodeChecksumIsVerified() {
    JsonObject body = valid("enterprise-simple-deregistration");
    JsonObject applicant = body.getJsonObject("applicant");
    assertThat(applicant.getString("type")).isEqualTo("enterprise");
    String code = applicant.getString("creditCode");
    applicant.put("creditCode", code.substring(0, 17) + (code.charAt(17) == '0' ? '1' : '0'));
    assertThat(failing(body)).containsKey("applicant.creditCode");
  }

  @Test
  void phoneMustBeAMobileNumber() {
    JsonObject body = valid("newborn");
    body.getJsonObject("applicant").put("phone", "12345");
    assertThat(failing(body)).containsEntry("applicant.phone", "not a valid mobile number");
  }

  /** A GB 11643 number of a Hong Kong (810000), Macau (820000) or Taiwan (830000) residence permit, or of the mainland. */
  private static String permit(String region) {
    String first17 = region + "19900101" + String.format("%03d", System.nanoTime() % 1000);
    return first17 + onego.domain.IdNumbers.checkChar(first17);
  }

  @Test
  void residencePermitHoldersGiveTheirOwnRegionsMobile() {
    String[][] regions = {{"810000", "+852 9123 4567", "+85291234567", "+852****4567"}, {"820000", "00853-6612-3456", "+85366123456", "+853****3456"},
        {"830000", "+886 (0)912 345 678", "+886912345678", "+886*****5678"}};
    for (String[] r : regions) {
      JsonObject body = valid("disability-assistance");
      body.getJsonObject("applicant").put("idNumber", permit(r[0])).put("phone", r[1]);
      assertThat(body.getJsonObject("form").containsKey("applicantPhone")).isTrue();
      body.getJsonObject("form").put("applicantPhone", r[1]);
      Http.Response created = http.postCase("dev-portal", "permit-" + System.nanoTime(), body.encode());
      assertThat(created.status()).as(r[0] + ": " + created.body()).isEqualTo(201);
      String caseId = created.json().getString("caseId");
      JsonObject asFiled = http.get("/api/v1/cases/" + caseId, "dev-portal").json();
      assertThat(asFiled.getJsonObject("applicant").getString("phone")).isEqualTo(r[2]);
      String asHotline = http.get("/api/v1/cases/" + caseId, "dev-hotline").body();
      assertThat(new JsonObject(asHotline).getJsonObject("applicant").getString("phone")).isEqualTo(r[3]);
      assertThat(onego.domain.PiiSamples.compact(asHotline)).doesNotContain(r[2].substring(4));
    }
  }

  @Test
  void aRegionsMobileNeedsThatRegionsResidencePermit() {
    JsonObject mainland = valid("disability-assistance");
    mainland.getJsonObject("applicant").put("phone", "+852 9123 4567");
    mainland.getJsonObject("form").put("applicantPhone", "+853 6612 3456");
    Map<String, String> refused = failing(mainland);
    assertThat(refused.get("applicant.phone")).contains("Hong Kong").contains("810000");
    assertThat(refused.get("form.applicantPhone")).contains("Macau").contains("820000");

    JsonObject hongKong = valid("disability-assistance");
    hongKong.getJsonObject("applicant").put("idNumber", permit("810000")).put("phone", "+886 912 345 678");
    hongKong.getJsonObject("form").put("applicantPhone", "+852 9123");
    refused = failing(hongKong);
    assertThat(refused.get("applicant.phone")).contains("Taiwan");
    assertThat(refused).containsEntry("form.applicantPhone", "not a valid mobile number");
  }

  @Test
  void everyFailingFieldIsListedAtOnce() {
    JsonObject body = valid("newborn");
    body.getJsonObject("form").remove("babyName");
    body.getJsonObject("form").put("babySex", "unknown");
    body.getJsonObject("form").put("motherIdNumber", "123");
    body.getJsonObject("applicant").put("phone", "1");
    Map<String, String> details = failing(body);
    assertThat(details).containsEntry("form.babyName", "required").containsKeys("form.babySex", "form.motherIdNumber", "applicant.phone");
  }

  @Test
  void onlyTheChosenItemsFieldsAreRequired() {
    JsonObject notice = notice("newborn");
    String birth = CatalogApiTest.item(notice, "出生医学证明签发").getString("code");
    JsonObject body = Submissions.fromNotice(notice, Submissions.idNumber()).put("items", new JsonArray().add(birth));
    JsonObject form = body.getJsonObject("form");
    JsonObject allowed = http.get("/api/v1/things/newborn/form?items=" + birth).json().getJsonObject("properties");
    form.fieldNames().removeIf(f -> !allowed.containsKey(f));
    body.put("materials", new JsonArray(body.getJsonArray("materials").stream()
        .filter(m -> CatalogApiTest.item(notice, "出生医学证明签发").getJsonArray("materials").contains(((JsonObject) m).getString("code"))).toList()));
    body.put("commitments", new JsonArray());
    Http.Response r = http.postCase("dev-portal", "subset", body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().getJsonArray("items")).hasSize(1);
  }

  @Test
  void fieldsOfUnchosenItemsAreNotStoredAndUnknownFieldsAreRefused() {
    JsonObject notice = notice("newborn");
    String birth = CatalogApiTest.item(notice, "出生医学证明签发").getString("code");
    JsonObject body = valid("newborn").put("items", new JsonArray().add(birth));
    Http.Response r = http.postCase("dev-portal", "drop", body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonObject stored = http.get("/api/v1/cases/" + r.json().getString("caseId"), "dev-portal").json();
    assertThat(stored.getJsonObject("form").fieldNames()).contains("birthHospital").doesNotContain("householdAddress");
    TestServices.resetTables();
    body.getJsonObject("form").put("babyNmae", "typo");
    assertThat(failing(body)).containsEntry("form.babyNmae", "not a field of this thing");
  }

  @Test
  void aSubsetLeavingOutAPrerequisiteMustProveIt() {
    JsonObject notice = notice("newborn");
    String hukou = CatalogApiTest.item(notice, "户口登记").getString("code");
    JsonObject body = valid("newborn").put("items", new JsonArray().add(hukou));
    assertThat(failing(body).get("prerequisites")).contains(hukou).contains("first").contains("ecertRef");
  }

  @Test
  void subsetMustRespectMandatoryWith() {
    JsonObject notice = notice("house-transfer-utilities");
    JsonObject withPartner = notice.getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(i -> !i.getJsonArray("mandatoryWith").isEmpty()).findFirst().orElseThrow();
    JsonObject body = valid("house-transfer-utilities").put("items", new JsonArray().add(withPartner.getString("code")));
    assertThat(failing(body).get("items")).contains("together with");
  }

  @Test
  void onlyOneItemOfAnAlternativeGroup() {
    JsonObject notice = notice("after-death");
    List<String> deathCerts = notice.getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(i -> i.getString("name").startsWith("出具死亡证明")).map(i -> i.getString("code")).toList();
    JsonObject body = valid("after-death").put("items", new JsonArray(deathCerts));
    assertThat(failing(body).get("items")).contains("only one");
  }

  @Test
  void defaultSelectionTakesTheFirstOfEachAlternativeGroup() {
    Http.Response r = http.postCase("dev-portal", "default-alt", valid("after-death").encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    List<String> names = r.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("name")).toList();
    assertThat(names).contains("出具死亡证明(正常死亡)").doesNotContain("出具死亡证明(非正常死亡)");
  }

  @Test
  void unknownThingAndItemsAreNamed() {
    assertThat(failing(valid("newborn").put("thing", "nope"))).containsKey("thing");
    assertThat(failing(valid("newborn").put("items", new JsonArray().add("nope")))).containsKey("items[0]");
  }

  @Test
  void missingMaterialsAreNamedUnlessWaivableOrCommitted() {
    JsonObject notice = notice("enterprise-startup");
    JsonObject body = Submissions.fromNotice(notice, Submissions.idNumber());
    body.put("materials", new JsonArray()).put("commitments", new JsonArray());
    Map<String, String> details = failing(body);
    for (Object o : notice.getJsonArray("materials")) {
      JsonObject m = (JsonObject) o;
      String field = "materials." + m.getString("code");
      // 一次联办: the 营业执照 comes from 企业设立登记 in the same case and is asked of nobody
      if (m.getBoolean("waivable") || Submissions.issuedInTheCase(m)) assertThat(details).doesNotContainKey(field);
      else assertThat(details).as(field).containsKey(field);
    }
  }

  @Test
  void commitmentsOnlyForMaterialsThatAllowThem() {
    JsonObject notice = notice("newborn");
    String notCommittable = notice.getJsonArray("materials").stream().map(o -> (JsonObject) o)
        .filter(m -> !m.getBoolean("commitmentAllowed")).findFirst().orElseThrow().getString("code");
    JsonObject body = valid("newborn").put("commitments", new JsonArray().add(notCommittable));
    assertThat(failing(body)).containsKey("commitments[0]");
  }

  @Test
  void emsDeliveryNeedsAnAddress() {
    JsonObject notice = notice("newborn");
    JsonArray methods = notice.getJsonArray("deliveryMethods");
    JsonObject body = valid("newborn");
    if (methods.contains("ems")) {
      body.put("delivery", new JsonObject().put("method", "ems"));
      assertThat(failing(body)).containsKey("delivery.address");
    }
    body.put("delivery", new JsonObject().put("method", "teleport"));
    assertThat(failing(body)).containsKey("delivery.method");
  }

  @Test
  void wrongTopLevelTypesAre400() {
    Http.Response r = http.postCase("dev-portal", "types", "{\"thing\": 5, \"form\": [], \"applicant\": \"me\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("BAD_REQUEST");
    assertThat(r.json().getJsonObject("error").getJsonArray("details")).hasSize(3);
  }

  @Test
  void malformedJsonIs400AndNotJsonIs415() {
    assertThat(http.postCase("dev-portal", "m", "{\"thing\": ").errorCode()).isEqualTo("BAD_REQUEST");
    assertThat(http.postCase("dev-portal", "m", "[1,2]").errorCode()).isEqualTo("BAD_REQUEST");
    assertThat(http.postCase("dev-portal", "m", "").errorCode()).isEqualTo("BAD_REQUEST");
    Http.Response text = http.send(http.request("/api/v1/cases").header("Authorization", "Bearer dev-portal")
        .header("Idempotency-Key", "t").header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(text.status()).isEqualTo(415);
    assertThat(text.errorCode()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void oversizedBodyIs413() {
    String big = "{\"thing\":\"" + "x".repeat(300 * 1024) + "\"}";
    Http.Response r = http.postCase("dev-portal", "big", big);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
  }

  @Test
  void nastyInputNeverGetsA500() {
    List<String> bodies = List.of("{}", "null", "{\"thing\":null}", "{\"thing\":\"newborn\",\"items\":[null,1,{}]}",
        "{\"thing\":\"newborn\",\"materials\":[1,\"x\",{\"code\":5}]}", "{\"thing\":\"newborn\",\"form\":{\"babyName\":{\"a\":1}}}",
        "{\"thing\":\"newborn\",\"applicant\":{\"type\":\"person\",\"idNumber\":12}}", "{\"thing\":\"newborn\",\"commitments\":[{}]}",
        "{\"thing\":\"newborn\",\"delivery\":{\"method\":7}}", "\"just a string\"", "{\"thing\":\"\\u0000\"}");
    for (String b : bodies) {
      Http.Response r = http.postCase("dev-portal", "nasty", b);
      assertThat(r.status()).as(b + " -> " + r.body()).isBetween(400, 499);
      assertThat(r.json().getJsonObject("error").getString("code")).isNotBlank();
    }
    assertThat(TestServices.count("SELECT count(*) FROM cases")).isZero();
  }
}
