package onego.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a personal name may be written other than it was filed, for finding it in free text
 * (docs/design.md "One masking policy"): in either Unicode normalization form (NFC or NFD; a CJK
 * compatibility ideograph is the same name as the unified ideograph it normalizes to); with any of
 * the middle dots people type between the parts of a transcribed name ({@link #DOTS}: ·, •, ・, ．,
 * ‧, ⋅, ･, ∙, the Greek ano teleia, or a plain full stop); and with characters the JDK's Unicode
 * tables do not know yet (CJK Extension H, U+31350..U+323AF, is unassigned in Java 17) or
 * private-use ones (U+E000..U+F8FF, planes 15 and 16), both used for rare names, counted as letters
 * of a name like Han characters.
 */
final class NameForms {
  /** The middle dots (间隔号) people write between the parts of a transcribed name; U+00B7 is the standard one. */
  static final String DOTS = "\u00b7\u0387\u2022\u2027\u2219\u22c5\u2e31\u30fb\uff0e\uff65";
  /** A regex class: one letter of a name (Han, unassigned or private use). */
  static final String LETTER = "[\\p{IsHan}\\p{Cn}\\p{Co}]";
  /** A regex class: one middle dot, or a full stop used as one. */
  static final String DOT = "[" + DOTS + ".]";

  private NameForms() {}

  /**
   * A pattern finding {@code name} however it is written (see the class); null for a blank name.
   * Each code point of the name's NFC form matches itself, its NFD form and the compatibility
   * ideographs that normalize to it; each middle dot matches any of them.
   */
  static Pattern pattern(String name) {
    String n = Normalizer.normalize(name.strip(), Normalizer.Form.NFC);
    if (n.isEmpty()) return null;
    StringBuilder re = new StringBuilder();
    n.codePoints().forEach(cp -> {
      if (isDot(cp)) {
        re.append(DOT);
        return;
      }
      String c = Character.toString(cp);
      Set<String> forms = new LinkedHashSet<>();
      forms.add(c);
      forms.add(Normalizer.normalize(c, Normalizer.Form.NFD));
      for (int compat : Compat.TO.getOrDefault(cp, List.of())) forms.add(Character.toString(compat));
      if (forms.size() == 1) {
        re.append(Pattern.quote(c));
      } else {
        re.append("(?:");
        for (String f : forms) re.append(Pattern.quote(f)).append('|');
        re.setCharAt(re.length() - 1, ')');
      }
    });
    return Pattern.compile(re.toString());
  }

  static boolean isDot(int cp) {
    return cp == '.' || DOTS.indexOf(cp) >= 0;
  }

  /** The CJK compatibility ideographs by the unified ideograph each normalizes to (a singleton decomposition). */
  private static final class Compat {
    static final Map<Integer, List<Integer>> TO = build();

    private static Map<Integer, List<Integer>> build() {
      Map<Integer, List<Integer>> to = new HashMap<>();
      int[][] blocks = {{0xF900, 0xFAFF}, {0x2F800, 0x2FA1F}};
      for (int[] b : blocks) {
        for (int cp = b[0]; cp <= b[1]; cp++) {
          if (!Character.isDefined(cp)) continue;
          String n = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFC);
          if (n.codePointCount(0, n.length()) == 1 && n.codePointAt(0) != cp) to.computeIfAbsent(n.codePointAt(0), k -> new ArrayList<>()).add(cp);
        }
      }
      return to;
    }
  }
}
