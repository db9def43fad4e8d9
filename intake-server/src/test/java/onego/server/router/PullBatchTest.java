package onego.server.router;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.EventType;
import onego.router.cases.EventPublisher;
import onego.server.support.Http;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Pull dispatch in batches: many leases per long poll, a burst of arrivals waking a waiting poll once, big batch acks. */
class PullBatchTest {
  private static final String PULL = "disabled-persons-federation";
  private static final String TOKEN = "dev-dept-" + PULL;
  private static final String ITEMS = "/api/v1/departments/" + PULL + "/items";
  /** More than the caps before batches (100 a pull, 100 an ack). */
  private static final int MANY = 130;

  @BeforeEach
  void reset() {
    TestServices.resetTables();
  }

  /** {@code n} cases each with one queued item of the pull department; answers those items' ids. */
  private static List<String> queue(RouterFixture f, int n) {
    return IntStream.range(0, n).parallel().mapToObj(k -> f.submit("disability-assistance").getJsonArray("items").stream()
        .map(o -> (JsonObject) o).filter(i -> i.getString("department").equals(PULL)).findFirst().orElseThrow().getString("itemId")).toList();
  }

  private static List<String> ids(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("itemId")).toList();
  }

  private static JsonArray leases(JsonArray items) {
    JsonArray out = new JsonArray();
    for (Object o : items) out.add(new JsonObject().put("itemId", ((JsonObject) o).getString("itemId")).put("leaseId", ((JsonObject) o).getString("leaseId")));
    return out;
  }

  @Test
  void oneLongPollLeasesAWholeBatchAndOneBatchAckDispatchesIt() {
    try (TestNode node = TestNode.start()) {
      Http http = node.http();
      RouterFixture f = new RouterFixture(http);
      List<String> queued = queue(f, MANY);

      Http.Response r = http.get(ITEMS + "?limit=" + MANY + "&waitSeconds=5", TOKEN);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonArray items = r.json().getJsonArray("items");
      assertThat(ids(items)).containsExactlyInAnyOrderElementsOf(queued);
      assertThat(items.stream().map(o -> ((JsonObject) o).getString("leaseId")).distinct()).as("one claim, one lease for the batch").hasSize(1);
      assertThat(http.get(ITEMS + "?limit=500", TOKEN).json().getJsonArray("items")).as("every one leased").isEmpty();
      assertThat(http.get(ITEMS + "?limit=501", TOKEN).status()).as("over the cap").isEqualTo(400);

      Http.Response acked = f.post(ITEMS + "/ack", TOKEN, new JsonObject().put("leases", leases(items)));
      assertThat(acked.status()).as(acked.body()).isEqualTo(200);
      assertThat(acked.json().getJsonArray("results").stream().map(o -> ((JsonObject) o).getString("outcome")).distinct()).containsExactly("acked");
      assertThat(TestServices.count("SELECT count(*) FROM case_items WHERE department = '" + PULL + "' AND status = 'DISPATCHED'")).isEqualTo(MANY);
      assertThat(TestServices.count("SELECT count(*) FROM case_events e JOIN case_items i ON i.item_id = e.item_id WHERE e.type = 'ItemDispatched' AND i.department = '"
          + PULL + "'"))
          .as("each dispatched once").isEqualTo(MANY);
    }
  }

  @Test
  void aBurstOfArrivalsWakesOneWaitingPollWhichAnswersAllOfThemAndTheOthersWaitOn() {
    try (TestNode node = TestNode.start()) {
      Http http = node.http();
      RouterFixture f = new RouterFixture(http);
      List<String> queued = queue(f, 5);
      List<Long> answeredAt = java.util.Collections.synchronizedList(new ArrayList<>());
      List<CompletableFuture<Http.Response>> polls = waitingPolls(http, 3, "?limit=10&waitSeconds=6", answeredAt);
      long announced = burst(node, queued.size());
      List<JsonArray> answers = polls.stream().map(p -> p.join().json().getJsonArray("items")).toList();
      assertThat(answers.stream().filter(a -> !a.isEmpty()).toList()).as("one poll answers the whole burst").hasSize(1)
          .first().satisfies(a -> assertThat(ids(a)).containsExactlyInAnyOrderElementsOf(queued));
      // the other two were not woken to answer nothing: they waited out their waitSeconds
      assertThat(answeredAt.stream().filter(t -> t - announced >= 3_000_000_000L)).hasSize(2);
    }
  }

  @Test
  void aBurstLargerThanAPollsLimitPassesTheTurnToTheNextWaitingPoll() {
    try (TestNode node = TestNode.start()) {
      Http http = node.http();
      RouterFixture f = new RouterFixture(http);
      List<String> queued = queue(f, 5);
      List<CompletableFuture<Http.Response>> polls = waitingPolls(http, 2, "?limit=3&waitSeconds=20", new ArrayList<>());
      burst(node, 1);
      Set<String> got = new HashSet<>();
      List<Integer> sizes = new ArrayList<>();
      for (CompletableFuture<Http.Response> p : polls) {
        JsonArray a = p.join().json().getJsonArray("items");
        sizes.add(a.size());
        got.addAll(ids(a));
      }
      assertThat(sizes).containsExactlyInAnyOrder(3, 2);
      assertThat(got).containsExactlyInAnyOrderElementsOf(queued);
    }
  }

  @Test
  void concurrentPollersNeverLeaseTheSameItem() {
    try (TestNode node = TestNode.start()) {
      Http http = node.http();
      RouterFixture f = new RouterFixture(http);
      List<String> queued = queue(f, MANY);
      List<String> leased = java.util.Collections.synchronizedList(new ArrayList<>());
      List<CompletableFuture<Void>> pollers = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        pollers.add(CompletableFuture.runAsync(() -> {
          for (JsonArray a; !(a = http.get(ITEMS + "?limit=7", TOKEN).json().getJsonArray("items")).isEmpty(); ) leased.addAll(ids(a));
        }));
      }
      pollers.forEach(CompletableFuture::join);
      assertThat(leased).as("every item leased once").hasSize(MANY).containsExactlyInAnyOrderElementsOf(queued);
    }
  }

  /**
   * Hides the department's queued items (not ready for an hour), starts {@code n} long polls with {@code query}, each
   * noting the time of its answer in {@code answeredAt}, and lets them find nothing and wait (a waiting poll leaves
   * no sign outside the node: a pause).
   */
  private static List<CompletableFuture<Http.Response>> waitingPolls(Http http, int n, String query, List<Long> answeredAt) {
    TestServices.sql("UPDATE case_items SET next_attempt_at = now() + interval '1 hour' WHERE department = '" + PULL + "'");
    List<CompletableFuture<Http.Response>> polls = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      polls.add(CompletableFuture.supplyAsync(() -> http.get(ITEMS + query, TOKEN)).whenComplete((x, e) -> answeredAt.add(System.nanoTime())));
    }
    try {
      Thread.sleep(1500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return polls;
  }

  /** A burst: the hidden items all ready at once, then {@code announcements} ItemQueued on the department's address; answers when it began. */
  private static long burst(TestNode node, int announcements) {
    TestServices.sql("UPDATE case_items SET next_attempt_at = NULL WHERE department = '" + PULL + "'");
    long at = System.nanoTime();
    for (int k = 0; k < announcements; k++) {
      node.node().vertx().eventBus().publish(EventPublisher.DEPT_PREFIX + PULL, new JsonObject().put("type", EventType.ItemQueued.name()));
    }
    return at;
  }
}
