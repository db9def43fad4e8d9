package onego.server.intake;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import onego.domain.DomainError;
import onego.router.Await;
import onego.router.cases.CaseFixtures;
import onego.server.infra.Database;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static onego.router.cases.CaseFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IdempotencyStore} on its own against PostgreSQL, without a node: who wins a key when
 * transactions race for it, and what a request whose key is taken is answered (the replay, KEY_REUSED,
 * KEY_IN_PROGRESS). The whole-node view of the same rules is {@code IdempotencyTest}.
 */
class IdempotencyStoreTest {
  private static final String CALLER = "key:dev-portal";
  private static Vertx vertx;
  private static Pool pool;
  private static IdempotencyStore store;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    pool = Database.pool(vertx, TestServices.pgUrl(), 8);
    store = new IdempotencyStore(pool);
  }

  @AfterAll
  static void stop() {
    Await.result(pool.close());
    Await.result(vertx.close());
  }

  @BeforeEach
  void reset() {
    TestServices.resetTables();
  }

  /** A request under {@code caller}'s {@code key} whose body is {@code body}; its case is a fixture case (the store only keeps its id). */
  private static IntakeRequest request(String caller, String key, JsonObject body) {
    CaseFixtures.CaseDraft draft = CaseFixtures.newCase(item("a", "dept-a"));
    JsonObject response = new JsonObject().put("caseId", draft.caseId().toString()).put("status", "SUBMITTED")
        .put("items", new JsonArray().add(new JsonObject().put("code", "a").put("name", "出生医学证明")));
    return new IntakeRequest(caller, key, RequestHash.of(body), draft.newCase(), response);
  }

  private static JsonObject body(String name) {
    return new JsonObject().put("thing", "newborn").put("form", new JsonObject().put("babyName", name));
  }

  private static UUID caseOf(IntakeRequest r) {
    return r.newCase().caseId();
  }

  private static Future<Set<UUID>> claimInATransaction(List<IntakeRequest> batch) {
    return pool.withTransaction(conn -> IdempotencyStore.claim(conn, batch));
  }

  /** A transaction that claims {@code batch}, tells {@code claimed} what it won, and commits once {@code release} succeeds (rolls back if it fails). */
  private static Future<Set<UUID>> claimAndHold(List<IntakeRequest> batch, Promise<Set<UUID>> claimed, Promise<Void> release) {
    return pool.withTransaction(conn -> IdempotencyStore.claim(conn, batch).compose(won -> {
      claimed.complete(won);
      return release.future().map(won);
    }));
  }

  private static void awaitSomeoneWaitingForALock() {
    Await.until("a transaction waiting for the key's row", () -> TestServices.count(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") >= 1);
  }

  @Test
  void twoTransactionsClaimingOneKeyLetExactlyOneWin() {
    IntakeRequest first = request(CALLER, "k-1", body("小明"));
    IntakeRequest second = request(CALLER, "k-1", body("小明"));
    Promise<Set<UUID>> claimed = Promise.promise();
    Promise<Void> release = Promise.promise();
    Future<Set<UUID>> holder = claimAndHold(List.of(first), claimed, release);
    assertThat(Await.result(claimed.future())).containsExactly(caseOf(first));

    Future<Set<UUID>> racer = claimInATransaction(List.of(second));
    awaitSomeoneWaitingForALock();
    assertThat(racer.isComplete()).as("the second waits for the first to end").isFalse();
    release.complete();
    assertThat(Await.result(holder)).containsExactly(caseOf(first));
    assertThat(Await.result(racer)).as("the key was taken").isEmpty();
    assertThat(TestServices.column("SELECT case_id FROM idempotency_keys")).containsExactly(caseOf(first).toString());
  }

  @Test
  void whenTheFirstTransactionRollsBackTheWaitingOneWins() {
    IntakeRequest first = request(CALLER, "k-1", body("小明"));
    IntakeRequest second = request(CALLER, "k-1", body("小明"));
    Promise<Set<UUID>> claimed = Promise.promise();
    Promise<Void> release = Promise.promise();
    Future<Set<UUID>> holder = claimAndHold(List.of(first), claimed, release);
    Await.result(claimed.future());
    Future<Set<UUID>> racer = claimInATransaction(List.of(second));
    awaitSomeoneWaitingForALock();
    release.fail(new IllegalStateException("the batch failed"));
    Await.failure(holder);
    assertThat(Await.result(racer)).containsExactly(caseOf(second));
    assertThat(TestServices.column("SELECT case_id FROM idempotency_keys")).containsExactly(caseOf(second).toString());
  }

  @Test
  void manyConcurrentTransactionsOnOneKeyMakeOneWinner() {
    List<IntakeRequest> requests = IntStream.range(0, 12).mapToObj(k -> request(CALLER, "k-many", body("小明"))).toList();
    List<Future<Set<UUID>>> claims = requests.stream().map(r -> claimInATransaction(List.of(r))).toList();
    List<Set<UUID>> won = claims.stream().map(Await::result).toList();
    assertThat(won.stream().filter(w -> !w.isEmpty())).hasSize(1);
    assertThat(TestServices.count("SELECT count(*) FROM idempotency_keys")).isEqualTo(1);
  }

  @Test
  void batchesHoldingTheSameKeysInAnyOrderDoNotDeadlock() {
    List<String> keys = List.of("k-1", "k-2", "k-3", "k-4", "k-5");
    Random random = new Random(22);
    List<Future<Set<UUID>>> batches = new ArrayList<>();
    for (int b = 0; b < 10; b++) {
      List<String> order = new ArrayList<>(keys);
      Collections.shuffle(order, random);
      batches.add(claimInATransaction(order.stream().map(k -> request(CALLER, k, body(k))).toList()));
    }
    int won = batches.stream().map(Await::result).mapToInt(Set::size).sum();
    assertThat(won).as("each key taken once").isEqualTo(keys.size());
    assertThat(TestServices.count("SELECT count(*) FROM idempotency_keys")).isEqualTo(keys.size());
  }

  @Test
  void aKeyTwiceInOneBatchIsTakenOnceAndKeysArePerCaller() {
    IntakeRequest first = request(CALLER, "k-1", body("小明"));
    IntakeRequest again = request(CALLER, "k-1", body("小明"));
    IntakeRequest otherCaller = request("key:dev-mobile", "k-1", body("小明"));
    assertThat(Await.result(claimInATransaction(List.of(first, again, otherCaller))))
        .containsExactlyInAnyOrder(caseOf(first), caseOf(otherCaller));
  }

  @Test
  void aKeyWhoseFirstRequestHasNotCommittedIsAnsweredKeyInProgress() {
    IntakeRequest first = request(CALLER, "k-1", body("小明"));
    Promise<Set<UUID>> claimed = Promise.promise();
    Promise<Void> release = Promise.promise();
    Future<Set<UUID>> holder = claimAndHold(List.of(first), claimed, release);
    Await.result(claimed.future());
    IdempotencyStore.StoredKey meanwhile = Await.result(store.find(CALLER, "k-1"));
    assertThat(meanwhile).as("not committed: not visible").isNull();
    DomainError inProgress = (DomainError) Await.failure(IdempotencyStore.replay(meanwhile, first.requestHash()));
    assertThat(inProgress.kind()).isEqualTo(DomainError.Kind.KEY_IN_PROGRESS);
    release.complete();
    Await.result(holder);
    assertThat(Await.result(store.find(CALLER, "k-1"))).isNotNull();
  }

  @Test
  void theSameKeyWithAnotherBodyIsKeyReused() {
    IntakeRequest first = request(CALLER, "k-1", body("小明"));
    Await.result(claimInATransaction(List.of(first)));
    IdempotencyStore.StoredKey stored = Await.result(store.find(CALLER, "k-1"));
    DomainError reused = (DomainError) Await.failure(IdempotencyStore.replay(stored, RequestHash.of(body("小红"))));
    assertThat(reused.kind()).isEqualTo(DomainError.Kind.KEY_REUSED);
  }

  @Test
  void aReplayAnswersTheStoredAnswer() {
    IntakeRequest first = request(CALLER, "k-1", body("小明"));
    Await.result(claimInATransaction(List.of(first)));
    JsonObject reordered = new JsonObject().put("form", new JsonObject().put("babyName", "小明")).put("thing", "newborn");
    IntakeOutcome outcome = Await.result(IdempotencyStore.replay(Await.result(store.find(CALLER, "k-1")), RequestHash.of(reordered)));
    assertThat(outcome).isInstanceOf(IntakeOutcome.Replayed.class);
    IntakeOutcome.Replayed replayed = (IntakeOutcome.Replayed) outcome;
    assertThat(replayed.status()).isEqualTo(201);
    assertThat(replayed.body()).isEqualTo(first.response());
    assertThat(TestServices.column("SELECT response::text FROM idempotency_keys")).as("the very text answered first")
        .containsExactly(first.responseText());
    assertThat(Await.result(store.find(CALLER, "k-2"))).as("an unknown key").isNull();
  }
}
