package onego.server.intake;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import onego.domain.Actor;
import onego.domain.Catalog;
import onego.domain.CatalogLoader;
import onego.domain.DomainError;
import onego.domain.Thing;
import onego.domain.WorkingCalendar;
import onego.router.cases.CaseLog;
import onego.router.cases.CaseOpening;
import onego.router.cases.EventPublisher;
import onego.router.cases.NewCase;
import onego.server.audit.AuditTrail;
import onego.server.config.GroupCommit;
import onego.server.infra.Database;
import onego.server.infra.LocalCodec;
import onego.server.support.Await;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch failure isolation of intake against the real PostgreSQL, without an HTTP node: the
 * {@link IntakeWriter} with its store ({@link CaseLog#create}, {@link IdempotencyStore}) on a
 * pool of its own. One submission whose data the database refuses (an applicant name holding
 * U+0000, which {@code jsonb} cannot store: SQLSTATE 22P05, a class-22 data exception, see
 * {@link BatchFailure}) shares a batch with 30 valid ones: the batch is written in halves down to
 * it, the 30 commit, and it alone is refused (422, no key kept). To make the 31 share one batch, the
 * test holds a lock on {@code idempotency_keys} while they queue behind one blocked batch (one
 * transaction at a time), and checks by the batch-size summary that they did.
 */
class IntakeWriterStoreTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final String CALLER = "key:dev-mobile";
  private static final Catalog CATALOG = CatalogLoader.load(Path.of("config/catalog"));
  private static final CaseOpening OPENING = new CaseOpening(new WorkingCalendar(ZONE, Set.of(), Set.of()));

  private static Vertx vertx;
  private static SimpleMeterRegistry registry;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    registry = new SimpleMeterRegistry();
    Pool pool = Database.pool(vertx, TestServices.pgUrl(), 4);
    LocalCodec.register(vertx, IntakeRequest.class, IntakeWriter.Reply.class);
    CaseLog cases = new CaseLog(pool, new EventPublisher(vertx), ZONE, new AuditTrail(pool, ZONE));
    IntakeWriter writer = new IntakeWriter(cases, new IdempotencyStore(pool), new GroupCommit(64, 5, 1, 2000), registry);
    vertx.deployVerticle(writer).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void reset() {
    TestServices.resetTables();
  }

  @Test
  void oneSubmissionWhoseDataTheDatabaseRefusesFailsAloneAndItsBatchCommits() throws Exception {
    DistributionSummary batches = registry.get("onego.intake.batch.size").summary();
    long batchesBefore = batches.count();
    double membersBefore = batches.totalAmount();
    List<CompletableFuture<IntakeWriter.Reply>> valid = new ArrayList<>();
    CompletableFuture<IntakeWriter.Reply> bad;
    try (Connection lock = TestServices.connection()) {
      lock.setAutoCommit(false);
      lock.createStatement().execute("LOCK TABLE idempotency_keys IN EXCLUSIVE MODE");
      valid.add(send(request("first", "张三"))); // its batch waits for the lock; the rest queue behind it
      Await.until("the first batch is blocked", Duration.ofSeconds(10), () -> waitingOnLock() == 1);
      for (int i = 0; i < 15; i++) valid.add(send(request("valid-" + i, "张三")));
      bad = send(request("bad", "张\u0000三"));
      for (int i = 15; i < 30; i++) valid.add(send(request("valid-" + i, "张三")));
      Await.until("31 submissions queued behind the blocked batch", Duration.ofSeconds(10),
          () -> registry.get("onego.intake.pending").gauge().value() == 31);
      lock.commit();
    }

    for (CompletableFuture<IntakeWriter.Reply> f : valid) {
      IntakeWriter.Reply r = f.get(30, TimeUnit.SECONDS);
      assertThat(r.refusal()).isNull();
      assertThat(r.outcome()).isInstanceOf(IntakeOutcome.Created.class);
    }
    IntakeWriter.Reply refused = bad.get(30, TimeUnit.SECONDS);
    assertThat(refused.outcome()).isNull();
    assertThat(refused.refusal()).isInstanceOf(DomainError.class);
    assertThat(((DomainError) refused.refusal()).kind()).isEqualTo(DomainError.Kind.INVALID);
    assertThat(refused.refusal().getMessage()).contains("22P05");
    assertThat(batches.count() - batchesBefore).as("two batches: the first one, then the 31 together").isEqualTo(2);
    assertThat(batches.totalAmount() - membersBefore).isEqualTo(32);
    assertThat(TestServices.count("SELECT count(*) FROM cases")).isEqualTo(31);
    assertThat(TestServices.count("SELECT count(*) FROM idempotency_keys")).as("a refusal keeps no key").isEqualTo(31);
    assertThat(TestServices.count("SELECT count(*) FROM idempotency_keys WHERE key = 'bad'")).isZero();
  }

  @Test
  void aRefusedSubmissionKeepsNoKeySoTheSameKeyWithCorrectedDataCommits() throws Exception {
    IntakeWriter.Reply refused = send(request("again", "张\u0000三")).get(30, TimeUnit.SECONDS);
    assertThat(refused.refusal()).isInstanceOf(DomainError.class);
    assertThat(((DomainError) refused.refusal()).kind()).isEqualTo(DomainError.Kind.INVALID);

    IntakeWriter.Reply created = send(request("again", "张三")).get(30, TimeUnit.SECONDS);
    assertThat(created.outcome()).isInstanceOf(IntakeOutcome.Created.class);
    assertThat(TestServices.count("SELECT count(*) FROM cases")).isEqualTo(1);
  }

  private static CompletableFuture<IntakeWriter.Reply> send(IntakeRequest request) {
    Future<IntakeWriter.Reply> reply = vertx.eventBus().<IntakeWriter.Reply>request(IntakeWriter.ADDRESS, request).map(m -> m.body());
    return reply.toCompletionStage().toCompletableFuture();
  }

  /** A newborn case of its first item (出生医学证明签发), its applicant called {@code name}, under {@code key}. */
  private static IntakeRequest request(String key, String name) {
    Thing newborn = CATALOG.thing("newborn").orElseThrow();
    CaseOpening.Filing filing = new CaseOpening.Filing("mobile", CALLER, new Actor(CALLER, "channel", "mobile"), "110101199003077578",
        null, new JsonObject().put("name", name), new JsonObject(), new JsonArray(), new JsonArray(), new JsonObject(), null, null,
        new JsonArray(), null, "430400");
    NewCase c = OPENING.open(newborn, List.of(newborn.items().get(0)), filing);
    return new IntakeRequest(CALLER, key, "hash-" + name.hashCode(), c, new JsonObject().put("caseId", c.caseId().toString()));
  }

  private static long waitingOnLock() {
    return TestServices.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()");
  }
}
