package onego.server.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.FieldError;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text OneGo can keep: PostgreSQL stores neither NUL (U+0000, in {@code text} or {@code jsonb})
 * nor an unpaired UTF-16 surrogate (it is no Unicode character; {@code \ud800} in JSON decodes to
 * one), and the contract's bodies are UTF-8 (RFC 8259 §8.1), decoded strictly: an invalid byte is
 * refused, never replaced by U+FFFD. Every body, parameter and WebSocket frame passes here at the
 * edge, so nothing unstorable reaches a service or the database.
 */
public final class StorableText {
  private StorableText() {}

  /** Why {@code s} cannot be stored, or null when it can. */
  public static String problem(String s) {
    if (s == null) return null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\u0000') return "contains a NUL character (U+0000), which cannot be stored";
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "contains an unpaired surrogate (U+" + Integer.toHexString(c).toUpperCase() + "), which is no Unicode character";
      }
    }
    return null;
  }

  /**
   * Every member name and string value of a parsed JSON tree that cannot be stored, and every
   * number beyond a double ({@code 1e400} parses as infinity, which JSON cannot hold), with its
   * path ({@code applicant.name}, {@code materials[0].code}); empty when all can.
   */
  public static List<FieldError> scan(Object json) {
    List<FieldError> out = new ArrayList<>();
    scan(json, "", out);
    return out;
  }

  private static void scan(Object v, String path, List<FieldError> out) {
    if (v instanceof Double d && !Double.isFinite(d) || v instanceof Float f && !Float.isFinite(f)) {
      out.add(new FieldError(path.isEmpty() ? "body" : path, "is a number too large to store"));
    } else if (v instanceof String s) {
      String p = problem(s);
      if (p != null) out.add(new FieldError(path.isEmpty() ? "body" : path, p));
    } else if (v instanceof JsonObject o) {
      for (Map.Entry<String, Object> e : o) {
        String at = path.isEmpty() ? visible(e.getKey()) : path + "." + visible(e.getKey());
        String p = problem(e.getKey());
        if (p != null) out.add(new FieldError(at, "the member name " + p));
        scan(e.getValue(), at, out);
      }
    } else if (v instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) scan(a.getValue(i), path + "[" + i + "]", out);
    }
  }

  /** A name as it can be shown in an error: NUL and unpaired surrogates written as {@code \\uXXXX}. */
  static String visible(String name) {
    if (problem(name) == null) return name;
    StringBuilder b = new StringBuilder(name.length() + 8);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1));
      if (c == 0 || (Character.isSurrogate(c) && !pair)) {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
        if (pair) b.append(name.charAt(++i));
      }
    }
    return b.toString();
  }

  /** Strictly decoded UTF-8: the text, or where the first invalid byte is. */
  public record Decoded(String text, int badByte, int badChar) {
    public boolean ok() { return text != null; }
  }

  /** Decodes {@code bytes} as UTF-8 without replacing anything (overlong forms and encoded surrogates are invalid too). */
  public static Decoded utf8(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = decoder.decode(in, out, true);
    if (r.isError()) return new Decoded(null, in.position(), out.position());
    r = decoder.flush(out);
    if (r.isError()) return new Decoded(null, in.position(), out.position());
    return new Decoded(out.flip().toString(), -1, -1);
  }
}
