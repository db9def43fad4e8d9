package onego.server.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A department's webhook endpoint for tests (the JDK's own HTTP server, nothing of OneGo's):
 * records every request and answers what {@link #answer} says; {@link #HANG} holds the request
 * open until {@link #release()}.
 */
public final class FakeDepartment implements AutoCloseable {
  public static final int HANG = -1;

  /** One request as received; {@code atNanos}: {@link System#nanoTime()} on arrival; {@code traceparent}: its W3C trace header, if any. */
  public record Received(String webhookId, String timestamp, String signature, String body, long atNanos, String traceparent) {
    public JsonObject json() { return new JsonObject(body); }

    /**
     * What a department holding only {@code secret} ({@code whsec_<base64>}) checks, computed
     * here from the Standard Webhooks spec: some space-separated {@code v1,<base64>} entry of
     * {@code webhook-signature} equals HMAC-SHA256(key, "{id}.{timestamp}.{body}").
     */
    public boolean signedWith(String secret) {
      if (signature == null) return false;
      byte[] expected;
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        expected = mac.doFinal((webhookId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      for (String entry : signature.split(" ")) {
        if (entry.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(3)))) return true;
      }
      return false;
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile Function<Received, Integer> answer = r -> 200;
  private volatile Function<Received, java.util.Map<String, String>> headers = r -> java.util.Map.of();

  public FakeDepartment() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/inbox";
  }

  public FakeDepartment answer(Function<Received, Integer> a) {
    this.answer = a;
    return this;
  }

  /** Headers to answer with (e.g. {@code Retry-After}), beside {@link #answer}'s status. */
  public FakeDepartment headers(Function<Received, java.util.Map<String, String>> h) {
    this.headers = h;
    return this;
  }

  public List<Received> received() { return received; }

  public void release() { released.countDown(); }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Received r = new Received(ex.getRequestHeaders().getFirst("webhook-id"), ex.getRequestHeaders().getFirst("webhook-timestamp"),
        ex.getRequestHeaders().getFirst("webhook-signature"), body, System.nanoTime(), ex.getRequestHeaders().getFirst("traceparent"));
    received.add(r);
    int status = answer.apply(r);
    if (status == HANG) {
      try {
        released.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      status = 200;
    }
    headers.apply(r).forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.sendResponseHeaders(status, -1);
    try (OutputStream o = ex.getResponseBody()) {
      o.flush();
    } catch (IOException ignored) {
      // the router gave up on this request (timeout); nothing to answer
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
