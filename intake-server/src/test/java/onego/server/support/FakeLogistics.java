package onego.server.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A logistics service for tests (the JDK's own HTTP server, nothing of OneGo's): records every
 * waybill request and answers what {@link #answer} says; a 2xx carries {@code {"waybill": "EMS<n>CN"}},
 * the same waybill again for a repeated {@code webhook-id}, as a real service deduplicating by it would.
 */
public final class FakeLogistics implements AutoCloseable {
  private final HttpServer server;
  private final List<FakeDepartment.Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, String> waybills = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger(1000);
  private volatile Function<FakeDepartment.Received, Integer> answer = r -> 200;

  public FakeLogistics() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/waybills";
  }

  public FakeLogistics answer(Function<FakeDepartment.Received, Integer> a) {
    this.answer = a;
    return this;
  }

  public List<FakeDepartment.Received> received() { return received; }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    FakeDepartment.Received r = new FakeDepartment.Received(ex.getRequestHeaders().getFirst("webhook-id"),
        ex.getRequestHeaders().getFirst("webhook-timestamp"), ex.getRequestHeaders().getFirst("webhook-signature"), body, System.nanoTime(),
        null);
    received.add(r);
    int status = answer.apply(r);
    byte[] out = new byte[0];
    if (status / 100 == 2) {
      String waybill = waybills.computeIfAbsent(r.webhookId() == null ? "none" : r.webhookId(), k -> "EMS" + next.incrementAndGet() + "CN");
      out = new JsonObject().put("waybill", waybill).encode().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
    }
    ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
