package onego.server.audit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.AuditEntry;
import onego.domain.Times;
import onego.server.config.AuditSettings;
import onego.server.infra.Database;
import onego.server.support.AuditTables;
import onego.server.support.Await;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit trail sequenced after commit, against the real PostgreSQL: audited transactions insert
 * pending rows without waiting for each other, a rolled-back one leaves none, two sealers on two
 * "nodes" (a Vert.x and a pool each) keep one unforked chain, and the lease passes to the other node
 * when its holder dies.
 */
class AuditSealerTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Short interval and lease, so a takeover is quick (what the test waits for is bounded by WAIT, never timed). */
  private static final AuditSettings FAST = new AuditSettings(20, 50, 1000, 300);

  private final List<Vertx> nodes = new ArrayList<>();

  @BeforeEach
  void reset() {
    AuditTables.reset();
    TestServices.sql("DELETE FROM leases WHERE name = 'audit-sealer'");
  }

  @AfterEach
  void close() throws Exception {
    for (Vertx v : nodes) get(v.close());
  }

  /** A node: its own Vert.x and pool. */
  private Pool node(int connections) {
    Vertx vertx = Vertx.vertx();
    nodes.add(vertx);
    return Database.pool(vertx, TestServices.pgUrl(), connections);
  }

  private AuditSealer deploySealer(Pool pool) throws Exception {
    AuditSealer sealer = new AuditSealer(pool, FAST, new SimpleMeterRegistry());
    get(nodes.get(nodes.size() - 1).deployVerticle(sealer));
    return sealer;
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static List<AuditEntry> entries(String purpose, int n) {
    List<AuditEntry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new AuditEntry(Times.now(ZONE), Actor.system("test"), AuditAction.CASE_READ, "430102199001011238", null, purpose,
          new JsonObject().put("i", i)));
    }
    return out;
  }

  private static long rows(String table, String purpose) {
    return TestServices.count("SELECT count(*) FROM " + table + " WHERE purpose = '" + purpose + "'");
  }

  /** With audit_append the second transaction waited on the first's lock of the day's head until it ended. */
  @Test
  void auditedTransactionsDoNotWaitForEachOtherAndARolledBackOneLeavesNoRow() throws Exception {
    Pool pool = node(4);
    AuditTrail trail = new AuditTrail(pool, ZONE);
    SqlConnection a = get(pool.getConnection());
    SqlConnection b = get(pool.getConnection());
    try {
      Transaction ta = get(a.begin());
      get(trail.append(a, entries("test:open-a", 2)));
      Transaction tb = get(b.begin());
      // completes while A still holds its transaction open: nothing shared to wait on
      get(trail.append(b, entries("test:open-b", 3)));
      get(ta.rollback());
      get(tb.commit());
    } finally {
      a.close();
      b.close();
    }
    deploySealer(pool);
    AuditTables.awaitSealed();
    assertThat(rows("audit_log", "test:open-b")).isEqualTo(3);
    assertThat(rows("audit_log", "test:open-a") + rows("audit_pending", "test:open-a")).as("the rolled-back change's rows").isZero();
    AuditVerifier.Verification v = get(new AuditVerifier(nodes.get(0), pool, new AuditBacklog(pool, Duration.ofSeconds(1))).verify(null));
    assertThat(v.ok()).as(String.valueOf(v)).isTrue();
  }

  @Test
  void manyWritersAndTwoSealersOnTwoNodesLeaveOneUnforkedChain() throws Exception {
    Pool writers = node(8);
    AuditTrail trail = new AuditTrail(writers, ZONE);
    Pool poolA = node(2);
    AuditSealer a = deploySealer(poolA);
    Pool poolB = node(2);
    AuditSealer b = deploySealer(poolB);
    int transactions = 200;
    List<Future<Void>> writes = new ArrayList<>();
    List<Future<Integer>> forced = new ArrayList<>();
    for (int i = 0; i < transactions; i++) {
      writes.add(writers.withTransaction(conn -> trail.append(conn, entries("test:fork", 2))));
      // both sealers also seal outside their lease, as two holders during a handover would: the advisory lock keeps them apart
      if (i % 10 == 0) {
        forced.add(a.sealBatch());
        forced.add(b.sealBatch());
      }
    }
    get(Future.all(writes));
    get(Future.all(forced));
    AuditTables.awaitSealed();

    assertThat(rows("audit_log", "test:fork")).as("every row sealed once").isEqualTo(2L * transactions);
    assertThat(TestServices.count("SELECT count(*) FROM audit_pending")).isZero();
    String day = AuditTables.today();
    assertThat(TestServices.column("SELECT count(*) || '/' || count(DISTINCT day_seq) || '/' || min(day_seq) || '/' || max(day_seq) "
        + "|| '/' || count(DISTINCT prev_hash) FROM audit_log WHERE day = '" + day + "'"))
        .as("seqs 1..n, no gap, no two rows chaining from one").containsExactly("400/400/1/400/400");
    assertThat(TestServices.count("SELECT last_seq FROM audit_days WHERE day = '" + day + "'")).isEqualTo(400);
    AuditVerifier.Verification v = get(new AuditVerifier(nodes.get(0), poolA, a.backlog()).verify(null));
    assertThat(v.ok()).as(String.valueOf(v)).isTrue();
  }

  @Test
  void whenTheLeaseHolderDiesTheOtherNodeSealsWithinItsLease() throws Exception {
    Pool poolA = node(2);
    AuditSealer a = deploySealer(poolA);
    Pool poolB = node(2);
    AuditSealer b = deploySealer(poolB);
    String holder = Await.value("a lease holder", WAIT, () -> {
      List<String> h = TestServices.column("SELECT holder FROM leases WHERE name = 'audit-sealer'");
      return h.isEmpty() ? null : h.get(0);
    });
    assertThat(holder).isIn(a.holder(), b.holder());
    boolean aHolds = holder.equals(a.holder());
    // the holder "dies": its database connections go, it renews nothing and releases nothing
    get((aHolds ? poolA : poolB).close());
    AuditSealer survivor = aHolds ? b : a;

    Pool writer = node(1);
    get(writer.withTransaction(conn -> new AuditTrail(writer, ZONE).append(conn, entries("test:takeover", 3))));
    Await.until("rows sealed by the other node", WAIT, () -> rows("audit_log", "test:takeover") == 3);
    assertThat(TestServices.column("SELECT holder FROM leases WHERE name = 'audit-sealer'")).containsExactly(survivor.holder());
  }

  @Test
  void pendingRowsRefuseUpdateAndDeleteButBySealing() throws Exception {
    Pool pool = node(2);
    get(pool.withTransaction(conn -> new AuditTrail(pool, ZONE).append(conn, entries("test:refuse", 1))));
    assertThatThrownBy(() -> TestServices.sql("UPDATE audit_pending SET purpose = 'x'")).hasStackTraceContaining("only by sealing");
    assertThatThrownBy(() -> TestServices.sql("DELETE FROM audit_pending")).hasStackTraceContaining("only by sealing");
    assertThatThrownBy(() -> TestServices.sql("TRUNCATE audit_pending")).hasStackTraceContaining("only by sealing");
    assertThat(rows("audit_pending", "test:refuse")).isEqualTo(1);
    AuditSealer sealer = new AuditSealer(pool, FAST, new SimpleMeterRegistry());
    get(nodes.get(0).deployVerticle(sealer));
    AuditTables.awaitSealed();
    assertThat(rows("audit_log", "test:refuse")).isEqualTo(1);
  }
}
