package onego.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.Jwts;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Prefill and e-certificates through the Redis cache, against a fake platform that counts its calls. */
class SharedDataTest {
  private static FakePlatform platform;
  private static TestNode node;
  private static Http http;

  @BeforeAll
  static void start() throws IOException {
    platform = new FakePlatform();
    // a fresh salt per run: the cache keys of earlier runs (same ID numbers) are never seen
    node = TestNode.start(Overlays.env("sharedData:\n  url: \"" + platform.url() + "\"\n  timeoutMs: 1000\n  ttlSeconds: 2\n"
        + "  negativeTtlSeconds: 30\n  staleSeconds: 60\n  keySalt: \"" + UUID.randomUUID() + "\"\n"));
    http = node.http();
  }

  @AfterAll
  static void stop() {
    node.close();
    platform.close();
  }

  @BeforeEach
  void platformUp() {
    platform.down = false;
    platform.delayMs = 0;
  }

  private static String id(int seq) {
    return Submissions.idNumber(seq);
  }

  private static Http.Response prefill(String token, String idNumber) {
    return http.get("/api/v1/things/newborn/prefill?idNumber=" + idNumber, token);
  }

  @Test
  void prefillAnswersFieldsWithSourcesAndMissingThenServesFromRedis() {
    String id = id(101);
    Http.Response r = prefill("dev-portal", id);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject fields = r.json().getJsonObject("fields");
    assertThat(fields.fieldNames()).containsExactlyInAnyOrder("motherName", "motherIdNumber", "fatherName");
    JsonObject mother = fields.getJsonObject("motherName");
    assertThat(mother.getString("value")).isEqualTo("李娜");
    assertThat(mother.getString("source")).isEqualTo("population");
    assertThat(mother.getString("fetchedAt")).isNotBlank();
    assertThat(mother.getBoolean("stale")).isFalse();
    assertThat(r.json().getJsonArray("missing").getList())
        .containsExactlyInAnyOrder("fatherIdNumber", "householdAddress", "householdHeadIdNumber", "householdHeadName");
    assertThat(platform.calls(id)).isEqualTo(2); // population and household, once each

    Http.Response again = prefill("dev-portal", id);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getJsonObject("fields").getJsonObject("motherName").getString("fetchedAt")).isEqualTo(mother.getString("fetchedAt"));
    assertThat(platform.calls(id)).as("the second call is served from Redis").isEqualTo(2);
  }

  @Test
  void concurrentFirstCallsForOnePersonMakeOneUpstreamCall() {
    String id = id(102);
    platform.delayMs = 300;
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < 20; i++) {
      calls.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + node.port() + "/api/v1/things/newborn/prefill?idNumber=" + id))
          .header("Authorization", "Bearer dev-portal").GET().build(), HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> c : calls) assertThat(c.join().statusCode()).isEqualTo(200);
    assertThat(platform.calls(id, "population")).isEqualTo(1);
    assertThat(platform.calls(id, "household")).isEqualTo(1);
  }

  @Test
  void platformDownAfterAGoodFetchServesTheStaleValueMarked() throws Exception {
    String id = id(103);
    assertThat(prefill("dev-portal", id).status()).isEqualTo(200);
    Thread.sleep(2_300); // past ttlSeconds, within staleSeconds
    platform.down = true;
    Http.Response r = prefill("dev-portal", id);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject mother = r.json().getJsonObject("fields").getJsonObject("motherName");
    assertThat(mother.getString("value")).isEqualTo("李娜");
    assertThat(mother.getBoolean("stale")).isTrue();
    assertThat(platform.calls(id, "population")).as("the platform was asked again").isEqualTo(2);
  }

  @Test
  void platformDownAndNothingCachedIs503WithRetryAfter() {
    platform.down = true;
    Http.Response r = prefill("dev-portal", id(104));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.errorCode()).isEqualTo("OVERLOADED");
    assertThat(r.header("Retry-After")).isNotNull();
  }

  @Test
  void platformTimeoutAndNothingCachedIs503() {
    platform.delayMs = 1_500; // past timeoutMs
    Http.Response r = prefill("dev-portal", id(108));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("Retry-After")).isNotNull();
  }

  @Test
  void aPersonTheSourcesDoNotKnowIsNegativelyCached() {
    String id = id(999);
    Http.Response r = prefill("dev-portal", id);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getJsonObject("fields").isEmpty()).isTrue();
    assertThat(r.json().getJsonArray("missing")).hasSize(7);
    assertThat(platform.calls(id)).isEqualTo(2);
    platform.down = true; // a cached "not found" needs no platform
    Http.Response again = prefill("dev-portal", id);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getJsonArray("missing")).hasSize(7);
    assertThat(platform.calls(id)).isEqualTo(2);
  }

  @Test
  void prefillChecksRolesAndParameters() {
    String id = id(105);
    assertThat(prefill("dev-dept-health", id).status()).isEqualTo(403);
    assertThat(prefill("dev-hotline", id).status()).isEqualTo(403);
    assertThat(http.get("/api/v1/things/newborn/prefill?idNumber=" + id).status()).isEqualTo(401);
    String self = Jwts.dev(new JsonObject().put("role", "applicant").put("sub", id));
    assertThat(prefill(self, id).status()).isEqualTo(200);
    Http.Response other = prefill(self, id(106));
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.errorCode()).isEqualTo("FORBIDDEN");
    Http.Response missing = http.get("/api/v1/things/newborn/prefill", "dev-portal");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.errorCode()).isEqualTo("BAD_REQUEST");
    String badCheck = id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0');
    assertThat(prefill("dev-portal", badCheck).status()).isEqualTo(400);
    assertThat(http.get("/api/v1/things/no-such-thing/prefill?idNumber=" + id, "dev-portal").status()).isEqualTo(404);
    assertThat(platform.calls(id(106))).as("a refused call asks nobody").isZero();
  }

  @Test
  void ecertsAreCheckedAndTheHolderMasked() {
    String holder = id(107);
    int before = platform.ecertCalls.get(); // other tests of this class ask the registry too
    for (String token : new String[] {"dev-portal", "dev-hotline", "dev-admin"}) {
      Http.Response r = http.get("/api/v1/ecerts/EC-resident-id-card-" + holder, token);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonObject e = r.json();
      assertThat(e.getBoolean("valid")).isTrue();
      assertThat(e.getString("type")).isEqualTo("resident-id-card");
      assertThat(e.getJsonObject("holder").getString("name")).isEqualTo("张*");
      assertThat(e.getJsonObject("holder").getString("idNumber")).isEqualTo(holder.substring(0, 3) + "*".repeat(11) + holder.substring(14));
      assertThat(e.getString("number")).doesNotContain(holder);
      assertThat(e.getString("issuedBy")).isEqualTo("衡阳市公安局蒸湘分局");
      assertThat(e.getString("validUntil")).isEqualTo("2040-05-01");
    }
    assertThat(platform.ecertCalls.get() - before).as("cached after the first").isEqualTo(1);
    assertThat(http.get("/api/v1/ecerts/EC-unknown-1", "dev-portal").status()).isEqualTo(404);
    assertThat(http.get("/api/v1/ecerts/EC-resident-id-card-" + holder, "dev-dept-health").status()).isEqualTo(403);
    assertThat(http.get("/api/v1/ecerts/EC-resident-id-card-" + holder).status()).isEqualTo(401);
  }

  /** The platform's API as SharedDataClient expects it; population knows parents (not the father's ID), household nobody. */
  private static JsonObject newbornWith(JsonArray materials) {
    JsonObject notice = http.get("/api/v1/things/newborn").json();
    return Submissions.fromNotice(notice, Submissions.idNumber()).put("materials", materials);
  }

  @Test
  void intakeChecksEcertRefsAgainstTheRegistry() {
    String id = newbornWith(new JsonArray()).getJsonObject("form").getString("motherIdNumber");
    JsonArray wrong = new JsonArray()
        .add(new JsonObject().put("code", "parents-id-cards").put("ecertRef", "EC-resident-id-card-" + id))
        .add(new JsonObject().put("code", "household-register").put("ecertRef", "EC-nope-1"))
        .add(new JsonObject().put("code", "marriage-certificate").put("ecertRef", "EC-resident-id-card-" + id));
    Http.Response refused = http.postCase("dev-portal", "ec-" + UUID.randomUUID(), newbornWith(wrong).encode());
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    JsonArray details = refused.json().getJsonObject("error").getJsonArray("details");
    assertThat(details.stream().map(d -> ((JsonObject) d).getString("field")))
        .containsExactlyInAnyOrder("materials.household-register.ecertRef", "materials.marriage-certificate.ecertRef");
    assertThat(refused.body()).contains("unknown e-certificate reference").contains("not marriage-certificate");

    JsonArray right = new JsonArray()
        .add(new JsonObject().put("code", "parents-id-cards").put("ecertRef", "EC-resident-id-card-" + id))
        .add(new JsonObject().put("code", "household-register").put("fileRef", "scan-hukou-1"))
        .add(new JsonObject().put("code", "marriage-certificate").put("fileRef", "scan-marriage-1"));
    Http.Response accepted = http.postCase("dev-portal", "ec-" + UUID.randomUUID(), newbornWith(right).encode());
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);

    platform.down = true;
    JsonArray uncached = right.copy();
    uncached.getJsonObject(0).put("ecertRef", "EC-resident-id-card-" + id(111));
    Http.Response down = http.postCase("dev-portal", "ec-" + UUID.randomUUID(), newbornWith(uncached).encode());
    assertThat(down.status()).as("the registry cannot be asked").isEqualTo(503);
    assertThat(down.errorCode()).isEqualTo("OVERLOADED");
  }

  /**
   * A material's e-certificate must be about whom the catalog's {@code about} names (openapi.yaml,
   * tag Cases): someone else's ID card as the applicant's own is 422 naming the material; the
   * applicant's own files.
   */
  @Test
  void someoneElsesIdCardAsTheApplicantsOwnIsRefusedNamingTheMaterial() {
    JsonObject notice = http.get("/api/v1/things/flexible-employment").json();
    JsonObject applicantIdCard = notice.getJsonArray("materials").stream().map(m -> (JsonObject) m)
        .filter(m -> m.getString("code").equals("applicant-id-card")).findFirst().orElseThrow();
    assertThat(applicantIdCard.getJsonArray("about")).containsExactly("applicant");
    String applicant = id(120);
    JsonObject body = Submissions.fromNotice(notice, applicant);
    JsonArray materials = new JsonArray();
    body.getJsonArray("materials").forEach(o -> materials.add(new JsonObject().put("code", ((JsonObject) o).getString("code"))
        .put("fileRef", "file-" + ((JsonObject) o).getString("code"))));
    assertThat(materials.stream().map(o -> ((JsonObject) o).getString("code"))).contains("applicant-id-card");

    body.put("materials", withEcert(materials, "applicant-id-card", "EC-resident-id-card-" + id(121)));
    Http.Response refused = http.postCase("dev-portal", "holder-" + UUID.randomUUID(), body.encode());
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    JsonArray details = refused.json().getJsonObject("error").getJsonArray("details");
    assertThat(details).hasSize(1);
    assertThat(details.getJsonObject(0).getString("field")).isEqualTo("materials.applicant-id-card.ecertRef");
    assertThat(details.getJsonObject(0).getString("reason")).contains("about someone else").contains("the applicant");

    body.put("materials", withEcert(materials, "applicant-id-card", "EC-resident-id-card-" + applicant));
    Http.Response accepted = http.postCase("dev-portal", "holder-" + UUID.randomUUID(), body.encode());
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
  }

  /** 出生: the parents' ID card must be the mother's or the father's the form names, nobody else's. */
  @Test
  void aParentsIdCardMustBeAParentNamedInTheForm() {
    String father = id(122);
    JsonObject body = newbornWith(new JsonArray()
        .add(new JsonObject().put("code", "parents-id-cards").put("ecertRef", "EC-resident-id-card-" + id(123)))
        .add(new JsonObject().put("code", "household-register").put("fileRef", "scan-hukou-1")));
    body.getJsonObject("form").put("fatherIdNumber", father);
    Http.Response refused = http.postCase("dev-portal", "holder-" + UUID.randomUUID(), body.encode());
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body()).contains("materials.parents-id-cards.ecertRef").contains("form.motherIdNumber or form.fatherIdNumber");

    body.getJsonArray("materials").getJsonObject(0).put("ecertRef", "EC-resident-id-card-" + father);
    Http.Response accepted = http.postCase("dev-portal", "holder-" + UUID.randomUUID(), body.encode());
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
  }

  private static JsonArray withEcert(JsonArray materials, String code, String ecertRef) {
    JsonArray out = new JsonArray();
    materials.forEach(o -> out.add(((JsonObject) o).getString("code").equals(code)
        ? new JsonObject().put("code", code).put("ecertRef", ecertRef) : o));
    return out;
  }

  /** {@code onego_shareddata_cache_total{source, result}}: a miss, then a hit, then stale once past the TTL with the platform down. */
  @Test
  void cacheResultsAreCountedPerSource() throws Exception {
    String id = id(110);
    double miss = cacheCount("population", "miss");
    double hit = cacheCount("population", "hit");
    double stale = cacheCount("population", "stale");
    assertThat(prefill("dev-portal", id).status()).isEqualTo(200);
    assertThat(cacheCount("population", "miss")).isEqualTo(miss + 1);
    assertThat(prefill("dev-portal", id).status()).isEqualTo(200);
    assertThat(cacheCount("population", "hit")).isEqualTo(hit + 1);
    Thread.sleep(2_300); // past ttlSeconds, within staleSeconds
    platform.down = true;
    assertThat(prefill("dev-portal", id).status()).isEqualTo(200);
    assertThat(cacheCount("population", "stale")).isEqualTo(stale + 1);
    assertThat(cacheCount("population", "miss")).as("a stale answer is no miss").isEqualTo(miss + 1);
  }

  private static double cacheCount(String source, String result) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^onego_shareddata_cache_total\\{[^}]*result=\"" + result
        + "\",source=\"" + source + "\"[^}]*} (\\S+)$").matcher(http.get("/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  static final class FakePlatform implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final AtomicInteger ecertCalls = new AtomicInteger();
    volatile boolean down;
    volatile long delayMs;

    FakePlatform() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newCachedThreadPool());
      server.createContext("/", this::handle);
      server.start();
    }

    String url() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    int calls(String id) {
      return calls(id, "population") + calls(id, "household");
    }

    int calls(String id, String source) {
      AtomicInteger n = calls.get(source + "|" + id);
      return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange ex) throws IOException {
      String path = ex.getRequestURI().getPath();
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      try {
        if (delayMs > 0) Thread.sleep(delayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (path.startsWith("/ecerts/")) {
        ecertCalls.incrementAndGet();
        if (down) { reply(ex, 500, "{}"); return; }
        String ref = path.substring("/ecerts/".length());
        if (!ref.startsWith("EC-resident-id-card-")) { reply(ex, 404, "{}"); return; }
        String number = ref.substring("EC-resident-id-card-".length());
        reply(ex, 200, new JsonObject().put("valid", true).put("type", "resident-id-card").put("number", number)
            .put("holderName", "张伟").put("holderIdNumber", number).put("issuedBy", "衡阳市公安局蒸湘分局")
            .put("validUntil", "2040-05-01").encode());
        return;
      }
      String[] parts = path.split("/"); // "", sources, <source>, query
      String source = parts.length > 2 ? parts[2] : "";
      JsonObject query = new JsonObject(body);
      String creditCode = query.getString("creditCode");
      String about = query.getString("about");
      String id = creditCode != null ? creditCode : query.getString("idNumber");
      calls.computeIfAbsent(source + "|" + id, k -> new AtomicInteger()).incrementAndGet();
      if (down) { reply(ex, 503, "{}"); return; }
      if (creditCode != null) { // an enterprise: the market-entity register knows it, unless its sequence is 999
        if (!source.equals("market-entity") || creditCode.substring(14, 17).equals("999")) { reply(ex, 404, "{}"); return; }
        reply(ex, 200, new JsonObject().put("data", new JsonObject().put("enterpriseName", "衡阳市恒通商贸有限公司").put("creditCode", creditCode)
            .put("legalRepresentativeName", "陈伟").put("legalRepresentativeIdNumber", "430102197001011233")
            .put("industryCategory", "批发和零售业")).encode());
        return;
      }
      if (about != null) { // the person a form field names, from their own record
        if (id.substring(14, 17).equals("999")) { reply(ex, 404, "{}"); return; }
        JsonObject own = switch (source + "|" + about) {
          case "population|deceasedIdNumber" -> new JsonObject().put("deceasedName", "周建国");
          case "household|deceasedIdNumber" -> new JsonObject().put("deceasedHouseholdAddress", "湖南省衡阳市蒸湘区船山大道1号");
          case "population|motherIdNumber" -> new JsonObject().put("motherName", "吴芳");
          default -> null;
        };
        if (own == null) reply(ex, 404, "{}");
        else reply(ex, 200, new JsonObject().put("data", own).encode());
        return;
      }
      if (id.substring(14, 17).equals("999") || !source.equals("population")) { reply(ex, 404, "{}"); return; }
      reply(ex, 200, new JsonObject().put("data", new JsonObject().put("motherName", "李娜")
          .put("motherIdNumber", "430102196501011224").put("fatherName", "张伟")).encode());
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(status, b.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      } catch (IOException ignored) {
        // the client gave up (timeout)
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
