package onego.dev;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Real HTTP both ways: the simulator against a small fake OneGo; signatures computed here from the spec. */
class DepartmentSimulatorTest {
  private static final String PUSH = "hospital";
  private static final String PULL = "civil";
  private static final String PUSH_KEY = "dev-dept-hospital";
  private static final String PULL_KEY = "dev-dept-civil";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final String secret = newSecret();
  private Vertx vertx;
  private FakeOneGo oneGo;
  private HttpClient http;
  private int simPort;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    oneGo = new FakeOneGo();
    oneGo.start();
    http = vertx.createHttpClient();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private void startSimulator(double supplementShare, double rejectShare, long workDelayMs) throws Exception {
    DepartmentSimulator sim = new DepartmentSimulator(new SimulatorSettings(0, workDelayMs, supplementShare, rejectShare),
        List.of(new SimulatedDepartment(PUSH, "push", secret, PUSH_KEY), new SimulatedDepartment(PULL, "pull", null, PULL_KEY)),
        "http://localhost:" + oneGo.port, onego.domain.CatalogLoader.load(java.nio.file.Path.of("config/catalog")));
    vertx.deployVerticle(sim).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    simPort = sim.actualPort();
    assertThat(simPort).isPositive();
  }

  // ------------------------------------------------------------------ tests

  @Test
  void signedPushIsAcceptedWorkedAndCompletedWithACertificate() throws Exception {
    startSimulator(0, 0, 300);
    String itemId = UUID.randomUUID().toString();
    String deliveryId = UUID.randomUUID().toString();

    int status = push(deliveryId, workItem(itemId, deliveryId), true);

    assertThat(status).isEqualTo(200);
    awaitStatus(itemId, "COMPLETED");
    List<JsonObject> calls = oneGo.callsFor(itemId);
    assertThat(calls).extracting(c -> c.getJsonObject("body").getString("status"))
        .containsExactly("ACCEPTED", "IN_PROGRESS", "COMPLETED");
    assertThat(calls).allSatisfy(c -> {
      assertThat(c.getString("authorization")).isEqualTo("Bearer " + PUSH_KEY);
      assertThat(c.getString("department")).isEqualTo(PUSH);
      assertThat(c.getJsonObject("body").getString("eventId")).isNotBlank();
    });
    assertThat(calls.stream().map(c -> c.getJsonObject("body").getString("eventId")).distinct()).hasSize(3);
    JsonObject certificate = calls.get(2).getJsonObject("body").getJsonObject("result").getJsonArray("certificates").getJsonObject(0);
    assertThat(certificate.getString("type")).as("the type the catalog says the item produces").isEqualTo("birth-medical-certificate");
    assertThat(certificate.getString("number")).matches("[A-Z]{2}\\d{14}");
    assertThat(certificate.getString("ecertRef")).startsWith("EC-");
  }

  @Test
  void wrongOrStaleSignatureIs401AndStartsNothing() throws Exception {
    startSimulator(0, 0, 300);
    String bad = UUID.randomUUID().toString();
    String badDelivery = UUID.randomUUID().toString();
    JsonObject item = workItem(bad, badDelivery);

    assertThat(push(badDelivery, item, false)).isEqualTo(401);
    long stale = System.currentTimeMillis() / 1000 - 600;
    assertThat(pushRaw(badDelivery, stale, item.encode(), sign(secret, badDelivery, stale, item.encode()))).isEqualTo(401);
    assertThat(pushRaw(badDelivery, System.currentTimeMillis() / 1000, item.encode(), null)).isEqualTo(401);
    // signed with the right key but the body changed on the way
    long now = System.currentTimeMillis() / 1000;
    assertThat(pushRaw(badDelivery, now, item.copy().put("attempt", 9).encode(), sign(secret, badDelivery, now, item.encode()))).isEqualTo(401);

    // A valid item afterwards completes; by then the rejected one would have, had it started.
    String good = UUID.randomUUID().toString();
    String goodDelivery = UUID.randomUUID().toString();
    assertThat(push(goodDelivery, workItem(good, goodDelivery), true)).isEqualTo(200);
    awaitStatus(good, "COMPLETED");
    assertThat(oneGo.callsFor(bad)).isEmpty();
  }

