package onego.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone and ID numbers in free text however they are written: digit groups joined by spaces,
 * dashes, dots, slashes, commas or parentheses (half- or full-width), full-width digits ０-９,
 * {@code +86} / {@code 0086} in front, a trailing {@code X} of a resident ID. A run of such groups
 * is cut at group boundaries into a mainland mobile (11 digits, 1[3-9]), a Hong Kong, Macau or
 * Taiwan mobile with its country code ({@code +852}/{@code +853} and 8 digits, {@code +886} and 9;
 * masked {@code +852****4567}), a resident ID (18
 * characters per GB 11643, or the old 15 digits) or a landline with its area code (0 + 9 to 11
 * digits), overlapping readings decided by rank (a valid GB 11643 ID, then a mobile, ...); each is
 * replaced by its masked form (first 3 and last 4 kept). A single group of 16 or
 * more digits (bank cards, account numbers, numbers run together) is masked whole. UUIDs are left
 * alone, and so are dates, times, amounts and short numbers, which never take one of these shapes.
 */
final class PiiNumbers {
  /** Characters people put between digit groups; a run may have up to 3 of them in a row. */
  private static final String SEP = "[\\s\\u00a0\\u3000\\-\\u2010-\\u2015\\u2212\\uff0d.\\uff0e\\u00b7\\u30fb/\\uff0f()\\uff08\\uff09_,\\uff0c]";
  private static final Pattern RUN = Pattern.compile("(\\+\\s?)?[0-9](?:" + SEP + "{0,3}[0-9])*(?:" + SEP + "{0,2}[Xx](?![A-Za-z]))?");
  private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final int LONGEST = 18;
  private static final int LONG_GROUP = 16;

  private PiiNumbers() {}

  /** {@code text} with every phone and ID number masked. */
  static String mask(String text) {
    String folded = blankUuids(fold(text));
    Matcher m = RUN.matcher(folded);
    StringBuilder out = null;
    int copied = 0;
    for (int i = 0; (i = next(m, folded, i, c -> c >= '0' && c <= '9' || c == '+')) >= 0; i = m.end()) {
      for (Edit e : edits(folded, m.start(), m.end(), m.group(1) != null)) {
        if (out == null) out = new StringBuilder(text.length());
        out.append(text, copied, e.start).append(e.replacement);
        copied = e.end;
      }
    }
    if (out == null) return text;
    return out.append(text, copied, text.length()).toString();
  }

  /**
   * The next match of {@code m}'s pattern in {@code s} at or after {@code from}, tried only where
   * {@code startsHere} holds for the character (a cheap scan instead of trying the pattern at every
   * position); its start, or -1 when there is none. {@code m} is left on the match.
   */
  static int next(Matcher m, String s, int from, IntPredicate startsHere) {
    int n = s.length();
    m.useTransparentBounds(true);
    for (int i = from; i < n; i++) {
      if (startsHere.test(s.charAt(i)) && m.region(i, n).lookingAt()) return i;
    }
    return -1;
  }

