package onego.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * Department systems in pull mode (openapi.yaml, tag Departments): for every pull department,
 * {@code consumers} workers long-poll for items, ack each lease and report ACCEPTED then
 * COMPLETED (with what the item {@code produces}, when the notice says so), each report with its
 * own {@code eventId}. Meanwhile channels submit the things whose items go to those departments,
 * so there is work to pull. Run it against a node whose simulated departments are off
 * ({@code devsim: {enabled: false}}), or they pull the same items.
 *
 * <p>System properties: {@code baseUrl}, {@code token} (channel key, dev-portal), {@code submitRate}
 * cases/s (20), {@code seconds} (60), {@code consumers} per department (4), {@code limit} items
 * per lease (10), {@code waitSeconds} long poll (2), {@code p99Ms} (2000 + the long poll), {@code maxFailedPercent} (1).
 * Department tokens are {@code dev-dept-<code>} (the dev profile's keys) unless {@code deptTokenPrefix} says otherwise.
 */
public class DepartmentsSimulation extends Simulation {
  static final int SUBMIT_RATE = Integer.getInteger("submitRate", 20);
  static final int SECONDS = Integer.getInteger("seconds", 60);
  static final int CONSUMERS = Integer.getInteger("consumers", 4);
  static final int LIMIT = Integer.getInteger("limit", 10);
  static final int WAIT_SECONDS = Integer.getInteger("waitSeconds", 2);
  static final int P99_MS = Integer.getInteger("p99Ms", 2000 + 1000 * WAIT_SECONDS);
  static final double MAX_FAILED_PERCENT = Double.parseDouble(System.getProperty("maxFailedPercent", "1"));
  static final String DEPT_TOKEN_PREFIX = System.getProperty("deptTokenPrefix", "dev-dept-");

  static final List<String> PULL_DEPARTMENTS = pullDepartments();
  /** Things with at least one item for a pull department, and their templates. */
  static final Map<String, String> TEMPLATES;
  /** thing/itemCode → the result a COMPLETED report carries. */
  static final Map<String, String> RESULTS = new HashMap<>();

  static {
    List<String> things = new ArrayList<>();
    for (JsonNode t : OneGo.get("/things", null).get("things")) {
      boolean pull = false;
      for (JsonNode i : t.get("items")) pull |= PULL_DEPARTMENTS.contains(i.get("department").asText());
      if (pull) things.add(t.get("code").asText());
    }
    TEMPLATES = OneGo.templates(things);
    for (String thing : TEMPLATES.keySet()) {
      for (JsonNode item : OneGo.get("/things/" + thing, null).get("items")) {
        RESULTS.put(thing + "/" + item.get("code").asText(), result(item.path("produces")));
      }
    }
  }

  static List<String> pullDepartments() {
    List<String> out = new ArrayList<>();
    for (JsonNode d : OneGo.get("/departments", null).get("departments")) {
      if (d.get("dispatchMode").asText().equals("pull")) out.add(d.get("code").asText());
    }
    if (out.isEmpty()) throw new IllegalStateException("the node has no pull department");
    return out;
  }

  /** Certificates (entries with a type) and values (entries with a name) the item declares it produces. */
  static String result(JsonNode produces) {
    ObjectNode r = new ObjectMapper().createObjectNode();
    r.putArray("certificates");
    r.putObject("values");
    for (JsonNode p : produces) {
      if (p.has("type")) ((com.fasterxml.jackson.databind.node.ArrayNode) r.get("certificates")).addObject()
          .put("type", p.get("type").asText()).put("number", "LOAD-" + OneGo.RUN);
      else if (p.has("name")) ((ObjectNode) r.get("values")).put(p.get("name").asText(), "load-" + OneGo.RUN);
      else if (p.isTextual()) ((ObjectNode) r.get("values")).put(p.asText(), "load-" + OneGo.RUN);
    }
    return r.toString();
  }

  static final Random RANDOM = new Random();
  static final List<String> TAKEN = List.copyOf(TEMPLATES.keySet());

  static final HttpProtocolBuilder PROTOCOL = http.baseUrl(OneGo.BASE_URL).acceptHeader("application/json")
      .contentTypeHeader("application/json").userAgentHeader("onego-load/Departments").warmUp(OneGo.BASE_URL + "/health/live")
      .shareConnections();

  static final ScenarioBuilder SUBMIT = scenario("channels submit")
      .feed(Stream.generate(() -> {
        String thing = TAKEN.get(RANDOM.nextInt(TAKEN.size()));
        return OneGo.fill(thing, TEMPLATES.get(thing)).session();
      }).iterator())
      .exec(http("POST /cases").post("/api/v1/cases").header("Authorization", "Bearer " + OneGo.CHANNEL_TOKEN)
          .header("Idempotency-Key", "#{idemKey}").body(StringBody("#{body}")).check(status().is(201)));

  static String report(Session s, String status) {
    String key = s.getString("thing") + "/" + s.getString("code");
    String result = status.equals("COMPLETED") ? ", \"result\": " + RESULTS.getOrDefault(key, "{}") : "";
    return "{\"status\": \"" + status + "\", \"note\": \"load\", \"eventId\": \"" + UUID.randomUUID() + "\"" + result + "}";
  }

  static ChainBuilder reportStatus(String status) {
    return exec(http("POST .../status " + status).post("/api/v1/departments/#{dept}/items/#{itemId}/status")
        .header("Authorization", "Bearer " + DEPT_TOKEN_PREFIX + "#{dept}")
        .body(StringBody(s -> report(s, status))).check(status().is(200)));
  }

  static Session pick(Session s, int i) {
    return s.set("itemId", s.getList("itemIds").get(i)).set("leaseId", s.getList("leaseIds").get(i))
        .set("type", s.getList("types").get(i)).set("thing", s.getList("things").get(i)).set("code", s.getList("codes").get(i));
  }

  static final ChainBuilder WORK_ONE = exec(s -> pick(s, s.getInt("i")))
      .exec(http("POST .../ack").post("/api/v1/departments/#{dept}/items/#{itemId}/ack")
          .header("Authorization", "Bearer " + DEPT_TOKEN_PREFIX + "#{dept}")
          .body(StringBody("{\"leaseId\": \"#{leaseId}\"}")).check(status().is(200)))
      .doIf(s -> "work".equals(s.getString("type"))).then(reportStatus("ACCEPTED").exec(reportStatus("COMPLETED")));

  static final ScenarioBuilder CONSUME = scenario("departments pull")
      .feed(Stream.iterate(0, n -> n + 1).map(n -> Map.<String, Object>of("dept", PULL_DEPARTMENTS.get(n % PULL_DEPARTMENTS.size())))
          .iterator())
      .during(SECONDS).on(
          exec(http("GET /departments/{code}/items (lease)")
              .get("/api/v1/departments/#{dept}/items?limit=" + LIMIT + "&waitSeconds=" + WAIT_SECONDS)
              .header("Authorization", "Bearer " + DEPT_TOKEN_PREFIX + "#{dept}")
              .check(status().is(200),
                  jsonPath("$.items[*].itemId").findAll().optional().saveAs("itemIds"),
                  jsonPath("$.items[*].leaseId").findAll().optional().saveAs("leaseIds"),
                  jsonPath("$.items[*].type").findAll().optional().saveAs("types"),
                  jsonPath("$.items[*].thing").findAll().optional().saveAs("things"),
                  jsonPath("$.items[*].item.code").findAll().optional().saveAs("codes")))
              .doIf(s -> s.contains("itemIds")).then(foreach("#{itemIds}", "ignored", "i").on(WORK_ONE))
              .exec(s -> s.remove("itemIds")));

  static final List<Assertion> ASSERTIONS = List.of(
      global().failedRequests().percent().lte(MAX_FAILED_PERCENT),
      global().responseTime().percentile(99.0).lt(P99_MS),
      details("POST .../ack").failedRequests().percent().lte(MAX_FAILED_PERCENT));

  {
    setUp(
        SUBMIT.injectOpen(constantUsersPerSec(SUBMIT_RATE).during(SECONDS)),
        CONSUME.injectOpen(atOnceUsers(CONSUMERS * PULL_DEPARTMENTS.size())))
        .protocols(PROTOCOL).assertions(ASSERTIONS);
  }
}
