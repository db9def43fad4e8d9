package onego.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * Peak intake: an open model of channel back ends posting 新生儿出生"一件事" submissions at a constant
 * arrival rate, plus a small share of retries of the same submission (must replay, not duplicate)
 * and catalog reads (portals showing the one-time notice).
 *
 * <p>System properties: {@code baseUrl} (http://localhost:8080), {@code token} (dev-portal),
 * {@code rate} new submissions per second (200), {@code seconds} at that rate (30),
 * {@code rampSeconds} ramp from 1/s to {@code rate} before it (0), {@code replayPercent} share of
 * submissions that are also retried with the same key and body (5), {@code catalogPercent}
 * catalog reads per 100 submissions (10), {@code p99Ms} bound on the 99th percentile (2000).
 *
 * <p>The body is built once, at start, from GET /api/v1/things/newborn exactly as a portal would
 * (every required field, every non-waivable material); each submission then gets its own
 * Idempotency-Key and its own valid resident ID numbers (GB 11643 checksum computed here).
 */
public class IntakePeakSimulation extends Simulation {

  static final String BASE_URL = System.getProperty("baseUrl", "http://localhost:8080");
  static final String TOKEN = System.getProperty("token", "dev-portal");
  static final String THING = System.getProperty("thing", "newborn");
  static final int RATE = Integer.getInteger("rate", 200);
  static final int SECONDS = Integer.getInteger("seconds", 30);
  static final int RAMP_SECONDS = Integer.getInteger("rampSeconds", 0);
  static final int REPLAY_PERCENT = Integer.getInteger("replayPercent", 5);
  static final int CATALOG_PERCENT = Integer.getInteger("catalogPercent", 10);
  static final int P99_MS = Integer.getInteger("p99Ms", 2000);

  // ---- data: unique keys, distinct valid resident IDs, the body template from the notice ----

  static final String RUN = Long.toString(System.currentTimeMillis(), 36);
  static final AtomicLong SEQ = new AtomicLong();
  static final String ID_PLACEHOLDER = "@@APPLICANT_ID@@";
  static final String ID2_PLACEHOLDER = "@@SECOND_ID@@";
  static final String BODY_TEMPLATE = bodyTemplate(fetchNotice());

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String CHECK = "10X98765432";
  private static final LocalDate EPOCH = LocalDate.of(1985, 1, 1);

  /** GB 11643 check character for the first 17 digits. */
  static char checkChar(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * WEIGHTS[i];
    return CHECK.charAt(sum % 11);
  }

  /** The n-th distinct resident ID of a region: 1000 sequence numbers per birth day, days counted from 1985-01-01. */
  static String idNumber(String region, long n) {
    String first17 = region + EPOCH.plusDays(n / 1000).toString().replace("-", "") + String.format("%03d", n % 1000);
    return first17 + checkChar(first17);
  }

  static Map<String, Object> nextSubmission() {
    long n = SEQ.getAndIncrement();
    String mother = idNumber("430102", n);
    String father = idNumber("430405", n);
    return Map.of(
        "idemKey", "load-" + RUN + "-" + n,
        "idNumber", mother,
        "body", BODY_TEMPLATE.replace(ID_PLACEHOLDER, mother).replace(ID2_PLACEHOLDER, father));
  }

  static final Iterator<Map<String, Object>> SUBMISSIONS = Stream.generate(IntakePeakSimulation::nextSubmission).iterator();

  static JsonNode fetchNotice() {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(BASE_URL + "/api/v1/things/" + THING)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IllegalStateException("GET /things/" + THING + " answered " + r.statusCode());
      return new ObjectMapper().readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the notice from " + BASE_URL + " (is OneGo running?)", e);
    }
  }

  /** Every required form field, every non-waivable material (e-certificate, file or commitment), first delivery method. */
  static String bodyTemplate(JsonNode notice) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode form = json.createObjectNode();
    JsonNode schema = notice.get("form");
    List<String> required = new ArrayList<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    schema.get("properties").fields().forEachRemaining(f -> {
      if (required.contains(f.getKey())) form.set(f.getKey(), json.valueToTree(value(f.getKey(), f.getValue())));
    });
    ArrayNode materials = json.createArrayNode();
    ArrayNode commitments = json.createArrayNode();
    for (JsonNode m : notice.get("materials")) {
      if (m.path("waivable").asBoolean()) continue;
      String code = m.get("code").asText();
      if (issuedInTheCase(notice, m)) continue; // 一次联办: an earlier item of the case issues it (fromItem)
      if (m.path("commitmentAllowed").asBoolean()) commitments.add(code);
      // EC-<type>-<number>: what the dev profile's simulated e-certificate registry recognises
      else if (m.hasNonNull("ecertType")) materials.addObject().put("code", code).put("ecertRef", "EC-" + m.get("ecertType").asText() + "-2026-0001");
      else materials.addObject().put("code", code).put("fileRef", "file-" + code);
    }
    ObjectNode body = json.createObjectNode().put("thing", notice.get("code").asText());
    body.putObject("applicant").put("type", "person").put("idNumber", ID_PLACEHOLDER).put("name", "李晓红").put("phone", "13973412345");
    body.set("form", form);
    body.set("materials", materials);
    body.set("commitments", commitments);
    String method = notice.get("deliveryMethods").get(0).asText();
    ObjectNode delivery = body.putObject("delivery").put("method", method);
    if (method.equals("ems") || method.equals("locker")) delivery.put("address", "湖南省衡阳市蒸湘区解放大道1号");
    return body.toString();
  }

  static Object value(String name, JsonNode p) {
    if (p.has("enum")) return p.get("enum").get(0);
    String type = p.path("type").asText();
    String format = p.path("format").asText(null);
    if (type.equals("integer")) return p.has("minimum") ? (long) Math.ceil(p.get("minimum").asDouble()) : 1;
    if (type.equals("number")) return p.has("minimum") ? p.get("minimum").asDouble() : 1.5;
    if (type.equals("boolean")) return true;
    if (format != null) {
      switch (format) {
        case "id-number": return name.toLowerCase().contains("father") ? ID2_PLACEHOLDER : ID_PLACEHOLDER;
        case "phone": return "13973412345";
        case "email": return "li.xiaohong@example.cn";
        case "date": return "2026-11-02";
        case "date-time": return "2026-11-02T08:30:00+08:00";
        default: break;
      }
    }
    if (p.has("pattern")) {
      for (String c : List.of("123456789012", "2026-11", "ABCD1234")) if (c.matches(p.get("pattern").asText())) return c;
      throw new IllegalStateException("no load-test value matches the pattern of " + name);
    }
    return "测".repeat(Math.max(3, p.path("minLength").asInt(1)));
  }

  // ---- protocol, requests, scenarios ----

  static final HttpProtocolBuilder PROTOCOL = http
      .baseUrl(BASE_URL)
      .acceptHeader("application/json")
      .userAgentHeader("onego-load/IntakePeakSimulation")
      .warmUp(BASE_URL + "/health/live")
      // Channel back ends keep a connection pool; one TCP connection per virtual user would measure the handshake.
      .shareConnections();

  static HttpRequestActionBuilder post(String name) {
    return http(name).post("/api/v1/cases")
        .header("Authorization", "Bearer " + TOKEN)
        .header("Idempotency-Key", "#{idemKey}")
        .header("Content-Type", "application/json")
        .body(StringBody("#{body}"));
  }

  static final ScenarioBuilder SUBMIT = scenario("submit")
      .feed(SUBMISSIONS)
      .exec(post("POST /cases").check(status().is(201), header("Location").exists(), jsonPath("$.items[4].itemId").exists()));

  static final ScenarioBuilder SUBMIT_AND_RETRY = scenario("submit and retry")
      .feed(SUBMISSIONS)
      .exec(post("POST /cases (first)").check(status().is(201), jsonPath("$.caseId").saveAs("caseId")))
      .exitHereIfFailed() // a refused first attempt (503) created nothing: its retry would be a first submission
      .exec(post("POST /cases (retry)").check(
          status().is(201),
          header("Idempotency-Replayed").is("true"),
          jsonPath("$.caseId").isEL("#{caseId}")));

  static final ScenarioBuilder CATALOG = scenario("catalog")
      .exec(http("GET /things/" + THING).get("/api/v1/things/" + THING).check(status().is(200), jsonPath("$.code").is(THING)));

  static OpenInjectionStep[] arrivals(double perSecond) {
    List<OpenInjectionStep> steps = new ArrayList<>();
    if (RAMP_SECONDS > 0) steps.add(rampUsersPerSec(Math.min(1, perSecond)).to(perSecond).during(RAMP_SECONDS));
    steps.add(constantUsersPerSec(perSecond).during(SECONDS));
    return steps.toArray(new OpenInjectionStep[0]);
  }

  static final List<PopulationBuilder> POPULATIONS = populations();

  static List<PopulationBuilder> populations() {
    List<PopulationBuilder> p = new ArrayList<>();
    double retried = RATE * REPLAY_PERCENT / 100.0;
    double catalog = RATE * CATALOG_PERCENT / 100.0;
    p.add(SUBMIT.injectOpen(arrivals(RATE - retried)));
    if (retried > 0) p.add(SUBMIT_AND_RETRY.injectOpen(arrivals(retried)));
    if (catalog > 0) p.add(CATALOG.injectOpen(arrivals(catalog)));
    return p;
  }

  static final List<Assertion> ASSERTIONS = List.of(
      global().failedRequests().percent().lt(1.0),
      global().responseTime().percentile(99.0).lt(P99_MS));

  {
    setUp(POPULATIONS).protocols(PROTOCOL).assertions(ASSERTIONS);
  }

  /** Whether every item that uses material {@code m} receives it from an earlier item of the thing ({@code fromItem}). */
  static boolean issuedInTheCase(JsonNode notice, JsonNode m) {
    List<String> users = new ArrayList<>();
    m.path("usedBy").forEach(u -> users.add(u.asText()));
    if (users.isEmpty()) return false;
    for (JsonNode item : notice.get("items")) {
      if (users.contains(item.path("code").asText()) && !item.path("fromItem").has(m.get("code").asText())) return false;
    }
    return true;
  }
}
