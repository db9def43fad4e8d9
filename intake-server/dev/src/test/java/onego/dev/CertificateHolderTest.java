package onego.dev;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.CatalogLoader;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whose e-certificate a material must be (the catalog's {@code about}; openapi.yaml, tag Cases: someone
 * else's certificate is 422 naming the material), against the simulated registry of the dev
 * profile, whose refs {@code EC-<type>-<ID number or credit code>} name their holder. The README's
 * walkthrough body files as it is written.
 */
class CertificateHolderTest {
  private static Vertx vertx;
  private static TestNode node;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    SharedDataPlatform registry = new SharedDataPlatform(CatalogLoader.load(Path.of("config/catalog")), 0, "999");
    vertx.deployVerticle(registry).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    node = TestNode.start(Overlays.env("sharedData:\n  url: \"" + registry.url() + "\"\n  keySalt: \"" + UUID.randomUUID() + "\"\n"));
    http = node.http();
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** The body of the README's first curl example (between {@code <<'JSON'} and {@code JSON}). */
  private static JsonObject readmeBody() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("<<'JSON'");
    assertThat(start).as("the README's walkthrough").isPositive();
    int from = readme.indexOf('\n', start) + 1;
    return new JsonObject(readme.substring(from, readme.indexOf("\nJSON\n", from)));
  }

  private static Http.Response post(JsonObject body) {
    return http.postCase("dev-portal", "holder-" + UUID.randomUUID(), body.encode());
  }

  private static JsonObject material(JsonObject body, String code) {
    return body.getJsonArray("materials").stream().map(o -> (JsonObject) o).filter(m -> m.getString("code").equals(code))
        .findFirst().orElseThrow();
  }

  @Test
  void theReadmeWalkthroughFilesWithItsCertificates() throws Exception {
    Http.Response r = post(readmeBody());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  @Test
  void aCertificateOfSomeoneTheFormDoesNotNameIsRefusedNamingTheMaterial() throws Exception {
    String stranger = Submissions.idNumber(321);
    for (String[] wrong : List.of(
        new String[] {"parents-id-cards", "EC-resident-id-card-" + stranger, "form.motherIdNumber or form.fatherIdNumber"},
        new String[] {"marriage-certificate", "EC-marriage-certificate-" + stranger, "form.motherIdNumber or form.fatherIdNumber"},
        new String[] {"household-register", "EC-household-register-" + stranger, "form.householdHeadIdNumber"})) {
      JsonObject body = readmeBody();
      material(body, wrong[0]).put("ecertRef", wrong[1]);
      Http.Response r = post(body);
      assertThat(r.status()).as(r.body()).isEqualTo(422);
      JsonArray details = r.json().getJsonObject("error").getJsonArray("details");
      assertThat(details).as(r.body()).hasSize(1);
      assertThat(details.getJsonObject(0).getString("field")).isEqualTo("materials." + wrong[0] + ".ecertRef");
      assertThat(details.getJsonObject(0).getString("reason")).contains("about someone else").contains(wrong[2]);
    }
    // the father's ID card is as good as the mother's: either parent the form names
    JsonObject body = readmeBody();
    material(body, "parents-id-cards").put("ecertRef", "EC-resident-id-card-" + body.getJsonObject("form").getString("fatherIdNumber"));
    Http.Response r = post(body);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  /** {@code about: applicant}: the applicant's own ID card files, anyone else's is refused. */
  @Test
  void theApplicantsIdCardMustBeTheApplicants() {
    JsonObject notice = http.get("/api/v1/things/flexible-employment").json();
    String applicant = Submissions.idNumber(322);
    JsonObject body = Submissions.fromNotice(notice, applicant);
    JsonArray files = new JsonArray();
    body.getJsonArray("materials").forEach(o -> files.add(new JsonObject().put("code", ((JsonObject) o).getString("code"))
        .put("fileRef", "file-" + ((JsonObject) o).getString("code"))));
    body.put("materials", files);
    material(body, "applicant-id-card").remove("fileRef");
    material(body, "applicant-id-card").put("ecertRef", "EC-resident-id-card-" + Submissions.idNumber(323));
    Http.Response someoneElses = post(body);
    assertThat(someoneElses.status()).as(someoneElses.body()).isEqualTo(422);
    assertThat(someoneElses.body()).contains("materials.applicant-id-card.ecertRef").contains("not the applicant");
    material(body, "applicant-id-card").put("ecertRef", "EC-resident-id-card-" + applicant);
    Http.Response own = post(body);
    assertThat(own.status()).as(own.body()).isEqualTo(201);
  }
}
