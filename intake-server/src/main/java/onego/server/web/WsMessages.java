package onego.server.web;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;

/**
 * The messages of a server WebSocket, assembled from its frames as RFC 6455 requires and Vert.x's
 * own text handler does not: a text message must be valid UTF-8 (§8.1; else the socket is closed
 * with 1007, never decoded with replacement characters), and a message over
 * {@link HttpServerOptions#DEFAULT_MAX_WEBSOCKET_MESSAGE_SIZE} bytes closes it with 1009. A single
 * frame over the server's frame limit fails in the decoder; {@link #fail} closes with its code.
 */
public final class WsMessages implements Handler<WebSocketFrame> {
  public static final short INVALID_PAYLOAD = 1007;
  public static final short MESSAGE_TOO_BIG = 1009;
  private static final short INTERNAL_ERROR = 1011;

  private final ServerWebSocket ws;
  private final Handler<String> text;
  private final Runnable binary;
  private final int maxBytes;
  private Buffer pending;
  private boolean pendingIsText;

  /** {@code text} gets each text message; {@code binary} runs for each binary one. */
  public WsMessages(ServerWebSocket ws, Handler<String> text, Runnable binary) {
    this.ws = ws;
    this.text = text;
    this.binary = binary;
    this.maxBytes = HttpServerOptions.DEFAULT_MAX_WEBSOCKET_MESSAGE_SIZE;
  }

  @Override
  public void handle(WebSocketFrame frame) {
    if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) return; // ping, pong and close are Vert.x's
    if (!frame.isContinuation()) {
      pending = Buffer.buffer();
      pendingIsText = frame.isText();
    } else if (pending == null) {
      return; // the rest of a message already refused
    }
    if (pending.length() + frame.binaryData().length() > maxBytes) {
      pending = null;
      ws.close(MESSAGE_TOO_BIG, "message over " + maxBytes + " bytes");
      return;
    }
    pending.appendBuffer(frame.binaryData());
    if (!frame.isFinal()) return;
    Buffer message = pending;
    pending = null;
    if (!pendingIsText) {
      binary.run();
      return;
    }
    StorableText.Decoded decoded = StorableText.utf8(message.getBytes());
    if (decoded.ok()) text.handle(decoded.text());
    else ws.close(INVALID_PAYLOAD, "text is not valid UTF-8");
  }

  /** Closes {@code ws} after a read failure: the decoder's code for a malformed or oversized frame (1002, 1007, 1009), else 1011. */
  public static void fail(ServerWebSocket ws, Throwable e) {
    short code = e instanceof CorruptedWebSocketFrameException c ? (short) c.closeStatus().code() : INTERNAL_ERROR;
    ws.close(code, code == MESSAGE_TOO_BIG ? "frame too big" : code == INTERNAL_ERROR ? "internal error" : "malformed frame");
  }
}
