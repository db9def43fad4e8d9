import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one HTTP/1.x answer incrementally, as its bytes arrive: the status line, the headers that
 * frame the body (Content-Length, Transfer-Encoding: chunked, Connection), then skips the body.
 */
final class ResponseReader {
  private enum State { STATUS, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, DONE }

  private static final int MAX_LINE = 16 * 1024;

  int status;
  boolean close;               // the server closes the connection after this answer
  private State state = State.STATUS;
  private long contentLength;
  private boolean chunked;
  private long remaining;
  private byte[] line = new byte[256];
  private int lineLength;

  void reset() {
    state = State.STATUS;
    status = 0;
    close = false;
    lineLength = 0;
  }

  /** True if the answer has no length of its own and ends where the connection does. */
  boolean endsAtClose() {
    return state == State.UNTIL_CLOSE;
  }

  /** Consumes bytes of {@code in} up to the end of the answer at most; true when the answer is complete. */
  boolean feed(ByteBuffer in) throws IOException {
    while (state != State.DONE && in.hasRemaining()) {
      switch (state) {
        case BODY, CHUNK_DATA, UNTIL_CLOSE -> skip(in);
        default -> {
          if (line(in)) onLine();
        }
      }
    }
    return state == State.DONE;
  }

  private void skip(ByteBuffer in) {
    if (state == State.UNTIL_CLOSE) {
      in.position(in.limit());
      return;
    }
    int n = (int) Math.min(remaining, in.remaining());
    in.position(in.position() + n);
    remaining -= n;
    if (remaining == 0) state = state == State.BODY ? State.DONE : State.CHUNK_END;
  }

  /** Gathers bytes up to a line feed; true when a whole line (without CR LF) is in {@code line}. */
  private boolean line(ByteBuffer in) throws IOException {
    while (in.hasRemaining()) {
      byte b = in.get();
      if (b == '\n') {
        if (lineLength > 0 && line[lineLength - 1] == '\r') lineLength--;
        return true;
      }
      if (lineLength == line.length) {
        if (lineLength >= MAX_LINE) throw new IOException("answer line longer than " + MAX_LINE + " bytes");
        line = Arrays.copyOf(line, lineLength * 2);
      }
      line[lineLength++] = b;
    }
    return false;
  }

  private void onLine() throws IOException {
    String text = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
    lineLength = 0;
    switch (state) {
      case STATUS -> statusLine(text);
      case HEADERS -> {
        if (text.isEmpty()) endOfHeaders();
        else header(text);
      }
      case CHUNK_SIZE -> chunkSize(text);
      case CHUNK_END -> {
        if (!text.isEmpty()) throw new IOException("chunk not followed by CR LF");
        state = State.CHUNK_SIZE;
      }
      case TRAILERS -> {
        if (text.isEmpty()) state = State.DONE;
      }
      default -> throw new IllegalStateException(state.name());
    }
  }

  private void statusLine(String text) throws IOException {
    if (text.isEmpty()) return;                 // a stray CR LF before the answer
    int sp = text.indexOf(' ');
    if (!text.startsWith("HTTP/1.") || sp < 0 || text.length() < sp + 4) throw new IOException("not an HTTP/1.x status line: " + text);
    try {
      status = Integer.parseInt(text.substring(sp + 1, sp + 4));
    } catch (NumberFormatException e) {
      throw new IOException("bad status line: " + text);
    }
    close = text.startsWith("HTTP/1.0");        // 1.0 closes unless it says keep-alive
    contentLength = -1;
    chunked = false;
    state = State.HEADERS;
  }

  private void header(String text) throws IOException {
    int colon = text.indexOf(':');
    if (colon <= 0) throw new IOException("bad header line: " + text);
    String name = text.substring(0, colon).trim();
    String value = text.substring(colon + 1).trim().toLowerCase(java.util.Locale.ROOT);
    if (name.equalsIgnoreCase("Content-Length")) {
      try {
        contentLength = Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length: " + value);
      }
    } else if (name.equalsIgnoreCase("Transfer-Encoding")) chunked = value.endsWith("chunked");
    else if (name.equalsIgnoreCase("Connection")) {
      if (value.contains("close")) close = true;
      else if (value.contains("keep-alive")) close = false;
    }
  }

  private void endOfHeaders() {
    if (status >= 100 && status < 200) {        // an interim answer: the real one follows
      state = State.STATUS;
    } else if (status == 204 || status == 304) {
      state = State.DONE;
    } else if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (contentLength >= 0) {
      remaining = contentLength;
      state = remaining == 0 ? State.DONE : State.BODY;
    } else {
      state = State.UNTIL_CLOSE;
      close = true;
    }
  }

  private void chunkSize(String text) throws IOException {
    int end = 0;
    while (end < text.length() && Character.digit(text.charAt(end), 16) >= 0) end++;
    if (end == 0) throw new IOException("bad chunk size: " + text);
    remaining = Long.parseLong(text.substring(0, end), 16);
    state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
  }
}
