package onego.server.cluster;

import io.vertx.core.json.JsonObject;
import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of one of three node processes while channels submit to all three. A channel
 * whose request to the dead node fails sends the same submission (same Idempotency-Key) to another
 * node, as the contract tells it to. Afterwards every acknowledged case is in PostgreSQL once, no
 * submission made two cases (each is sent once more to a survivor and answered with its first
 * case), no item was delivered twice at the same time (a redelivery once the dead node's claim ran
 * out is allowed), and the deadline watcher's lease, held by the killed node, moves to a survivor,
 * which raises the next card. Nothing here asserts how fast; the figures are printed.
 */
class NodeKillTest {
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final List<String> NEWBORN_DEPARTMENTS = List.of("health", "public-security", "medical-insurance", "human-resources");
  private static final int CHANNELS = 6;
  private static final int BEFORE_KILL = 24;
  private static final int AFTER_KILL = 24;

  @Test
  void killingANodeMidLoadLosesNoAcknowledgedCaseDuplicatesNothingAndMovesTheDeadlineWatcher() throws Exception {
    TestServices.resetTables();
    List<Integer> clusterPorts = List.of(TestNode.freePort(), TestNode.freePort(), TestNode.freePort());
    List<String> members = clusterPorts.stream().map(p -> "127.0.0.1:" + p).toList();
    try (DeliveryLog department = new DeliveryLog(50)) {
      StringBuilder overlay = new StringBuilder("router: {pollMs: 200, deadlineScanMs: 300}\ndepartments:\n");
      for (String d : NEWBORN_DEPARTMENTS) overlay.append(Overlays.push(d, department.url(), 8, 3000, 20)); // no timeout of a 50 ms answer even when loaded
      List<NodeProcess> nodes = new ArrayList<>();
      try {
        NodeProcess victim = NodeProcess.launch("node-1", TestNode.freePort(), clusterPorts.get(0), members, overlay.toString());
        nodes.add(victim);
        victim.awaitReady(1, START);
        String victimHolder = Await.value("the first node holds the deadline watcher's lease", START, NodeKillTest::leaseHolder);
        for (int i = 1; i < 3; i++) {
          nodes.add(NodeProcess.launch("node-" + (i + 1), TestNode.freePort(), clusterPorts.get(i), members, overlay.toString()));
        }
        for (NodeProcess n : nodes) n.awaitReady(3, START);
        assertThat(leaseHolder()).as("the lease stays with the node that took it").isEqualTo(victimHolder);

        Load load = new Load(nodes);
        load.start();
        Await.until(BEFORE_KILL + " cases acknowledged before the kill", WAIT, () -> load.acknowledged.size() >= BEFORE_KILL);
        victim.kill();
        long killedAt = System.nanoTime();
        int atKill = load.acknowledged.size();
        Await.until(AFTER_KILL + " more cases acknowledged after the kill", WAIT, () -> load.acknowledged.size() >= atKill + AFTER_KILL);
        load.stop();

        Await.until("the deadline watcher's lease taken by a survivor", WAIT,
            () -> { String h = leaseHolder(); return h != null && !h.equals(victimHolder); });
        long leaseMovedMs = (System.nanoTime() - killedAt) / 1_000_000;
        for (NodeProcess survivor : nodes.subList(1, 3)) survivor.awaitReady(2, WAIT);
        long membersLeftMs = (System.nanoTime() - killedAt) / 1_000_000;
        String overdue = TestServices.column(
            "SELECT item_id FROM case_items WHERE status IN ('QUEUED', 'DISPATCHED', 'ACCEPTED', 'IN_PROGRESS') LIMIT 1").get(0); // its clock runs
        TestServices.sql("UPDATE case_items SET due_at = now() - interval '1 hour', red_at = NULL WHERE item_id = '" + overdue + "'");
        Await.until("a red card raised by a survivor", WAIT,
            () -> TestServices.count("SELECT count(*) FROM case_events WHERE item_id = '" + overdue + "' AND type = 'ItemOverdue'") == 1);

        Map<String, String> acknowledged = load.acknowledged;
        assertThat(load.unanswered()).as("submissions never acknowledged by any node").isEmpty();
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
          assertThat(TestServices.count("SELECT count(*) FROM cases WHERE case_id = '" + e.getValue() + "'"))
              .as("case of key %s", e.getKey()).isEqualTo(1);
        }
        int replayed = 0;
        for (Map.Entry<String, String> e : acknowledged.entrySet()) { // a channel unsure of an answer sends it again
          Http.Response again = nodes.get(1 + replayed++ % 2).http().postCase("dev-portal", e.getKey(), load.bodies.get(e.getKey()));
          assertThat(again.status()).as(again.body()).isIn(200, 201);
          assertThat(again.json().getString("caseId")).as("the same submission sent again, key %s", e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(TestServices.count("SELECT count(*) FROM cases")).as("one case per submission, none twice").isEqualTo(acknowledged.size());

        Await.until("every ready item delivered", WAIT,
            () -> TestServices.count("SELECT count(*) FROM case_items WHERE status = 'QUEUED'") == 0);
        assertThat(department.concurrentDeliveries()).as("items delivered twice at once").isEmpty();
        System.out.printf("NodeKillTest: %d cases acknowledged (%d before the kill), %d retries on another node (%d after a 503, "
                + "%d after a 409 KEY_IN_PROGRESS), %d items delivered, %d redelivered; lease moved by %d ms after the kill, survivors saw 2 members by %d ms%n",
            acknowledged.size(), atKill, load.retried.get(), load.overloaded.get(), load.inProgress.get(), department.deliveries().size(), department.redelivered(),
            leaseMovedMs, membersLeftMs);
      } finally {
        for (NodeProcess n : nodes) n.close();
      }
    }
  }

  private static String leaseHolder() {
    List<String> holders = TestServices.column("SELECT holder FROM leases WHERE name = 'deadline-watcher'");
    return holders.isEmpty() ? null : holders.get(0);
  }

  /**
   * Channels submitting newborn cases round-robin over the nodes; a submission that gets no
   * answer (connection refused or cut), a 503 or a 409 KEY_IN_PROGRESS (the dead node's transaction
   * not yet rolled back) is sent again, same key and body, to the next node.
   */
  private static final class Load {
    final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    final Map<String, String> pending = new ConcurrentHashMap<>();
    final Map<String, String> bodies = new ConcurrentHashMap<>();
    final AtomicInteger retried = new AtomicInteger();
    final AtomicInteger overloaded = new AtomicInteger();
    final AtomicInteger inProgress = new AtomicInteger();
    private final List<NodeProcess> nodes;
    private final ExecutorService pool = Executors.newFixedThreadPool(CHANNELS);
    private final List<Future<?>> channels = new ArrayList<>();
    private volatile boolean running = true;
    private final JsonObject notice;

    Load(List<NodeProcess> nodes) {
      this.nodes = nodes;
      this.notice = nodes.get(0).http().get("/api/v1/things/newborn").json();
    }

    void start() {
      for (int c = 0; c < CHANNELS; c++) {
        int channel = c;
        channels.add(pool.submit(() -> {
          for (int n = 0; running; n++) submit("kill-" + channel + "-" + n, channel + n);
          return null;
        }));
      }
    }

    private void submit(String key, int firstNode) {
      String body = Submissions.fromNotice(notice, Submissions.idNumber()).encode();
      pending.put(key, body);
      bodies.put(key, body);
      for (int attempt = 0; attempt < 30; attempt++) {
        NodeProcess node = nodes.get((firstNode + attempt) % nodes.size());
        if (attempt > 0) retried.incrementAndGet();
        try {
          Http.Response r = node.http().postCase("dev-portal", key, body);
          if (r.status() == 201 || r.status() == 200) {
            acknowledged.put(key, r.json().getString("caseId"));
            pending.remove(key);
            return;
          }
          if (r.status() == 503) overloaded.incrementAndGet();
          else if (r.status() == 409 && "KEY_IN_PROGRESS".equals(r.errorCode())) inProgress.incrementAndGet();
          else throw new AssertionError(key + " on " + node.name() + ": " + r.status() + " " + r.body());
        } catch (IllegalStateException noAnswer) {
          // the node is dead or died mid-request: the same submission goes to the next node
        }
        sleep(100);
      }
    }

    /** Submissions started and never acknowledged (none once {@link #stop} returns, unless every node refused them). */
    Map<String, String> unanswered() { return pending; }

    void stop() throws Exception {
      running = false;
      for (Future<?> f : channels) f.get(60, TimeUnit.SECONDS);
      pool.shutdown();
    }

    private static void sleep(long ms) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
