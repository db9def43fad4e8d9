package onego.dev;

import io.vertx.core.json.JsonObject;
import onego.domain.IdNumbers;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The dev profile's simulated shared-data platform, started by the dev runner when sharedData.url is null. */
class SharedDataPlatformTest {
  private static DevTestNode node;
  private static Http http;

  @BeforeAll
  static void start() {
    node = DevTestNode.start(Overlays.env("devsim:\n  enabled: true\nsharedData:\n  url: null\n  keySalt: \"" + UUID.randomUUID() + "\"\n"));
    http = node.http();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void prefillAnswersPlausibleDataDerivedFromTheIdNumber() {
    String id = Submissions.idNumber(201);
    Http.Response r = http.get("/api/v1/things/newborn/prefill?idNumber=" + id, "dev-portal");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject f = r.json().getJsonObject("fields");
    assertThat(r.json().getJsonArray("missing")).isEmpty();
    String mother = f.getJsonObject("motherIdNumber").getString("value");
    String father = f.getJsonObject("fatherIdNumber").getString("value");
    assertThat(IdNumbers.valid(mother)).isTrue();
    assertThat(IdNumbers.valid(father)).isTrue();
    assertThat(mother.substring(6, 14)).isLessThan(id.substring(6, 14));
    assertThat((mother.charAt(16) - '0') % 2).as("mother's sex digit").isZero();
    assertThat((father.charAt(16) - '0') % 2).as("father's sex digit").isOne();
    assertThat(f.getJsonObject("fatherName").getString("value")).hasSizeBetween(2, 3);
    assertThat(f.getJsonObject("householdAddress").getString("value")).startsWith("湖南省衡阳市");
    assertThat(f.getJsonObject("householdAddress").getString("source")).isEqualTo("household");
  }

  @Test
  void enterprisesByCreditCodeAndTheMotherFromHerOwnRecord() {
    String code = Submissions.creditCode();
    Http.Response r = http.get("/api/v1/things/enterprise-change/prefill?creditCode=" + code, "dev-window");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject f = r.json().getJsonObject("fields");
    assertThat(f.getJsonObject("creditCode").getString("value")).isEqualTo(code);
    assertThat(f.getJsonObject("enterpriseName").getString("value")).startsWith("衡阳市");
    String holder = http.get("/api/v1/ecerts/EC-business-license-" + code, "dev-portal").json().getJsonObject("holder").getString("name");
    assertThat(f.getJsonObject("enterpriseName").getString("value")).as("the name on its 营业执照").isEqualTo("衡阳市" + holder);
    assertThat(f.getJsonObject("legalRepresentativeName").getString("value")).hasSizeBetween(2, 3);

    String applicant = Submissions.idNumber(203);
    JsonObject own = http.get("/api/v1/things/newborn/prefill?idNumber=" + applicant, "dev-portal").json().getJsonObject("fields");
    String mother = own.getJsonObject("motherIdNumber").getString("value");
    String motherName = own.getJsonObject("motherName").getString("value");
    // the mother's own record, asked about her: her name is the one her child's record gives
    JsonObject about = http.get("/api/v1/things/newborn/prefill?idNumber=" + Submissions.idNumber(204) + "&about.motherIdNumber=" + mother, "dev-portal")
        .json().getJsonObject("fields");
    assertThat(about.getJsonObject("motherName").getString("value")).isEqualTo(motherName);
    assertThat(about.getJsonObject("motherName").getString("about")).isEqualTo("motherIdNumber");
  }

  @Test
  void aSweepOverTheSimulatedPopulationOffersTheElderlyAllowanceAndTheRefundAndAnOfferIsConfirmedFromSharedData() throws Exception {
    java.util.concurrent.CompletableFuture<Integer> swept = new java.util.concurrent.CompletableFuture<>();
    var offerSweeper = node.dev().node().offerSweeper();
    node.dev().node().vertx().runOnContext(v -> offerSweeper.sweep().onComplete(ar -> {
      if (ar.succeeded()) swept.complete(ar.result());
      else swept.completeExceptionally(ar.cause());
    }));
    swept.get(120, java.util.concurrent.TimeUnit.SECONDS);
    java.util.List<String> elderly = onego.server.support.TestServices.column(
        "SELECT subject FROM offers WHERE rule = 'elderly-allowance-at-80' ORDER BY subject");
    assertThat(elderly).isNotEmpty();
    // 80 or older on the platform's day (Asia/Shanghai, not the test machine's): born on or before that day 80 years ago
    String latestBirth = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).minusYears(80)
        .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    assertThat(elderly).allSatisfy(id -> assertThat(id.substring(6, 14)).isLessThanOrEqualTo(latestBirth));
    assertThat(onego.server.support.TestServices.count("SELECT count(*) FROM offers WHERE rule = 'job-stabilization-refund-yearly'")).isPositive();

    String id = elderly.get(0);
    var offers = http.get("/api/v1/applicants/" + id + "/offers", "dev-portal").json().getJsonArray("offers");
    String offerId = offers.stream().map(o -> (JsonObject) o).filter(o -> o.getString("rule").equals("elderly-allowance-at-80"))
        .findFirst().orElseThrow().getString("offerId");
    Http.Response confirmed = http.send(http.request("/api/v1/offers/" + offerId + "/confirm").header("Authorization", "Bearer dev-portal")
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
    assertThat(confirmed.json().getJsonObject("offer").getJsonObject("fields").fieldNames()).contains("applicantName");
  }

  @Test
  void idNumbersWithTheNotFoundSequenceAreUnknown() {
    Http.Response r = http.get("/api/v1/things/newborn/prefill?idNumber=" + Submissions.idNumber(999), "dev-portal");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getJsonObject("fields").isEmpty()).isTrue();
    assertThat(r.json().getJsonArray("missing")).hasSize(7);
  }

  @Test
  void eCertificatesOfCatalogTypesAreValid() {
    String id = Submissions.idNumber(202);
    Http.Response r = http.get("/api/v1/ecerts/EC-resident-id-card-" + id, "dev-hotline");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().getBoolean("valid")).isTrue();
    assertThat(r.json().getJsonObject("holder").getString("name")).matches(".\\*{1,2}");
    assertThat(r.json().getJsonObject("holder").getString("idNumber")).isEqualTo(id.substring(0, 3) + "*".repeat(11) + id.substring(14));
    Http.Response marriage = http.get("/api/v1/ecerts/EC-marriage-certificate-J430408-2015-000123", "dev-portal");
    assertThat(marriage.status()).isEqualTo(200);
    assertThat(marriage.json().getString("type")).isEqualTo("marriage-certificate");
    assertThat(marriage.json().getString("number")).isEqualTo("J430408-2015-000123");
    assertThat(http.get("/api/v1/ecerts/EC-passport-E12345678", "dev-portal").status()).isEqualTo(404);
    assertThat(http.get("/api/v1/ecerts/not-a-ref", "dev-portal").status()).isEqualTo(404);
  }
}
