package onego.server.support;

import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what {@link java.net.URI} and the JDK client refuse to send:
 * broken percent-encoding, raw bytes in the request target or the body, odd headers.
 */
public final class RawHttp {
  private final int port;

  public RawHttp(int port) {
    this.port = port;
  }

  public record Response(int status, Map<String, String> headers, String body) {
    public JsonObject json() { return new JsonObject(body); }
    public String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }
    public String errorCode() { return json().getJsonObject("error").getString("code"); }

    /** The {@code field}s of the error's {@code details}. */
    public java.util.List<String> fields() {
      return json().getJsonObject("error").getJsonArray("details").stream().map(d -> ((JsonObject) d).getString("field")).toList();
    }
  }

  /** Sends {@code method target} (the raw request target, sent as given) with {@code headers} and {@code body}. */
  public Response send(String method, String target, Map<String, String> headers, byte[] body) {
    try (Socket s = new Socket("localhost", port)) {
      s.setSoTimeout(30_000);
      StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (body != null && !headers.containsKey("Transfer-Encoding")) head.append("Content-Length: ").append(body.length).append("\r\n");
      head.append("\r\n");
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) out.write(body);
      out.flush();
      return parse(s.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + target, e);
    }
  }

  /** Sends a request the server cannot answer (it closes the connection); fails if it answers anyway. */
  public void sendExpectingNothing(String method, String target, Map<String, String> headers, byte[] body) {
    try {
      Response r = send(method, target, headers, body);
      throw new AssertionError("expected no answer, got " + r.status() + " " + r.body());
    } catch (IllegalStateException closedWithoutAnswer) {
      // as expected
    }
  }

  public Response get(String target, String token) {
    return send("GET", target, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token), null);
  }

  public Response post(String target, String token, String contentType, byte[] body) {
    Map<String, String> h = new LinkedHashMap<>();
    if (token != null) h.put("Authorization", "Bearer " + token);
    if (contentType != null) h.put("Content-Type", contentType);
    h.put("Idempotency-Key", "raw-" + System.nanoTime());
    return send("POST", target, h, body);
  }

  /**
   * Opens {@code /api/v1/ws} with {@code token}, sends one masked frame ({@code opcode} 1 text, 2
   * binary) carrying {@code payload} as it is, and answers the server's reply: the close code of a
   * close frame, or -1 with any other frame.
   */
  public int webSocketFrame(String token, int opcode, byte[] payload) {
    try (Socket s = new Socket("localhost", port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /api/v1/ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer " + token + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      java.io.InputStream in = s.getInputStream();
      int matched = 0;
      while (matched < 4) matched = in.read() == "\r\n\r\n".charAt(matched) ? matched + 1 : 0;
      byte[] mask = {1, 2, 3, 4};
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write(0x80 | opcode);
      frame.write(0x80 | payload.length); // short payloads only
      frame.writeBytes(mask);
      for (int i = 0; i < payload.length; i++) frame.write(payload[i] ^ mask[i % 4]);
      out.write(frame.toByteArray());
      int op = in.read() & 0x0F;
      byte[] data = in.readNBytes(in.read() & 0x7F);
      return op == 8 ? ((data[0] & 0xFF) << 8) | (data[1] & 0xFF) : -1;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Response parse(byte[] raw) {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (end < 0) throw new IllegalStateException("no complete response: " + new String(raw, StandardCharsets.ISO_8859_1));
    String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) rest = dechunk(rest);
    return new Response(status, headers, new String(rest, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < in.length) {
      int eol = indexOf(java.util.Arrays.copyOfRange(in, i, in.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
      if (eol < 0) break;
      int size = Integer.parseInt(new String(in, i, eol, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
      if (size == 0) break;
      out.write(in, i + eol + 2, size);
      i += eol + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
