package onego.server.router;

import onego.server.support.Await;
import onego.server.support.FakeDepartment;
import onego.server.support.Overlays;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static onego.server.router.RouterFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that closes while push deliveries are in flight: it claims nothing more, waits for those
 * deliveries to end and records their outcome (DISPATCHED) before it closes; what it never claimed
 * stays QUEUED for the next node.
 */
class DispatchDrainTest {
  @BeforeEach
  void reset() {
    TestServices.resetTables();
  }

  @Test
  void closingFinishesDeliveriesInFlightAndClaimsNothingMore() throws Exception {
    try (FakeDepartment health = new FakeDepartment();
         TestNode node = TestNode.start(Overlays.env("departments:\n" + Overlays.push("health", health.url(), 2, 60_000, 3)))) {
      health.answer(r -> FakeDepartment.HANG);
      RouterFixture f = new RouterFixture(node.http());
      f.submit("newborn");
      f.submit("newborn"); // four health items; two in flight at once
      Await.until("two deliveries in flight", WAIT, () -> health.received().size() == 2);

      CompletableFuture<Void> closed = node.node().close().toCompletionStage().toCompletableFuture();
      Await.until("the node drains", Duration.ofSeconds(10), () -> node.http().get("/health/ready").status() == 503);
      assertThat(closed).as("the close waits for the deliveries in flight").isNotDone();
      health.release();
      closed.get(30, TimeUnit.SECONDS);

      assertThat(health.received()).as("nothing claimed while draining").hasSize(2);
      List<String> delivered = health.received().stream().map(r -> r.json().getString("itemId")).toList();
      for (String itemId : delivered) {
        assertThat(TestServices.column("SELECT status FROM case_items WHERE item_id = '" + itemId + "'"))
            .as("the delivery's outcome is recorded").containsExactly("DISPATCHED");
      }
      assertThat(TestServices.count("SELECT count(*) FROM case_items WHERE department = 'health' AND status = 'QUEUED'"))
          .as("the others stay queued for another node").isEqualTo(2);
    }
  }
}
