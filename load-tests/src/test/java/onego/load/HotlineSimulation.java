package onego.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * The 12345 hotline: seats look cases up by case id, by the applicant's ID number and by phone
 * (openapi.yaml, tag Hotline) at a high rate. Before the load, {@code seedCases} newborn cases are
 * submitted; the look-ups then pick among them. Every answer must be 200 and masked: the ID number
 * a caller gave never comes back in clear.
 *
 * <p>System properties: {@code baseUrl}, {@code token} (channel key for the seed, dev-portal),
 * {@code hotlineToken} (dev-hotline), {@code rate} look-ups/s (2000), {@code rampSeconds} (10),
 * {@code seconds} (60), {@code seedCases} (200), {@code byCasePercent} (60), {@code byIdPercent}
 * (25; the rest by phone), {@code p99Ms} (20: the target), {@code maxFailedPercent} (0.1).
 * The node's hotline rate limit (200/s per token by default) must be lifted for rates above it.
 */
public class HotlineSimulation extends Simulation {
  static final String TOKEN = System.getProperty("hotlineToken", "dev-hotline");
  static final int RATE = Integer.getInteger("rate", 2000);
  static final int RAMP_SECONDS = Integer.getInteger("rampSeconds", 10);
  static final int SECONDS = Integer.getInteger("seconds", 60);
  static final int SEED_CASES = Integer.getInteger("seedCases", 200);
  static final int BY_CASE = Integer.getInteger("byCasePercent", 60);
  static final int BY_ID = Integer.getInteger("byIdPercent", 25);
  static final int P99_MS = Integer.getInteger("p99Ms", 20);
  static final double MAX_FAILED_PERCENT = Double.parseDouble(System.getProperty("maxFailedPercent", "0.1"));

  /** caseId, idNumber, phone of each seeded case. */
  static final List<Map<String, Object>> SEEDED = seed();
  static final Random RANDOM = new Random();

  static List<Map<String, Object>> seed() {
    String template = OneGo.templates(List.of("newborn")).get("newborn");
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < SEED_CASES; i++) {
      OneGo.Submission s = OneGo.fill("newborn", template);
      JsonNode created = OneGo.submitNow(s);
      if (created != null) out.add(Map.of("caseId", created.get("caseId").asText(), "idNumber", s.idNumber(), "phone", s.phone(),
          "idTail", s.idNumber().substring(14)));
    }
    if (out.isEmpty()) throw new IllegalStateException("no case could be seeded");
    return out;
  }

  static final HttpProtocolBuilder PROTOCOL = http.baseUrl(OneGo.BASE_URL).acceptHeader("application/json")
      .authorizationHeader("Bearer " + TOKEN).userAgentHeader("onego-load/Hotline").warmUp(OneGo.BASE_URL + "/health/live")
      .shareConnections();

  static final ScenarioBuilder LOOKUP = scenario("hotline look-up")
      .feed(Stream.generate(() -> SEEDED.get(RANDOM.nextInt(SEEDED.size()))).iterator())
      .randomSwitch().on(
          percent(BY_CASE).then(exec(http("GET /hotline/cases/{caseId}").get("/api/v1/hotline/cases/#{caseId}").check(
              status().is(200), jsonPath("$.caseId").isEL("#{caseId}"), substring("#{idNumber}").notExists()))),
          percent(BY_ID).then(exec(http("GET /hotline/cases?idNumber=").get("/api/v1/hotline/cases").queryParam("idNumber", "#{idNumber}")
              .check(status().is(200), jsonPath("$.cases[0].caseId").exists(), substring("#{idNumber}").notExists()))),
          percent(100.0 - BY_CASE - BY_ID).then(exec(http("GET /hotline/cases?phone=").get("/api/v1/hotline/cases")
              .queryParam("phone", "#{phone}").check(status().is(200), jsonPath("$.cases[0].caseId").exists(),
                  substring("#{phone}").notExists()))));

  static final List<Assertion> ASSERTIONS = List.of(
      global().failedRequests().percent().lte(MAX_FAILED_PERCENT),
      global().responseTime().percentile(99.0).lte(P99_MS));

  {
    setUp(LOOKUP.injectOpen(rampUsersPerSec(1).to(RATE).during(Math.max(1, RAMP_SECONDS)), constantUsersPerSec(RATE).during(SECONDS)))
        .protocols(PROTOCOL).assertions(ASSERTIONS);
  }
}
