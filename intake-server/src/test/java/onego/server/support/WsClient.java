package onego.server.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (Vert.x, its own instance) collecting the server's text frames. */
public final class WsClient implements AutoCloseable {
  private static final Vertx VERTX = Vertx.vertx();

  private final WebSocket ws;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();

  private WsClient(WebSocket ws) {
    this.ws = ws;
    ws.textMessageHandler(t -> frames.add(new JsonObject(t)));
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
  }

  /** Connects with the token in the Authorization header, or in {@code ?access_token=} when {@code inQuery}. */
  public static WsClient connect(int port, String token, boolean inQuery) throws Exception {
    WebSocketClient client = VERTX.createWebSocketClient();
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("localhost").setPort(port)
        .setURI("/api/v1/ws" + (inQuery && token != null ? "?access_token=" + token : ""));
    if (!inQuery && token != null) o.addHeader("Authorization", "Bearer " + token);
    return new WsClient(client.connect(o).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
  }

  public void send(JsonObject frame) {
    ws.writeTextMessage(frame.encode());
  }

  public void sendRaw(String text) {
    ws.writeTextMessage(text);
  }

  /** The next frame, or null after {@code timeoutMs}. */
  public JsonObject next(long timeoutMs) throws InterruptedException {
    return frames.poll(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /** The next frame with this {@code op} (event frames have none), skipping others. */
  public JsonObject nextOp(String op, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      JsonObject f = next(deadline - System.currentTimeMillis());
      if (f != null && op.equals(f.getString("op"))) return f;
    }
    return null;
  }

  public void pause() { ws.pause(); }
  public void resume() { ws.resume(); }

  /** How many frames arrived so far (and were not taken). */
  public int buffered() { return frames.size(); }

  /** The close status code once the server closed, waiting up to {@code timeoutMs}. */
  public Short closeStatus(long timeoutMs) throws Exception {
    return closed.get(timeoutMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (!ws.isClosed()) ws.close();
  }
}
