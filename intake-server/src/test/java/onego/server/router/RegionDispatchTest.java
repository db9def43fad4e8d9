package onego.server.router;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Await;
import onego.server.support.FakeDepartment;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static onego.server.router.RouterFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dispatch per (department, region) (就近办, 全市通办; 湖南方案 四(一)): health has offices of its own for
 * 珠晖区 (430405) and 耒阳市 (430481); every other region (and the city) goes to health's own endpoint.
 * Each case of 新生儿出生 releases two health items at once.
 */
class RegionDispatchTest {
  private static final String ZHUHUI = "430405";
  private static final String LEIYANG = "430481";
  private static final String NANYUE = "430412"; // no office of its own

  @BeforeEach
  void reset() {
    TestServices.resetTables();
  }

  private static String offices(FakeDepartment city, String zhuhui, String leiyang) {
    return "departments:\n  health:\n    mode: push\n    endpoint: \"" + city.url() + "\"\n    secret: \"" + Overlays.SECRET + "\"\n"
        + "    maxInFlight: 4\n    timeoutMs: 5000\n    maxAttempts: 3\n    retrySchedule: [50ms, 100ms, 200ms]\n"
        + "    regions:\n"
        + "      \"" + ZHUHUI + "\": " + zhuhui + "\n"
        + "      \"" + LEIYANG + "\": " + leiyang + "\n";
  }