  @Test
  void severalSignaturesInTheHeaderAnyValidOneIsAccepted() throws Exception {
    startSimulator(0, 0, 300);
    String itemId = UUID.randomUUID().toString();
    String deliveryId = UUID.randomUUID().toString();
    String body = workItem(itemId, deliveryId).encode();
    long now = System.currentTimeMillis() / 1000;
    String header = sign(newSecret(), deliveryId, now, body) + " v2,abc " + sign(secret, deliveryId, now, body);

    assertThat(pushRaw(deliveryId, now, body, header)).isEqualTo(200);
    awaitStatus(itemId, "COMPLETED");
  }

  @Test
  void sameWebhookIdTwiceStartsTheWorkOnce() throws Exception {
    startSimulator(0, 0, 300);
    String itemId = UUID.randomUUID().toString();
    String deliveryId = UUID.randomUUID().toString();
    JsonObject item = workItem(itemId, deliveryId);

    assertThat(push(deliveryId, item, true)).isEqualTo(200);
    assertThat(push(deliveryId, item.copy().put("attempt", 2), true)).isEqualTo(200);
    awaitStatus(itemId, "COMPLETED");
    assertThat(push(deliveryId, item.copy().put("attempt", 3), true)).isEqualTo(200);

    String later = UUID.randomUUID().toString();
    String laterDelivery = UUID.randomUUID().toString();
    push(laterDelivery, workItem(later, laterDelivery), true);
    awaitStatus(later, "COMPLETED");
    assertThat(oneGo.callsFor(itemId)).extracting(c -> c.getJsonObject("body").getString("status"))
        .containsExactly("ACCEPTED", "IN_PROGRESS", "COMPLETED");
  }

  @Test
  void supplementShareOneReturnsOnceThenCompletesWhenTheItemComesAgain() throws Exception {
    startSimulator(1.0, 0, 300);
    String itemId = UUID.randomUUID().toString();
    String first = UUID.randomUUID().toString();
    push(first, workItem(itemId, first), true);
    awaitStatus(itemId, "RETURNED");
    JsonObject returned = oneGo.callsFor(itemId).get(2).getJsonObject("body");
    assertThat(returned.getString("note")).startsWith("请补正").contains("父母双方居民身份证");
    assertThat(returned.getJsonArray("missing")).as("the item's material handed in as a scan, by its catalog code")
        .containsExactly(new JsonObject().put("material", "parents-id-cards").put("reason", "扫描件不清晰或不完整，请重新提交"));

    String second = UUID.randomUUID().toString();
    push(second, workItem(itemId, second).put("attempt", 1), true);
    awaitStatus(itemId, "COMPLETED");

    List<JsonObject> calls = oneGo.callsFor(itemId);
    assertThat(calls).extracting(c -> c.getJsonObject("body").getString("status"))
        .containsExactly("ACCEPTED", "IN_PROGRESS", "RETURNED", "ACCEPTED", "IN_PROGRESS", "COMPLETED");
    // event ids are OneGo's idempotency keys: the second round must not reuse the first one's
    assertThat(calls.stream().map(c -> c.getJsonObject("body").getString("eventId")).distinct()).hasSize(6);
  }

  @Test
  void rejectShareOneRejectsWithAReason() throws Exception {
    startSimulator(0, 1.0, 300);
    String itemId = UUID.randomUUID().toString();
    String deliveryId = UUID.randomUUID().toString();
    push(deliveryId, workItem(itemId, deliveryId), true);
    awaitStatus(itemId, "REJECTED");
    assertThat(oneGo.callsFor(itemId).get(2).getJsonObject("body").getString("note")).isNotBlank();
  }