  /** Full-width digits, Latin letters and plus sign as their ASCII forms; same length, so positions carry over. */
  static String fold(String s) {
    char[] out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char f = c >= '\uff10' && c <= '\uff19' ? (char) (c - '\uff10' + '0')
          : c >= '\uff21' && c <= '\uff3a' ? (char) (c - '\uff21' + 'A')
          : c >= '\uff41' && c <= '\uff5a' ? (char) (c - '\uff41' + 'a')
          : c == '\uff0b' ? '+' : c;
      if (f != c) {
        if (out == null) out = s.toCharArray();
        out[i] = f;
      }
    }
    return out == null ? s : new String(out);
  }

  /** A number's masked form: the first 3 and last 4 characters kept, the rest starred (shorter ones all starred). */
  static String keepEnds(String s) {
    int n = s.length();
    if (n < 8) return "*".repeat(n);
    return s.substring(0, 3) + "*".repeat(n - 7) + s.substring(n - 4);
  }

  /** {@code s} with every UUID overwritten by letters (same length), so no pattern finds a number inside one. */
  static String blankUuids(String s) {
    Matcher m = UUID.matcher(s);
    if (!m.find()) return s;
    char[] out = s.toCharArray();
    do {
      for (int i = m.start(); i < m.end(); i++) out[i] = 'u';
    } while (m.find());
    return new String(out);
  }

  private record Edit(int start, int end, String replacement) {}

  private record Group(int start, int end, String digits) {}

  private static List<Edit> edits(String s, int start, int end, boolean plus) {
    List<Group> groups = new ArrayList<>();
    int x = -1;
    int g = -1;
    for (int i = start; i <= end; i++) {
      char c = i < end ? s.charAt(i) : ' ';
      boolean digit = c >= '0' && c <= '9';
      if (digit && g < 0) g = i;
      if (!digit && g >= 0) {
        groups.add(new Group(g, i, s.substring(g, i)));
        g = -1;
      }
      if (c == 'X' || c == 'x') x = i;
    }
    List<Candidate> candidates = candidates(groups, plus, x);
    candidates.sort(Comparator.comparingInt(Candidate::rank).thenComparing(c -> -c.number.length()).thenComparingInt(Candidate::first));
    boolean[] taken = new boolean[groups.size()];
    List<Edit> edits = new ArrayList<>();
    for (Candidate c : candidates) {
      if (anyTaken(taken, c.first, c.last)) continue;
      for (int j = c.first; j <= c.last; j++) taken[j] = true;
      int from = plus && c.first == 0 ? withOpeningParen(s, start) : groups.get(c.first).start;
      int to = c.withX ? x + 1 : groups.get(c.last).end;
      edits.add(new Edit(from, to, masked(c.number)));
    }
    for (int j = 0; j < groups.size(); j++) {
      Group only = groups.get(j);
      if (!taken[j] && only.digits.length() >= LONG_GROUP) edits.add(new Edit(only.start, only.end, keepEnds(only.digits)));
    }
    edits.sort(Comparator.comparingInt(Edit::start));
    return edits;
  }

  private static boolean anyTaken(boolean[] taken, int first, int last) {
    for (int j = first; j <= last; j++) if (taken[j]) return true;
    return false;
  }

  /** {@code (+86) 138...}: the parenthesis before the plus goes with the country code it opens. */
  private static int withOpeningParen(String s, int plusAt) {
    return plusAt > 0 && (s.charAt(plusAt - 1) == '(' || s.charAt(plusAt - 1) == '\uff08') ? plusAt - 1 : plusAt;
  }

  /**
   * A span of groups {@code first..last} that forms a number; {@code rank} orders the choice between
   * overlapping spans: a valid GB 11643 ID, then a mobile, then any 18 characters, a landline, and
   * last an old 15-digit ID (so 1238 + 13800138000 is a masked ID's tail and a phone, not a 15-digit ID).
   */
  private record Candidate(int first, int last, String number, boolean withX, int rank) {}

  private static List<Candidate> candidates(List<Group> groups, boolean plus, int x) {
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      StringBuilder d = new StringBuilder();
      for (int j = i; j < groups.size() && d.length() + groups.get(j).digits.length() <= LONGEST; j++) {
        d.append(groups.get(j).digits);
        String digits = d.toString();
        if (j == groups.size() - 1 && x >= 0 && digits.length() == LONGEST - 1) {
          String id = digits + "X";
          out.add(new Candidate(i, j, id, true, IdNumbers.valid(id) ? 0 : 2));
        }
        int rank = rank(digits, plus && i == 0);
        if (rank >= 0) out.add(new Candidate(i, j, number(digits, plus && i == 0), false, rank));
      }
    }
    return out;
  }

  /** How sure {@code d} (digits only) is a phone or ID number (0 surest), or -1 when it has none of the shapes. */
  private static int rank(String d, boolean plus) {
    int n = d.length();
    if (n == LONGEST) return IdNumbers.valid(d) ? 0 : 2;
    if (mobile(d) != null || regional(d) != null) return 1;
    if (landline(d)) return 3;
    if (plus && d.startsWith("86") && n >= 11 && n <= 13 && d.charAt(2) != '0') return 3;
    if (n == 15 && d.charAt(0) != '0') return 4;
    return -1;
  }

  /** The number shown masked: a Hong Kong, Macau or Taiwan mobile as {@code +852…}, a mainland mobile without its country code, a plus-written landline without 86, else the digits. */
  private static String number(String d, boolean plus) {
    String m = mobile(d);
    if (m != null) return m;
    String r = regional(d);
    if (r != null) return r;
    if (plus && d.startsWith("86") && !landline(d)) return d.substring(2);
    return d;
  }

  /** The mainland mobile (11 digits, 1[3-9]) in {@code d}, without a leading 86 or 0086; null when {@code d} is none. */
  private static String mobile(String d) {
    int n = d.length();
    if (n == 11 && mobileAt(d, 0)) return d;
    if (n == 13 && d.startsWith("86") && mobileAt(d, 2)) return d.substring(2);
    if (n == 15 && d.startsWith("0086") && mobileAt(d, 4)) return d.substring(4);
    return null;
  }

  /**
   * The Hong Kong, Macau or Taiwan mobile in {@code d} (digits only) with its country code, written
   * {@code +85291234567} ({@link Phones#normalize}): 852 or 853 and 8 digits, 886 and 9 digits
   * starting 9 (a trunk 0 before them allowed), each with or without a leading 00; null when
   * {@code d} is none. Without the country code such a number has no shape a pattern could tell.
   */
  static String regional(String d) {
    String x = d.startsWith("00") ? d.substring(2) : d;
    if (x.length() == 11 && (x.startsWith("852") || x.startsWith("853"))) return "+" + x;
    if (x.startsWith("886")) {
      String national = x.length() == 13 && x.charAt(3) == '0' ? x.substring(4) : x.substring(3);
      if (national.length() == 9 && national.charAt(0) == '9') return "+886" + national;
    }
    return null;
  }

  /**
   * A number's masked form: a Hong Kong, Macau or Taiwan one ({@code +852…}) keeps its country code
   * and the last 4 digits ({@code +852****4567}; its national number is too short to show 3 more),
   * any other its first 3 and last 4 characters ({@link #keepEnds}).
   */
  static String masked(String number) {
    if (!number.startsWith("+")) return keepEnds(number);
    return number.substring(0, 4) + "*".repeat(number.length() - 8) + number.substring(number.length() - 4);
  }

  private static boolean mobileAt(String d, int i) {
    return d.charAt(i) == '1' && d.charAt(i + 1) >= '3';
  }

  /** A landline with its area code: 0, a non-zero digit, 10 to 12 digits in all. */
  private static boolean landline(String d) {
    return d.length() >= 10 && d.length() <= 12 && d.charAt(0) == '0' && d.charAt(1) != '0';
  }
}
