package onego.server.streams;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.server.config.StreamSettings;
import onego.server.streams.StreamMetrics.Transport;
import onego.server.web.Drain;

import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One Server-Sent Events response following one case: {@code id}/{@code event}/{@code data}
 * frames, a comment heartbeat, and a bounded write queue. A subscriber whose queue fills is
 * disconnected; it resumes with {@code Last-Event-ID}, so nothing is lost and memory stays bounded.
 * When the caller's token expires the response ends after a {@code : token expired} comment (a
 * client reconnects with a fresh token and {@code Last-Event-ID}); when the node shuts down it ends
 * after a {@code retry:} hint; closing in any way frees the caller's stream slot.
 */
final class SseSession {
  private static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");
  /** The {@code retry:} hint (ms) when the node shuts down: soon, and a load balancer sends the reconnect elsewhere. */
  static final int RECONNECT_MS = 1_000;

  private final RoutingContext ctx;
  private final HttpServerResponse response;
  private final StreamSettings settings;
  private final StreamMetrics metrics;
  private final UnaryOperator<JsonObject> redaction;
  private final Instant expiresAt;
  private final Runnable release;
  private CaseEventStream stream;
  private long heartbeat = -1;
  private long expiry = -1;
  private Runnable undrain = () -> { };
  private boolean closed;

  /** @param expiresAt when the caller's token expires (null: never, an API key); {@code release} frees its stream slot */
  SseSession(RoutingContext ctx, StreamSettings settings, StreamMetrics metrics, UnaryOperator<JsonObject> redaction,
             Instant expiresAt, Runnable release) {
    this.ctx = ctx;
    this.expiresAt = expiresAt;
    this.release = release;
    this.response = ctx.response();
    this.settings = settings;
    this.metrics = metrics;
    this.redaction = redaction;
  }

  /** Status and headers of an event stream (also the whole answer to a HEAD). */
  static HttpServerResponse headers(HttpServerResponse response) {
    return response.setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY) // compressing would hold frames back
        .putHeader("X-Accel-Buffering", "no")
        .setChunked(true);
  }

  void open(EventQueries queries, UUID caseId, int after) {
    Vertx vertx = ctx.vertx();
    headers(response).setWriteQueueMaxSize(settings.sseWriteQueueBytes());
    response.closeHandler(v -> close());
    response.exceptionHandler(e -> close());
    metrics.opened(Transport.SSE);
    response.write(": following case " + caseId + " after " + after + "\n\n");
    heartbeat = vertx.setPeriodic(settings.heartbeatMs(), t -> {
      response.write(HEARTBEAT);
      if (response.writeQueueFull()) drop();
    });
    if (expiresAt != null) expiry = vertx.setTimer(Math.max(1, expiresAt.toEpochMilli() - System.currentTimeMillis()), t -> expire());
    Drain drain = Drain.of(ctx);
    if (drain != null) undrain = drain.onDrain(this::drained);
    stream = new CaseEventStream(vertx, queries, caseId, after, this::send, e -> disconnect(), settings);
    stream.start().onFailure(e -> disconnect());
  }

  private boolean send(JsonObject event) {
    if (closed) return false;
    JsonObject visible = redaction.apply(event);
    response.write("id: " + event.getInteger("seq") + "\nevent: " + event.getString("type") + "\ndata: " + visible.encode() + "\n\n");
    metrics.delivered(Transport.SSE, event);
    if (response.writeQueueFull()) {
      drop();
      return false;
    }
    return true;
  }

  private void drop() {
    if (closed) return;
    metrics.dropped(Transport.SSE);
    disconnect();
  }

  private void expire() {
    if (closed) return;
    response.write(": token expired\n\n");
    close();
    response.end();
  }

  /** The node shuts down: the client is told when to reconnect (to another node, by Last-Event-ID) and the response ends. */
  private void drained() {
    if (closed) return;
    response.write(": node shutting down; reconnect with Last-Event-ID\nretry: " + RECONNECT_MS + "\n\n");
    close();
    response.end();
  }

  private void disconnect() {
    close();
    ctx.request().connection().close();
  }

  private void close() {
    if (closed) return;
    closed = true;
    if (heartbeat >= 0) ctx.vertx().cancelTimer(heartbeat);
    if (expiry >= 0) ctx.vertx().cancelTimer(expiry);
    if (stream != null) stream.close();
    undrain.run();
    metrics.closed(Transport.SSE);
    release.run();
  }
}
