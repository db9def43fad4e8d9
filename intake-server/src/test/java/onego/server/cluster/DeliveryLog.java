package onego.server.cluster;

import onego.server.support.FakeDepartment;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A department endpoint ({@link FakeDepartment}) that holds each delivery for {@code holdMs}
 * before answering 200 and notes every item that arrived while an earlier delivery of the same
 * item was still unanswered (two deliveries of one item at once). Deliveries one after another
 * (a redelivery once a dead node's lease ran out) are counted, not flagged.
 */
final class DeliveryLog implements AutoCloseable {
  private final FakeDepartment endpoint;
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
  private final List<String> concurrent = new CopyOnWriteArrayList<>();

  DeliveryLog(long holdMs) throws IOException {
    endpoint = new FakeDepartment().answer(r -> {
      String itemId = r.json().getString("itemId");
      deliveries.computeIfAbsent(itemId, k -> new AtomicInteger()).incrementAndGet();
      AtomicInteger open = inFlight.computeIfAbsent(itemId, k -> new AtomicInteger());
      if (open.incrementAndGet() > 1) concurrent.add(itemId);
      try {
        Thread.sleep(holdMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        open.decrementAndGet();
      }
      return 200;
    });
  }

  String url() { return endpoint.url(); }

  /** Items delivered while another delivery of them was unanswered. */
  List<String> concurrentDeliveries() { return concurrent; }

  /** Deliveries per item id. */
  Map<String, AtomicInteger> deliveries() { return deliveries; }

  long redelivered() { return deliveries.values().stream().filter(n -> n.get() > 1).count(); }

  @Override
  public void close() {
    endpoint.close();
  }
}