  @Test
  void cancelStopsPendingWork() throws Exception {
    startSimulator(0, 0, 1500);
    String itemId = UUID.randomUUID().toString();
    String deliveryId = UUID.randomUUID().toString();
    push(deliveryId, workItem(itemId, deliveryId), true);
    awaitStatus(itemId, "ACCEPTED");
    JsonObject cancel = new JsonObject().put("type", "cancel").put("deliveryId", deliveryId + "-cancel")
        .put("itemId", itemId).put("caseId", UUID.randomUUID().toString()).put("thing", "newborn")
        .put("item", new JsonObject().put("code", "birth-cert").put("name", "出生医学证明签发")).put("attempt", 1);
    assertThat(push(deliveryId + "-cancel", cancel, true)).isEqualTo(200);

    String later = UUID.randomUUID().toString();
    String laterDelivery = UUID.randomUUID().toString();
    push(laterDelivery, workItem(later, laterDelivery), true);
    awaitStatus(later, "COMPLETED");
    assertThat(oneGo.callsFor(itemId)).extracting(c -> c.getJsonObject("body").getString("status"))
        .doesNotContain("COMPLETED", "REJECTED", "RETURNED");
  }

  @Test
  void conflictStopsTheWorkAndServerErrorsAreRetried() throws Exception {
    startSimulator(0, 0, 300);
    String withdrawn = UUID.randomUUID().toString();
    oneGo.conflictOn.add(withdrawn + ":IN_PROGRESS");
    String flaky = UUID.randomUUID().toString();
    oneGo.failuresLeft.put(flaky + ":COMPLETED", new AtomicInteger(2));

    String d1 = UUID.randomUUID().toString();
    push(d1, workItem(withdrawn, d1), true);
    String d2 = UUID.randomUUID().toString();
    push(d2, workItem(flaky, d2), true);

    awaitStatus(flaky, "COMPLETED");
    List<JsonObject> flakyCalls = oneGo.callsFor(flaky);
    assertThat(flakyCalls).extracting(c -> c.getJsonObject("body").getString("status"))
        .containsExactly("ACCEPTED", "IN_PROGRESS", "COMPLETED", "COMPLETED", "COMPLETED");
    assertThat(flakyCalls.subList(2, 5)).extracting(c -> c.getJsonObject("body").getString("eventId")).containsOnly(
        flakyCalls.get(2).getJsonObject("body").getString("eventId"));
    assertThat(oneGo.callsFor(withdrawn)).extracting(c -> c.getJsonObject("body").getString("status"))
        .containsExactly("ACCEPTED", "IN_PROGRESS");
  }

  @Test
  void pullDepartmentAcksAndCompletesItsItem() throws Exception {
    String itemId = UUID.randomUUID().toString();
    String deliveryId = UUID.randomUUID().toString();
    String leaseId = UUID.randomUUID().toString();
    oneGo.offer(PULL, workItem(itemId, deliveryId).put("leaseId", leaseId)
        .put("item", new JsonObject().put("code", "household-registration").put("name", "户口登记")));
    startSimulator(0, 0, 300);

    awaitStatus(itemId, "COMPLETED");
    assertThat(oneGo.acks).anySatisfy(a -> {
      assertThat(a.getString("itemId")).isEqualTo(itemId);
      assertThat(a.getString("department")).isEqualTo(PULL);
      assertThat(a.getString("authorization")).isEqualTo("Bearer " + PULL_KEY);
      assertThat(a.getJsonObject("body").getString("leaseId")).isEqualTo(leaseId);
    });
    assertThat(oneGo.pollAuthorizations).containsOnly("Bearer " + PULL_KEY);
    List<JsonObject> calls = oneGo.callsFor(itemId);
    assertThat(calls).extracting(c -> c.getJsonObject("body").getString("status"))
        .containsExactly("ACCEPTED", "IN_PROGRESS", "COMPLETED");
    assertThat(calls).allSatisfy(c -> assertThat(c.getString("department")).isEqualTo(PULL));
    JsonObject result = calls.get(2).getJsonObject("body").getJsonObject("result");
    assertThat(result.getJsonArray("certificates").getJsonObject(0).getString("type")).isEqualTo("household-register");
    assertThat(result.getJsonObject("values").getString("babyIdNumber")).as("the baby's own number, born 2025-01-02")
        .isNotEqualTo("11010519491231002X").matches("\\d{6}20250102\\d{3}[\\dX]")
        .satisfies(id -> assertThat(onego.domain.IdNumbers.valid(id)).isTrue());
  }

