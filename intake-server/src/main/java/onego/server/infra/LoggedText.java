package onego.server.infra;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.LoggerFormatter;
import onego.domain.Pii;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What a log line may show of a text that can carry URLs (docs/design.md "One masking policy"): the
 * masking policy ({@link Pii#scrub}) applied to the <em>decoded</em> text, because a URL hides
 * personal data from a pattern when it percent-encodes it ({@code 430102%2019900101%201238},
 * {@code %EF%BC%94…} for full-width digits, {@code %2B86} before a phone). Percent escapes are
 * decoded as UTF-8 until none is left (at most {@value #ROUNDS} rounds, so a double-encoded
 * {@code %2531} is seen as {@code 1} too); bytes that are no UTF-8 stay escaped; control characters
 * a decoding produces (a {@code %0A}) are escaped again so one line stays one line. The line shows
 * the decoded, masked text.
 */
public final class LoggedText {
  private static final int ROUNDS = 3;

  private LoggedText() {}

  /** {@code text} (a log message, a path, a URI) decoded as above and masked; null stays null. */
  public static String mask(String text) {
    return text == null ? null : Pii.scrub(decoded(text));
  }

  /**
   * A request URI ({@code /path?query}) as logged: as {@link #mask}, with {@code +} in the query read
   * as a space (form encoding, as the server reads query parameters) before its escapes are decoded.
   */
  public static String uri(String uri) {
    if (uri == null) return null;
    int q = uri.indexOf('?');
    return mask(q < 0 ? uri : uri.substring(0, q + 1) + uri.substring(q + 1).replace('+', ' '));
  }

  /**
   * The access log line (the Vert.x {@code TINY} format with the URI masked by {@link #uri} and quoted):
   * {@code GET "/api/v1/applicants/430***********1238/cases" 200 57 - 3 ms}; method, masked URI,
   * status, response bytes written, milliseconds. The quotes end the URI for the line's own masking scan,
   * which reads digits across spaces and dashes: unquoted, {@code to=2026-03-31 200 1234} read as one number.
   */
  public static final LoggerFormatter ACCESS_LINE = (RoutingContext ctx, long ms) -> ctx.request().method() + " \""
      + uri(ctx.request().uri()) + "\" " + ctx.response().getStatusCode() + " " + ctx.response().bytesWritten() + " - " + ms + " ms";

  /** {@code s} with its percent escapes decoded, repeatedly; control characters a decoding yields stay escaped. */
  static String decoded(String s) {
    String out = s;
    for (int round = 0; round < ROUNDS && hasEscape(out); round++) {
      String next = decodeOnce(out);
      if (next.equals(out)) break;
      out = next;
    }
    return out;
  }

  private static boolean hasEscape(String s) {
    for (int i = s.indexOf('%'); i >= 0 && i + 2 < s.length(); i = s.indexOf('%', i + 1)) {
      if (hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) return true;
    }
    return false;
  }

  /** One round: each run of escapes decoded as UTF-8; a run that is no UTF-8 keeps its non-ASCII bytes escaped. */
  private static String decodeOnce(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      ByteArrayOutputStream run = new ByteArrayOutputStream();
      int j = i;
      while (j + 2 < s.length() && s.charAt(j) == '%' && hex(s.charAt(j + 1)) >= 0 && hex(s.charAt(j + 2)) >= 0) {
        run.write(hex(s.charAt(j + 1)) * 16 + hex(s.charAt(j + 2)));
        j += 3;
      }
      if (j == i) {
        out.append(s.charAt(i++));
        continue;
      }
      out.append(escapeControls(utf8(run.toByteArray())));
      i = j;
    }
    return out.toString();
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      StringBuilder b = new StringBuilder();
      for (byte x : bytes) {
        if (x >= 0) b.append((char) x);
        else b.append('%').append(String.format("%02X", x & 0xff));
      }
      return b.toString();
    }
  }

  /** Control characters (C0, DEL, C1, line and paragraph separators) as their UTF-8 escapes. */
  private static String escapeControls(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || c >= 0x80 && c <= 0x9f || c == '\u2028' || c == '\u2029';
      if (control && b == null) b = new StringBuilder(s.length() + 8).append(s, 0, i);
      if (b == null) continue;
      if (!control) b.append(c);
      else for (byte x : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) b.append('%').append(String.format("%02X", x & 0xff));
    }
    return b == null ? s : b.toString();
  }

  private static int hex(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }
}
