package onego.server.streams;

import io.vertx.core.json.JsonObject;
import onego.server.support.Overlays;
import onego.server.support.TestNode;
import onego.server.support.WsClient;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * WebSocket keep-alive ({@code streams.wsPingSeconds}, {@code streams.wsPongTimeoutSeconds}): with
 * a 2 s HTTP idle timeout and 1 s pings, a client that answers pings (Vert.x's does, by itself)
 * stays connected well past the idle timeout; a client that completes the upgrade and then never
 * answers is pinged and then closed with 1001.
 */
class WsKeepAliveTest {
  private static final String OVERLAY = "http:\n  idleTimeoutSeconds: 2\nstreams:\n  wsPingSeconds: 1\n  wsPongTimeoutSeconds: 3\n";

  @Test
  void anIdleClientThatAnswersPingsStaysConnectedPastTheIdleTimeout() throws Exception {
    try (TestNode node = TestNode.start(Overlays.env(OVERLAY)); WsClient ws = WsClient.connect(node.port(), "dev-admin", false)) {
      assertThatThrownBy(() -> ws.closeStatus(6_000)).as("still open three idle timeouts later").isInstanceOf(TimeoutException.class);
      ws.send(new JsonObject().put("op", "subscribe").put("department", "health"));
      assertThat(ws.nextOp("subscribed", 5_000)).as("and still served").isNotNull();
    }
  }

  @Test
  void aClientThatNeverAnswersPingsIsClosedWithGoingAway() throws Exception {
    try (TestNode node = TestNode.start(Overlays.env(OVERLAY)); Socket s = new Socket("localhost", node.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      String key = Base64.getEncoder().encodeToString("a dead client 16".getBytes(StandardCharsets.US_ASCII));
      out.write(("GET /api/v1/ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer dev-admin\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 101");
      // read (never answer) until the server closes
      List<Integer> opcodes = new ArrayList<>();
      int closeCode = -1;
      while (closeCode < 0) {
        int b0 = in.readUnsignedByte();
        int len = in.readUnsignedByte() & 0x7f;
        if (len == 126) len = in.readUnsignedShort();
        byte[] payload = new byte[len];
        in.readFully(payload);
        int opcode = b0 & 0x0f;
        opcodes.add(opcode);
        if (opcode == 0x8) closeCode = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
      }
      assertThat(opcodes).as("pinged before being closed").contains(0x9);
      assertThat(closeCode).isEqualTo(1001);
    }
  }

  private static String readHead(DataInputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.readUnsignedByte());
    return head.toString();
  }
}