  private static JsonObject file(Http http, String region) {
    JsonObject body = Submissions.fromNotice(http.get("/api/v1/things/newborn").json(), Submissions.idNumber());
    if (region != null) body.put("region", region);
    Http.Response r = http.postCase("dev-window", "r-" + System.nanoTime(), body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private static Set<String> caseIds(FakeDepartment d) {
    return d.received().stream().map(r -> r.json().getString("caseId")).collect(Collectors.toSet());
  }

  private static Set<String> regions(FakeDepartment d) {
    return d.received().stream().map(r -> r.json().getString("region")).collect(Collectors.toSet());
  }

  private static List<String> healthItems(JsonObject kase) {
    return kase.getJsonArray("items").stream().map(o -> (JsonObject) o).filter(i -> i.getString("department").equals("health"))
        .map(i -> i.getString("itemId")).toList();
  }

  /**
   * A case goes to its district's office and never to another's or the city's; a district without an
   * office of its own goes to the department's endpoint; and while 耒阳市's office hangs on its only
   * credit, the city's and 珠晖区's items are all delivered (counted, not timed); its queue and metrics
   * show the region.
   */
  @Test
  void eachItemGoesToItsRegionsOfficeAndAHangingOfficeHoldsUpNoOther() throws Exception {
    try (FakeDepartment city = new FakeDepartment(); FakeDepartment zhuhui = new FakeDepartment(); FakeDepartment leiyang = new FakeDepartment();
         TestNode node = TestNode.start(Overlays.env(offices(city, "{endpoint: \"" + zhuhui.url() + "\"}",
             "{endpoint: \"" + leiyang.url() + "\", maxInFlight: 1, timeoutMs: 30000}")))) {
      Http http = node.http();
      RouterFixture f = new RouterFixture(http);
      leiyang.answer(r -> FakeDepartment.HANG);
      JsonObject inLeiyang = file(http, LEIYANG);
      Await.until("耒阳市's office holds its first item", WAIT, () -> leiyang.received().size() == 1);

      JsonObject inZhuhui = file(http, ZHUHUI);
      JsonObject inNanyue = file(http, NANYUE);
      JsonObject inCity = file(http, null);
      JsonObject inCityToo = file(http, null);
      Await.until("the city's and 南岳区's items delivered while 耒阳市 hangs", WAIT, () -> city.received().size() >= 6);
      Await.until("珠晖区's items delivered", WAIT, () -> zhuhui.received().size() >= 2);
      for (JsonObject c : List.of(inZhuhui, inNanyue, inCity, inCityToo)) {
        for (String item : healthItems(c)) {
          Await.until(item + " dispatched", WAIT, () -> f.itemStatus(c.getString("caseId"), item).equals("DISPATCHED"));
        }
      }

      assertThat(leiyang.received()).as("one credit, still hanging").hasSize(1);
      assertThat(caseIds(leiyang)).containsExactly(inLeiyang.getString("caseId"));
      assertThat(regions(leiyang)).containsExactly(LEIYANG);
      assertThat(caseIds(zhuhui)).containsExactly(inZhuhui.getString("caseId"));
      assertThat(regions(zhuhui)).containsExactly(ZHUHUI);
      assertThat(zhuhui.received()).hasSize(2);
      assertThat(caseIds(city)).containsExactlyInAnyOrder(inNanyue.getString("caseId"), inCity.getString("caseId"), inCityToo.getString("caseId"));
      assertThat(regions(city)).containsExactlyInAnyOrder(NANYUE, "430400");
      assertThat(city.received()).hasSize(6);
      for (String item : healthItems(inLeiyang)) assertThat(f.itemStatus(inLeiyang.getString("caseId"), item)).isNotEqualTo("DISPATCHED");

      JsonObject leiyangQueue = http.get("/api/v1/departments/health/queue?region=" + LEIYANG, "dev-admin").json();
      assertThat(leiyangQueue.getString("region")).isEqualTo(LEIYANG);
      assertThat(leiyangQueue.getLong("queued")).isEqualTo(2); // the hanging one is QUEUED under a lease
      assertThat(leiyangQueue.getLong("inFlight")).isEqualTo(1);
      JsonObject zhuhuiQueue = http.get("/api/v1/departments/health/queue?region=" + ZHUHUI, "dev-dept-health").json();
      assertThat(zhuhuiQueue.getLong("queued")).isZero();
      assertThat(zhuhuiQueue.getLong("inFlight")).isZero();
      assertThat(http.get("/api/v1/departments/health/queue", "dev-admin").json().getLong("queued")).isEqualTo(2);
      assertThat(http.get("/api/v1/departments/health/queue?region=4304", "dev-admin").status()).isEqualTo(400);
      Http.Response unknown = http.get("/api/v1/departments/health/queue?region=430499", "dev-admin");
      assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
      assertThat(unknown.json().getJsonObject("error").getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("region");

      String metrics = http.get("/metrics").body();
      assertThat(metrics).contains("onego_router_in_flight{department=\"health\",region=\"" + LEIYANG + "\"} 1.0",
          "onego_router_in_flight{department=\"health\",region=\"default\"} 0.0",
          "onego_router_attempts_total{department=\"health\",outcome=\"delivered\",region=\"" + ZHUHUI + "\"} 2.0");
      Await.until("the backlog gauge of 耒阳市's lane", WAIT,
          () -> http.get("/metrics").body().contains("onego_router_queued{department=\"health\",region=\"" + LEIYANG + "\"} 2.0"));

      JsonArray departments = http.get("/api/v1/departments").json().getJsonArray("departments");
      JsonObject health = departments.stream().map(o -> (JsonObject) o).filter(d -> d.getString("code").equals("health")).findFirst().orElseThrow();
      assertThat(health.getJsonArray("offices").stream().map(o -> ((JsonObject) o).getString("region")).toList()).containsExactly(ZHUHUI, LEIYANG);

      leiyang.release();
      for (String item : healthItems(inLeiyang)) {
        Await.until("耒阳市's " + item + " dispatched once its office answers", WAIT,
            () -> f.itemStatus(inLeiyang.getString("caseId"), item).equals("DISPATCHED"));
      }
      assertThat(caseIds(leiyang)).containsExactly(inLeiyang.getString("caseId"));
      assertThat(city.received()).hasSize(6);
    }
  }

  /**
   * A pull office: 耒阳市's office pulls with {@code ?region=} and gets only its region's items; the
   * department's own lane (push) never delivers them; a region without a pull office of its own is 409.
   */
  @Test
  void aPullOfficeGetsOnlyItsRegionsItems() throws Exception {
    try (FakeDepartment city = new FakeDepartment(); FakeDepartment zhuhui = new FakeDepartment();
         TestNode node = TestNode.start(Overlays.env(offices(city, "{endpoint: \"" + zhuhui.url() + "\"}", "{mode: pull}")))) {
      Http http = node.http();
      RouterFixture f = new RouterFixture(http);
      JsonObject inLeiyang = file(http, LEIYANG);
      JsonObject inCity = file(http, null);
      Await.until("the city's items delivered", WAIT, () -> city.received().size() >= 2);

      Http.Response pulled = http.get("/api/v1/departments/health/items?limit=10&region=" + LEIYANG, "dev-dept-health");
      assertThat(pulled.status()).as(pulled.body()).isEqualTo(200);
      JsonArray items = pulled.json().getJsonArray("items");
      assertThat(items.stream().map(o -> ((JsonObject) o).getString("itemId")).toList())
          .containsExactlyInAnyOrderElementsOf(healthItems(inLeiyang));
      items.forEach(o -> assertThat(((JsonObject) o).getString("region")).isEqualTo(LEIYANG));
      assertThat(caseIds(city)).containsExactly(inCity.getString("caseId"));

      JsonObject first = items.getJsonObject(0);
      Http.Response ack = f.post("/api/v1/departments/health/items/" + first.getString("itemId") + "/ack", "dev-dept-health",
          new JsonObject().put("leaseId", first.getString("leaseId")));
      assertThat(ack.status()).as(ack.body()).isEqualTo(200);
      assertThat(f.itemStatus(inLeiyang.getString("caseId"), first.getString("itemId"))).isEqualTo("DISPATCHED");

      assertThat(http.get("/api/v1/departments/health/items?region=" + LEIYANG, "dev-dept-health").json().getJsonArray("items"))
          .as("the other one is leased, nothing else is 耒阳市's").isEmpty();
      assertThat(http.get("/api/v1/departments/health/items", "dev-dept-health").status()).as("health's own is push").isEqualTo(409);
      assertThat(http.get("/api/v1/departments/health/items?region=" + ZHUHUI, "dev-dept-health").status()).as("a push office").isEqualTo(409);
      assertThat(http.get("/api/v1/departments/health/items?region=" + NANYUE, "dev-dept-health").status()).as("no office").isEqualTo(409);
      assertThat(http.get("/api/v1/departments/health/items?region=110101", "dev-dept-health").status()).isEqualTo(422);
      assertThat(http.get("/api/v1/departments/health/items?region=abc", "dev-dept-health").status()).isEqualTo(400);
      assertThat(http.send(http.request("/api/v1/departments/health/items?region=" + LEIYANG).header("Authorization", "Bearer dev-dept-tax")
          .GET().build()).status()).as("another department's token").isEqualTo(403);
    }
  }
}