  @Test
  void pullCancelIsAckedAndStopsTheWork() throws Exception {
    startSimulator(0, 0, 1500);
    String itemId = UUID.randomUUID().toString();
    String deliveryId = UUID.randomUUID().toString();
    oneGo.offer(PULL, workItem(itemId, deliveryId).put("leaseId", UUID.randomUUID().toString()));
    awaitStatus(itemId, "ACCEPTED");
    String cancelLease = UUID.randomUUID().toString();
    oneGo.offer(PULL, new JsonObject().put("type", "cancel").put("deliveryId", deliveryId + "-cancel").put("itemId", itemId)
        .put("caseId", UUID.randomUUID().toString()).put("leaseId", cancelLease).put("attempt", 1));
    await(() -> oneGo.acks.stream().anyMatch(a -> cancelLease.equals(a.getJsonObject("body").getString("leaseId"))));

    String later = UUID.randomUUID().toString();
    String laterDelivery = UUID.randomUUID().toString();
    oneGo.offer(PULL, workItem(later, laterDelivery).put("leaseId", UUID.randomUUID().toString()));
    awaitStatus(later, "COMPLETED");
    assertThat(oneGo.callsFor(itemId)).extracting(c -> c.getJsonObject("body").getString("status"))
        .doesNotContain("COMPLETED", "REJECTED", "RETURNED");
  }

  // ------------------------------------------------------------------ helpers

  private static JsonObject workItem(String itemId, String deliveryId) {
    return new JsonObject()
        .put("type", "work")
        .put("deliveryId", deliveryId)
        .put("itemId", itemId)
        .put("caseId", UUID.randomUUID().toString())
        .put("thing", "newborn")
        .put("item", new JsonObject().put("code", "birth-medical-certificate").put("name", "出生医学证明签发"))
        .put("applicant", new JsonObject().put("type", "person").put("idNumber", "11010519491231002X").put("name", "张三"))
        .put("form", new JsonObject().put("babyName", "张小明").put("babyBirthTime", "2025-01-02T08:30:00+08:00"))
        .put("materials", new JsonArray().add(new JsonObject().put("code", "parents-id-cards").put("fileRef", "F-1")))
        .put("dueAt", "2025-01-10T17:00:00+08:00")
        .put("attempt", 1);
  }

