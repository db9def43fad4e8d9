package onego.server.support;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A plain JDK HTTP client against a test node; every call goes over a real socket. */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final int port;

  public Http(int port) {
    this.port = port;
  }

  public record Response(int status, java.net.http.HttpHeaders headers, String body) {
    public JsonObject json() { return new JsonObject(body); }
    public String header(String name) { return headers.firstValue(name).orElse(null); }
    public String errorCode() { return json().getJsonObject("error").getString("code"); }
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(60));
  }

  public Response get(String path) {
    return send(request(path).GET().build());
  }

  public Response get(String path, String token) {
    return send(request(path).header("Authorization", "Bearer " + token).GET().build());
  }

  /**
   * The node's {@code /metrics} sample {@code name} (a Prometheus name, e.g. {@code onego_intake_batch_size_count}),
   * summed over its series whose labels contain every one of {@code labels} ({@code result="hit"}); 0 when none.
   */
  public double metric(String name, String... labels) {
    return get("/metrics").body().lines()
        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  public Response postCase(String token, String key, String body) {
    return send(caseRequest(token, key, body));
  }

  public CompletableFuture<Response> postCaseAsync(String token, String key, String body) {
    return sendAsync(caseRequest(token, key, body));
  }

  public CompletableFuture<Response> sendAsync(HttpRequest request) {
    return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> new Response(r.statusCode(), r.headers(), r.body()));
  }

  public HttpRequest caseRequest(String token, String key, String body) {
    HttpRequest.Builder b = request("/api/v1/cases").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (key != null) b.header("Idempotency-Key", key);
    return b.build();
  }

  public Response send(HttpRequest request) {
    try {
      HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(request.uri().toString(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
