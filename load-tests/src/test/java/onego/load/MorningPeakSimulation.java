package onego.load;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * 9 a.m. on a working day (DESIGN "Scale on paper"): submissions ramp up to a target rate across
 * the 13 things of the national basic list, each body built from the thing's own notice. Portals
 * behave as the contract asks: a 503 is retried with the same Idempotency-Key after its
 * {@code Retry-After}; and {@code retryPercent} of submissions are sent again with the same key at
 * once, as a portal does after its own timeout. Every retry must answer the first case again
 * (201, {@code Idempotency-Replayed: true}, the same caseId) or, while the first is still being
 * written, 409 IDEMPOTENCY_IN_PROGRESS and then the replay: never a second case.
 *
 * <p>System properties: {@code baseUrl}, {@code token} (dev-portal), {@code rate} submissions/s at
 * the peak (300), {@code rampSeconds} from 1/s to the peak (60), {@code seconds} held at the peak
 * (120), {@code retryPercent} (10), {@code things} (comma-separated, default the 13), {@code p99Ms}
 * bound on the 99th percentile (1000), {@code maxFailedPercent} (1).
 */
public class MorningPeakSimulation extends Simulation {
  static final int RATE = Integer.getInteger("rate", 300);
  static final int RAMP_SECONDS = Integer.getInteger("rampSeconds", 60);
  static final int SECONDS = Integer.getInteger("seconds", 120);
  static final int RETRY_PERCENT = Integer.getInteger("retryPercent", 10);
  static final int P99_MS = Integer.getInteger("p99Ms", 1000);
  static final double MAX_FAILED_PERCENT = Double.parseDouble(System.getProperty("maxFailedPercent", "1"));
  static final List<String> THINGS = System.getProperty("things") == null ? OneGo.NATIONAL_THINGS
      : List.of(System.getProperty("things").split(","));

  static final Map<String, String> TEMPLATES = OneGo.templates(THINGS);
  static final List<String> TAKEN = List.copyOf(TEMPLATES.keySet());
  static final Random RANDOM = new Random();
  static final Iterator<Map<String, Object>> SUBMISSIONS = Stream.generate(() -> {
    String thing = TAKEN.get(RANDOM.nextInt(TAKEN.size()));
    Map<String, Object> s = OneGo.fill(thing, TEMPLATES.get(thing)).session();
    s.put("retry", RANDOM.nextInt(100) < RETRY_PERCENT);
    return s;
  }).iterator();

  static final HttpProtocolBuilder PROTOCOL = http.baseUrl(OneGo.BASE_URL).acceptHeader("application/json")
      .userAgentHeader("onego-load/MorningPeak").warmUp(OneGo.BASE_URL + "/health/live").shareConnections();

  static HttpRequestActionBuilder post(String name) {
    return http(name).post("/api/v1/cases")
        .header("Authorization", "Bearer " + OneGo.CHANNEL_TOKEN)
        .header("Idempotency-Key", "#{idemKey}")
        .header("Content-Type", "application/json")
        .body(StringBody("#{body}"));
  }

  /** Retry-After of a 503, in seconds (contract: always present on 503). */
  static Duration retryAfter(Session s) {
    return Duration.ofSeconds(Long.parseLong(s.getString("retryAfter")));
  }

  /** First attempt; 503 (overloaded) is an answer a portal handles, so it does not fail the request. */
  static final ChainBuilder FIRST = exec(post("POST /cases").check(
      status().in(201, 503).saveAs("status"),
      jsonPath("$.caseId").optional().saveAs("caseId"),
      header("Retry-After").optional().saveAs("retryAfter")));

  /** After 503: wait Retry-After, send the same again, until it is taken (at most 5 times). */
  static final ChainBuilder AFTER_503 = asLongAs(s -> s.getInt("status") == 503 && s.getInt("tries") < 5, "tries").on(
      pause(MorningPeakSimulation::retryAfter).exec(post("POST /cases (after 503, same key)").check(
          status().in(201, 503).saveAs("status"),
          jsonPath("$.caseId").optional().saveAs("caseId"),
          header("Retry-After").optional().saveAs("retryAfter"))));

  /** The portal timed out on a request that was taken: the same again must be the same case. */
  static final ChainBuilder AFTER_TIMEOUT = exec(s -> s.set("replayed", false)).asLongAs(s -> !s.getBoolean("replayed"), "replays").on(
      exec(post("POST /cases (after timeout, same key)")
          .check(status().in(201, 409).saveAs("replayStatus"))
          .checkIf((r, s) -> r.status().code() == 201).then(
              header("Idempotency-Replayed").is("true"),
              jsonPath("$.caseId").isEL("#{caseId}")))
          .exec(s -> s.set("replayed", s.getInt("replayStatus") == 201 || s.getInt("replays") >= 10))
          .doIf(s -> !s.getBoolean("replayed")).then(pause(Duration.ofMillis(200))));

  static final ScenarioBuilder SUBMIT = scenario("morning peak")
      .feed(SUBMISSIONS)
      .exec(FIRST)
      .exec(AFTER_503)
      .doIf(s -> s.getBoolean("retry") && s.getInt("status") == 201).then(AFTER_TIMEOUT);

  /** A replay that answered another case (a duplicate) fails its request; those must be none at all. */
  static final List<Assertion> ASSERTIONS = RETRY_PERCENT == 0
      ? List.of(global().failedRequests().percent().lte(MAX_FAILED_PERCENT), global().responseTime().percentile(99.0).lt(P99_MS))
      : List.of(global().failedRequests().percent().lte(MAX_FAILED_PERCENT), global().responseTime().percentile(99.0).lt(P99_MS),
          details("POST /cases (after timeout, same key)").failedRequests().count().is(0L));

  {
    setUp(SUBMIT.injectOpen(
        rampUsersPerSec(1).to(RATE).during(Math.max(1, RAMP_SECONDS)),
        constantUsersPerSec(RATE).during(SECONDS)))
        .protocols(PROTOCOL).assertions(ASSERTIONS);
  }
}
