package onego.domain;

/**
 * Folds full-width forms (全角, U+FF01–U+FF5E and the ideographic space U+3000), as Chinese input
 * methods type them, to their ASCII counterparts; the first step of every identifier normaliser.
 */
public final class FullWidth {
  private FullWidth() {}

  /** {@code "４３０１０２"} → {@code "430102"}; other characters are kept; null stays null. */
  public static String toAscii(String s) {
    if (s == null) return null;
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char folded = c >= '\uFF01' && c <= '\uFF5E' ? (char) (c - 0xFEE0) : c == '\u3000' ? ' ' : c;
      if (folded != c && out == null) out = new StringBuilder(s.length()).append(s, 0, i);
      if (out != null) out.append(folded);
    }
    return out == null ? s : out.toString();
  }

  /** {@code s} folded to ASCII without whitespace (any kind, non-breaking included) and without {@code drop}'s characters. */
  static String compact(String s, String drop) {
    if (s == null) return null;
    String folded = toAscii(s);
    StringBuilder out = new StringBuilder(folded.length());
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || drop.indexOf(c) >= 0) continue;
      out.append(c);
    }
    return out.toString();
  }
}
