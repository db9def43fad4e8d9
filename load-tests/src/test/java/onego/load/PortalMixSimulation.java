package onego.load;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * What a portal back end sends on behalf of its visitors, in realistic shares: every visitor reads
 * the catalog (themes, a list, the one-time notice); {@code prefillPercent} of them ask for prefill;
 * {@code submitPercent} submit, then poll their case's status {@code polls} times, and
 * {@code ssePercent} of those who submitted follow its progress events over SSE for a while.
 *
 * <p>System properties: {@code baseUrl}, {@code token} (channel key, dev-portal), {@code visitors}
 * per second (100), {@code rampSeconds} (10), {@code seconds} (60), {@code submitPercent} (30),
 * {@code prefillPercent} (20; needs the shared-data platform, which the dev profile simulates),
 * {@code polls} (3), {@code pollPauseMs} (1000), {@code ssePercent} (30), {@code sseSeconds} (5),
 * {@code things} (comma-separated, default the 13 of the national list), {@code p99Ms} (1000), {@code maxFailedPercent} (1).
 */
public class PortalMixSimulation extends Simulation {
  static final int VISITORS = Integer.getInteger("visitors", 100);
  static final int RAMP_SECONDS = Integer.getInteger("rampSeconds", 10);
  static final int SECONDS = Integer.getInteger("seconds", 60);
  static final int SUBMIT_PERCENT = Integer.getInteger("submitPercent", 30);
  static final int PREFILL_PERCENT = Integer.getInteger("prefillPercent", 20);
  static final int POLLS = Integer.getInteger("polls", 3);
  static final int POLL_PAUSE_MS = Integer.getInteger("pollPauseMs", 1000);
  static final int SSE_PERCENT = Integer.getInteger("ssePercent", 30);
  static final int SSE_SECONDS = Integer.getInteger("sseSeconds", 5);
  static final int P99_MS = Integer.getInteger("p99Ms", 1000);
  static final double MAX_FAILED_PERCENT = Double.parseDouble(System.getProperty("maxFailedPercent", "1"));
  static final List<String> THINGS = System.getProperty("things") == null ? OneGo.NATIONAL_THINGS
      : List.of(System.getProperty("things").split(","));

  static final Map<String, String> TEMPLATES = OneGo.templates(THINGS);
  static final List<String> TAKEN = List.copyOf(TEMPLATES.keySet());
  static final Random RANDOM = new Random();

  static final HttpProtocolBuilder PROTOCOL = http.baseUrl(OneGo.BASE_URL).acceptHeader("application/json")
      .authorizationHeader("Bearer " + OneGo.CHANNEL_TOKEN).userAgentHeader("onego-load/PortalMix")
      .warmUp(OneGo.BASE_URL + "/health/live").shareConnections();

  static final ChainBuilder CATALOG = exec(
      http("GET /themes").get("/api/v1/themes").check(status().is(200), jsonPath("$.themes[0].code").exists()),
      http("GET /things?lifecycle=").get("/api/v1/things?lifecycle=personal").check(status().is(200)),
      http("GET /things/{code}").get("/api/v1/things/#{thing}").check(status().is(200), jsonPath("$.code").isEL("#{thing}")));

  static final ChainBuilder PREFILL = exec(http("GET /things/{code}/prefill").get("/api/v1/things/#{thing}/prefill")
      .queryParam("idNumber", "#{idNumber}").check(status().is(200), jsonPath("$.fields").exists()));

  static final ChainBuilder FOLLOW = exec(
      sse("SSE /cases/{id}/events").get("/api/v1/cases/#{caseId}/events?after=0")
          .await(Duration.ofSeconds(SSE_SECONDS)).on(sse.checkMessage("first event").check(jsonPath("$.id").exists())),
      pause(Duration.ofSeconds(SSE_SECONDS)),
      sse("SSE close").close());

  static final ChainBuilder SUBMIT_AND_WATCH = exec(http("POST /cases").post("/api/v1/cases")
      .header("Idempotency-Key", "#{idemKey}").header("Content-Type", "application/json").body(StringBody("#{body}"))
      .check(status().is(201), jsonPath("$.caseId").saveAs("caseId")))
      .repeat(POLLS).on(pause(Duration.ofMillis(POLL_PAUSE_MS))
          .exec(http("GET /cases/{id}").get("/api/v1/cases/#{caseId}").check(status().is(200), jsonPath("$.status").exists())))
      .randomSwitch().on(percent(SSE_PERCENT).then(FOLLOW));

  static final ScenarioBuilder VISIT = scenario("portal visitor")
      .feed(Stream.generate(() -> {
        String thing = TAKEN.get(RANDOM.nextInt(TAKEN.size()));
        return OneGo.fill(thing, TEMPLATES.get(thing)).session();
      }).iterator())
      .exec(CATALOG)
      .randomSwitch().on(percent(PREFILL_PERCENT).then(PREFILL))
      .randomSwitch().on(percent(SUBMIT_PERCENT).then(SUBMIT_AND_WATCH));

  static final List<Assertion> ASSERTIONS = List.of(
      global().failedRequests().percent().lte(MAX_FAILED_PERCENT),
      global().responseTime().percentile(99.0).lt(P99_MS));

  {
    setUp(VISIT.injectOpen(rampUsersPerSec(1).to(VISITORS).during(Math.max(1, RAMP_SECONDS)), constantUsersPerSec(VISITORS).during(SECONDS)))
        .protocols(PROTOCOL).assertions(ASSERTIONS);
  }
}
