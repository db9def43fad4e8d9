package onego.dev;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

/** The simulated departments' HTTP calls to OneGo's department API, with a department's bearer key. */
final class OneGoClient {
  /** A complete answer: status and body. */
  record Answer(int status, Buffer body) {}

  private final Vertx vertx;
  private final String baseUrl;
  private final HttpClient client;

  OneGoClient(Vertx vertx, String baseUrl) {
    this.vertx = vertx;
    this.baseUrl = baseUrl;
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000));
  }

  Future<Answer> call(HttpMethod method, String path, String apiKey, JsonObject body, long idleTimeoutMs) {
    return call(method, path, apiKey, body, idleTimeoutMs, java.util.Map.of());
  }

  /** As {@link #call(HttpMethod, String, String, JsonObject, long)} with extra request {@code headers}. */
  Future<Answer> call(HttpMethod method, String path, String apiKey, JsonObject body, long idleTimeoutMs, java.util.Map<String, String> headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(baseUrl + path)
        .setIdleTimeout(idleTimeoutMs)
        .putHeader("Accept", "application/json")
        .putHeader("Authorization", "Bearer " + apiKey);
    if (body != null) options.putHeader("Content-Type", "application/json");
    headers.forEach(options::putHeader);
    // body() inside send's callback (not a flat compose chain): Vert.x 5 can otherwise lose the
    // body (eclipse-vertx/vert.x#4705, #6038). The watchdog covers any answer that never completes.
    Promise<Answer> answer = Promise.promise();
    long watchdog = vertx.setTimer(idleTimeoutMs + 5_000,
        t -> answer.tryFail(new TimeoutException("no complete answer within " + (idleTimeoutMs + 5_000) + " ms")));
    client.request(options)
        .compose(req -> (body == null ? req.send() : req.send(body.toBuffer()))
            .compose(res -> res.body().map(b -> new Answer(res.statusCode(), b))))
        .onComplete(ar -> {
          vertx.cancelTimer(watchdog);
          if (ar.succeeded()) answer.tryComplete(ar.result());
          else answer.tryFail(ar.cause());
        });
    return answer.future();
  }

  Future<Void> close() {
    return client.close();
  }

  /** The contract's error code of an error body, or a phrase saying there is none. */
  static String errorCode(Buffer body) {
    try {
      return body.toJsonObject().getJsonObject("error").getString("code");
    } catch (RuntimeException e) {
      return "no error code";
    }
  }

  static String enc(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