  private int push(String webhookId, JsonObject item, boolean correctKey) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String body = item.encode();
    return pushRaw(webhookId, now, body, sign(correctKey ? secret : newSecret(), webhookId, now, body));
  }

  private int pushRaw(String webhookId, long timestamp, String body, String signatureHeader) throws Exception {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("localhost").setPort(simPort)
        .setURI(DepartmentSimulator.endpointPath(PUSH))
        .putHeader("content-type", "application/json")
        .putHeader("webhook-id", webhookId)
        .putHeader("webhook-timestamp", Long.toString(timestamp));
    if (signatureHeader != null) options.putHeader("webhook-signature", signatureHeader);
    // body() inside send's callback: the flat chain loses bodies now and then in Vert.x 5 (vert.x#4705)
    return http.request(options).compose(r -> r.send(body).compose(res -> res.body().map(b -> res.statusCode())))
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** Standard Webhooks, computed here from the spec: v1,base64(HMAC-SHA256(base64decode(secret without whsec_), "id.ts.body")). */
  private static String sign(String secret, String id, long timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
    byte[] sig = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(sig);
  }

  private static String newSecret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  private void awaitStatus(String itemId, String status) throws InterruptedException {
    await(() -> oneGo.callsFor(itemId).stream().anyMatch(c -> status.equals(c.getJsonObject("body").getString("status"))
        && c.getInteger("answered") == 200));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail("condition not met within " + WAIT);
      Thread.sleep(20);
    }
  }

  /** Just enough of OneGo's department API: records status calls and acks, serves a pull queue. */
  private final class FakeOneGo {
    final List<JsonObject> calls = new CopyOnWriteArrayList<>();
    final List<JsonObject> acks = new CopyOnWriteArrayList<>();
    final List<String> pollAuthorizations = new CopyOnWriteArrayList<>();
    final Set<String> conflictOn = ConcurrentHashMap.newKeySet();
    final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    final Map<String, Queue<JsonObject>> queues = new ConcurrentHashMap<>();
    int port;

    void offer(String department, JsonObject item) {
      queues.computeIfAbsent(department, d -> new ConcurrentLinkedQueue<>()).add(item);
    }

    List<JsonObject> callsFor(String itemId) {
      return calls.stream().filter(c -> itemId.equals(c.getString("itemId"))).collect(Collectors.toList());
    }

    void start() throws Exception {
      Router router = Router.router(vertx);
      router.route().handler(BodyHandler.create());
      router.post("/api/v1/departments/:code/items/:itemId/status").handler(ctx -> {
        JsonObject body = ctx.body().asJsonObject();
        String itemId = ctx.pathParam("itemId");
        String key = itemId + ":" + body.getString("status");
        int answer = 200;
        AtomicInteger failures = failuresLeft.get(key);
        if (conflictOn.contains(key)) answer = 409;
        else if (failures != null && failures.getAndDecrement() > 0) answer = 503;
        calls.add(new JsonObject().put("department", ctx.pathParam("code")).put("itemId", itemId)
            .put("authorization", ctx.request().getHeader("Authorization"))
            .put("contentType", ctx.request().getHeader("Content-Type")).put("body", body).put("answered", answer));
        JsonObject reply = answer == 200 ? new JsonObject().put("itemId", itemId).put("status", body.getString("status"))
            : new JsonObject().put("error", new JsonObject().put("code", answer == 409 ? "ILLEGAL_TRANSITION" : "OVERLOADED")
                .put("message", "test").put("details", new JsonArray()));
        ctx.response().setStatusCode(answer).putHeader("Content-Type", "application/json").end(reply.encode());
      });
      router.post("/api/v1/departments/:code/items/:itemId/ack").handler(ctx -> {
        acks.add(new JsonObject().put("department", ctx.pathParam("code")).put("itemId", ctx.pathParam("itemId"))
            .put("authorization", ctx.request().getHeader("Authorization")).put("body", ctx.body().asJsonObject()));
        ctx.response().putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("itemId", ctx.pathParam("itemId")).put("status", "DISPATCHED").encode());
      });
      router.get("/api/v1/departments/:code/items").handler(ctx -> {
        pollAuthorizations.add(ctx.request().getHeader("Authorization"));
        int limit = Integer.parseInt(ctx.queryParams().get("limit"));
        Queue<JsonObject> queue = queues.computeIfAbsent(ctx.pathParam("code"), d -> new ConcurrentLinkedQueue<>());
        JsonArray items = new JsonArray();
        for (JsonObject i; items.size() < limit && (i = queue.poll()) != null; ) items.add(i);
        // a short "long poll": an empty answer after a moment
        long delay = items.isEmpty() ? 100 : 1;
        vertx.setTimer(delay, t -> ctx.response().putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("items", items).encode()));
      });
      HttpServer server = vertx.createHttpServer().requestHandler(router);
      port = server.listen(0).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS).actualPort();
    }
  }
}
