
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * HTTP/1.1 and WebSocket over plain sockets, one connection per request, so that the storm can
 * send what no client library would: broken percent-encoding, raw bytes in the request line,
 * headers and body, lone surrogates, odd framing. Server-Sent Events and upgrades are read up to
 * their head.
 */
final class Wire {
  /** No answer at all: the server closed the connection (status -1) or did not answer in time (status -2). */
  static final int CLOSED = -1;
  static final int TIMEOUT = -2;
  /** An answer that is not HTTP/1.x, such as the HTTP/2 SETTINGS frame that answers the HTTP/2 preface. */
  static final int NOT_HTTP1 = -3;

  /** A request; {@code raw}, when set, is sent instead of everything else. */
  record Request(String kind, String method, String target, List<String[]> headers, byte[] body, byte[] raw) {
    static Request of(String kind, String method, String target) {
      return new Request(kind, method, target, new ArrayList<>(), null, null);
    }
    Request header(String name, String value) { headers.add(new String[] {name, value}); return this; }
    Request body(byte[] b) { return new Request(kind, method, target, headers, b, raw); }
    @Override public String toString() {
      return raw != null ? kind + " <" + raw.length + " raw bytes>" : kind + " " + method + " " + (target.length() > 120 ? target.substring(0, 120) + "..." : target);
    }
  }

  record Response(int status, Map<String, String> headers, String body) {}

  private final String host;
  private final int port;
  private final int timeoutMs;

  Wire(String host, int port, int timeoutMs) {
    this.host = host;
    this.port = port;
    this.timeoutMs = timeoutMs;
  }

  Response send(Request r) {
    try (Socket s = new Socket(host, port)) {
      s.setSoTimeout(timeoutMs);
      OutputStream out = s.getOutputStream();
      if (r.raw() != null) {
        out.write(r.raw());
        s.shutdownOutput(); // the bytes may be the start of a request: say that nothing more comes
      } else {
        StringBuilder head = new StringBuilder(r.method() + " " + r.target() + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
        boolean framed = false;
        boolean chunked = false;
        for (String[] h : r.headers()) {
          head.append(h[0]).append(": ").append(h[1]).append("\r\n");
          framed |= h[0].equalsIgnoreCase("Content-Length") || h[0].equalsIgnoreCase("Transfer-Encoding");
          chunked |= h[0].equalsIgnoreCase("Transfer-Encoding") && h[1].contains("chunked");
        }
        if (r.body() != null && !framed) head.append("Content-Length: ").append(r.body().length).append("\r\n");
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1)); // header bytes as given
        if (r.body() != null && chunked) out.write((Integer.toHexString(r.body().length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        if (r.body() != null) out.write(r.body());
        if (r.body() != null && chunked) out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      out.flush();
      return read(s.getInputStream(), "HEAD".equals(r.method()));
    } catch (SocketTimeoutException e) {
      return new Response(TIMEOUT, Map.of(), "");
    } catch (IOException | RuntimeException e) {
      return new Response(CLOSED, Map.of(), String.valueOf(e));
    }
  }

  private static Response read(InputStream in, boolean headOnly) throws IOException {
    byte[] start = in.readNBytes(5);
    if (start.length == 0) return new Response(CLOSED, Map.of(), "closed before an answer");
    if (!new String(start, StandardCharsets.ISO_8859_1).equals("HTTP/")) return new Response(NOT_HTTP1, Map.of(), "");
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.writeBytes(start);
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) return new Response(CLOSED, Map.of(), "closed before an answer");
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int k = 1; k < lines.length; k++) {
      int colon = lines[k].indexOf(':');
      if (colon > 0) headers.put(lines[k].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[k].substring(colon + 1).trim());
    }
    if (headOnly || status == 101 || status == 204 || status == 304 || headers.getOrDefault("content-type", "").startsWith("text/event-stream")) return new Response(status, headers, "");
    byte[] body;
    if (headers.containsKey("content-length")) body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) body = chunks(in);
    else body = in.readAllBytes();
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] chunks(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      int n = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (n == 0) return out.toByteArray();
      out.write(in.readNBytes(n));
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) if (c != '\r') b.append((char) c);
    return b.toString();
  }

  /**
   * Opens {@code /api/v1/ws} with {@code token}, sends one frame ({@code opcode} 1 text, 2 binary)
   * and answers what came back: {@code "frame <op>:<code>"} for a server frame, {@code "close
   * <code>"} when the server closed the socket, or the HTTP status when there was no upgrade.
   */
  String websocket(String token, int opcode, byte[] payload, Random random) {
    try (Socket s = new Socket(host, port)) {
      s.setSoTimeout(timeoutMs);
      byte[] key = new byte[16];
      random.nextBytes(key);
      String head = "GET /api/v1/ws HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
          + "Authorization: Bearer " + token + "\r\n\r\n";
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      Response upgrade = read(in, false);
      if (upgrade.status() != 101) return "http " + upgrade.status();
      out.write(frame(opcode, payload, random));
      out.flush();
      int b0 = in.read();
      if (b0 < 0) return "close none";
      int len = in.read() & 0x7F;
      if (len == 126) len = (in.read() << 8) | in.read();
      else if (len == 127) len = (int) new java.math.BigInteger(in.readNBytes(8)).longValue();
      byte[] data = in.readNBytes(len);
      int op = b0 & 0x0F;
      if (op == 8) return "close " + (data.length >= 2 ? ((data[0] & 0xFF) << 8 | (data[1] & 0xFF)) : 1005);
      String text = new String(data, StandardCharsets.UTF_8);
      int at = text.indexOf("\"code\":\"");
      return "frame " + (at < 0 ? "other" : text.substring(at + 8, text.indexOf('"', at + 8)));
    } catch (SocketTimeoutException e) {
      return "timeout";
    } catch (IOException | RuntimeException e) {
      return "close reset";
    }
  }

  private static byte[] frame(int opcode, byte[] payload, Random random) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(0x80 | opcode);
    if (payload.length < 126) {
      f.write(0x80 | payload.length);
    } else if (payload.length < 65536) {
      f.write(0x80 | 126);
      f.write(payload.length >> 8);
      f.write(payload.length & 0xFF);
    } else {
      f.write(0x80 | 127);
      for (int k = 7; k >= 0; k--) f.write((int) ((long) payload.length >> (8 * k)) & 0xFF);
    }
    byte[] mask = new byte[4];
    random.nextBytes(mask);
    f.writeBytes(mask);
    for (int k = 0; k < payload.length; k++) f.write(payload[k] ^ mask[k % 4]);
    return f.toByteArray();
  }
}
