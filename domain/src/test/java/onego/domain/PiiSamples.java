package onego.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Personal data in many written forms, from a seed (the same seed, the same data): resident ID
 * numbers valid by GB 11643 (about a third ending in X), mobile and landline numbers, unified
 * social credit codes valid by GB 32100, names of 1 to 4 characters (rare and supplementary-plane
 * characters included), addresses down to the room. {@link #leaks} says whether a text still
 * holds a clear value in any written form. Shared with the server's tests (test-jar).
 */
public final class PiiSamples {
  /** Given-name characters that appear in no catalog, status or hotline text, so finding one means a leak. */
  public static final List<String> RARE = List.of("娜", "龘", "𠮷", "䶮", "赟", "曌", "彧", "堃", "翀", "玥", "喆", "燚", "垚", "犇", "骉", "龑");
  private static final List<String> SURNAMES = List.of("李", "王", "张", "刘", "陈", "欧阳", "司马", "诸葛", "𠮷");
  private static final String[][] PLACES = {
      {"湖南省", "衡阳市", "蒸湘区"}, {"湖南省", "长沙市", "芙蓉区"}, {"北京市", "", "朝阳区"}, {"上海市", "", "浦东新区"},
      {"广东省", "深圳市", "南山区"}, {"新疆维吾尔自治区", "乌鲁木齐市", "天山区"}, {"四川省", "成都市", "武侯区"},
      {"广西壮族自治区", "南宁市", "青秀区"}, {"湖南省", "湘西土家族苗族自治州", "吉首市"}};
  private static final List<String> ROADS = List.of("解放大道", "蒸湘北路", "人民中路", "建设街", "芙蓉巷", "望城坡社区", "阳光花园", "金源大厦");
  private static final int[] REGIONS = {430405, 430102, 110105, 440305, 650102, 510107, 450103, 433101};
  private static final String CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

  /** An address and its part below city level, which must never show. */
  public record Address(String full, String belowCity, String street) {}

  /** One person's data. */
  public record Person(String name, String idNumber, String mobile, String landline, String creditCode, Address address) {}

  private final Random random;

  public PiiSamples(long seed) {
    this.random = new Random(seed);
  }

  public Person person() {
    return new Person(name(1 + random.nextInt(4)), idNumber(), mobile(), landline(), creditCode(), address());
  }

  /** A name of {@code length} characters (code points); one character is always a rare one. */
  public String name(int length) {
    if (length == 1) return pick(RARE);
    String surname = pick(SURNAMES.subList(0, 8));
    if (surname.length() >= length) surname = surname.substring(0, 1);
    StringBuilder b = new StringBuilder(surname);
    while (b.codePointCount(0, b.length()) < length) b.append(pick(RARE));
    return b.toString();
  }

  public String idNumber() {
    boolean wantX = random.nextInt(3) == 0;
    for (int tries = 0; ; tries++) {
      int year = 1930 + random.nextInt(90);
      String first17 = REGIONS[random.nextInt(REGIONS.length)] + String.format("%04d%02d%02d%03d", year, 1 + random.nextInt(12),
          1 + random.nextInt(28), random.nextInt(1000));
      char check = IdNumbers.checkChar(first17);
      if (!wantX || check == 'X' || tries > 200) return first17 + check;
    }
  }

  public String mobile() {
    return "1" + (3 + random.nextInt(7)) + digits(9);
  }

  public String landline() {
    return random.nextBoolean() ? "0734" + (2 + random.nextInt(8)) + digits(6) : "010" + (5 + random.nextInt(4)) + digits(7);
  }

  public String creditCode() {
    StringBuilder b = new StringBuilder("91").append(REGIONS[random.nextInt(REGIONS.length)]);
    while (b.length() < 17) b.append(CREDIT_ALPHABET.charAt(random.nextInt(CREDIT_ALPHABET.length())));
    return b.append(CreditCodes.checkChar(b.toString())).toString();
  }

  public Address address() {
    String[] p = PLACES[random.nextInt(PLACES.length)];
    String street = pick(ROADS) + (1 + random.nextInt(300)) + "号";
    String rest = switch (random.nextInt(3)) {
      case 0 -> "";
      case 1 -> (1 + random.nextInt(20)) + "栋" + (1 + random.nextInt(6)) + "单元" + (101 + random.nextInt(2900)) + "室";
      default -> (1 + random.nextInt(20)) + "-" + (101 + random.nextInt(2900)) + "室";
    };
    String below = p[2] + street + rest;
    return new Address(p[0] + p[1] + below, below, street);
  }

  /** A name as filed and as a department note writes it, for one way of writing it differently (docs/design.md "One masking policy"). */
  public record NameForm(String kind, String filed, String written) {}

  /**
   * Names written other than filed, one per kind: each other middle dot for ·, U+30FB filed and
   * U+00B7 written, letters of CJK Extension H (unassigned in Java 17) and private-use letters
   * (U+E000..U+F8FF, planes 15 and 16), a 22-character name, a name filed with a CJK compatibility
   * ideograph and written normalized, a name filed in NFC and written in NFD and the other way round.
   */
  public static List<NameForm> nameForms() {
    String uyghur = "阿依古丽·买买提";
    List<NameForm> out = new ArrayList<>();
    for (String dot : List.of("•", "・", "．", "‧", "⋅", "･", "∙")) out.add(new NameForm("middle dot " + dot, uyghur, uyghur.replace("·", dot)));
    out.add(new NameForm("filed with U+30FB, written with U+00B7", "热依拉・艾合买提", "热依拉·艾合买提"));
    String extH = new String(Character.toChars(0x31350)) + new String(Character.toChars(0x3238A));
    out.add(new NameForm("CJK Extension H", "龙" + extH, "龙" + extH));
    String privateUse = "\ue8a1" + new String(Character.toChars(0xF0021)) + new String(Character.toChars(0x10FF00));
    out.add(new NameForm("private use", "韦" + privateUse, "韦" + privateUse));
    StringBuilder longName = new StringBuilder("欧阳");
    List<String> given = List.of("龘", "䶮", "赟", "曌", "彧", "堃", "翀", "玥", "喆", "燚");
    for (int i = 0; longName.length() < 22; i++) longName.append(given.get(i % given.size()));
    out.add(new NameForm("22 characters", longName.toString(), longName.toString()));
    out.add(new NameForm("compatibility ideograph filed, unified written", "金\uf900\uf91d", java.text.Normalizer.normalize("金\uf900\uf91d", java.text.Normalizer.Form.NFC)));
    out.add(new NameForm("NFC filed, NFD written", "김민준", java.text.Normalizer.normalize("김민준", java.text.Normalizer.Form.NFD)));
    out.add(new NameForm("NFD filed, NFC written", java.text.Normalizer.normalize("Zoë·买提", java.text.Normalizer.Form.NFD), "Zoë·买提"));
    return out;
  }

  /**
   * Whether {@code text} still shows {@code name} (as filed, in any written form) in clear: after
   * NFC normalization with every middle dot read as ·, any two neighbouring characters of the name
   * past its first (or that one character of a two-character name) found.
   */
  public static boolean showsName(String text, String name) {
    String t = canonicalName(text);
    String n = canonicalName(name);
    int[] cps = n.codePoints().toArray();
    if (cps.length == 2) return t.contains(new String(cps, 1, 1));
    for (int i = 1; i + 1 < cps.length; i++) if (t.contains(new String(cps, i, 2))) return true;
    return false;
  }

  private static String canonicalName(String s) {
    String n = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFC);
    return n.replaceAll("[\u0387\u2022\u2027\u2219\u22c5\u2e31\u30fb\uff0e\uff65]", "\u00b7");
  }

  /** A mobile in one of {@link #phoneForms}' forms, chosen by the seed. */
  public String writePhone(String mobile) {
    return pick(phoneForms(mobile));
  }

  public String writeLandline(String landline) {
    String area = landline.startsWith("010") ? landline.substring(0, 3) : landline.substring(0, 4);
    String local = landline.substring(area.length());
    return pick(List.of(landline, area + "-" + local, "(" + area + ")" + local, "（" + area + "）" + local, area + " " + local.substring(0, 3) + " " + local.substring(3),
        fullWidth(area + "－" + local), "+86 " + area.substring(1) + " " + local));
  }

  public String writeId(String id) {
    return pick(idForms(id));
  }

  public String writeCreditCode(String code) {
    return pick(List.of(code, code.toLowerCase(), fullWidth(code)));
  }

  /** Sixteen ways people write a mobile number. */
  public static List<String> phoneForms(String m) {
    String a = m.substring(0, 3), b = m.substring(3, 7), c = m.substring(7);
    return List.of(m, a + " " + b + " " + c, a + "-" + b + "-" + c, a + "." + b + "." + c, "+86 " + a + " " + b + " " + c,
        "+86" + m, "0086 " + a + " " + b + " " + c, "(+86) " + a + "-" + b + "-" + c, fullWidth(m),
        fullWidth(a) + b + " " + fullWidth(c), a + " - " + b + " - " + c, "86-" + a + "-" + b + "-" + c,
        String.join(" ", m.split("")), a + "‐" + b + "‐" + c, fullWidth(a + "－" + b + "－" + c), "＋８６ " + fullWidth(m));
  }

  /** Ten ways people write a resident ID number. */
  public static List<String> idForms(String id) {
    String lower = id.toLowerCase();
    return List.of(id, lower, id.substring(0, 6) + " " + id.substring(6, 14) + " " + id.substring(14),
        id.substring(0, 6) + "-" + id.substring(6, 14) + "-" + id.substring(14), groupsOf4(id, " "), groupsOf4(id, "."),
        fullWidth(id), fullWidth(id.substring(0, 9)) + id.substring(9), id.substring(0, 6) + "　" + id.substring(6, 14) + "　" + id.substring(14),
        groupsOf4(lower, "-"));
  }

  /** A department note quoting everything about {@code p} in forms chosen by the seed. */
  public String note(Person p) {
    return "请联系" + p.name() + "（电话 " + writePhone(p.mobile()) + "，座机" + writeLandline(p.landline()) + "），身份证号"
        + writeId(p.idNumber()) + "，单位代码 " + writeCreditCode(p.creditCode()) + "，材料寄往" + p.address().full() + "，收件人："
        + p.name() + "。";
  }

  /**
   * The clear values of {@code p} that {@code text} still holds, in any written form: numbers are
   * compared after full-width folding with separators, spacing and signs dropped; a name (its
   * characters after the first, or a one-character name itself) and an address below city level
   * are compared as written.
   */
  public static List<String> leaks(String text, Person p) {
    List<String> found = new ArrayList<>();
    String compact = compact(text);
    for (String n : List.of(p.mobile(), p.idNumber().substring(0, 17), p.creditCode(), p.landline().substring(1))) {
      if (compact.contains(n)) found.add(n);
    }
    String name = p.name();
    String hidden = name.codePointCount(0, name.length()) == 1 ? name : name.substring(name.offsetByCodePoints(0, 1));
    if (text.contains(hidden)) found.add(name);
    if (text.contains(p.address().belowCity()) || text.contains(p.address().street())) found.add(p.address().full());
    return found;
  }

  /** Digits and letters only, full-width folded, upper case; masks' stars kept so they still separate. */
  public static String compact(String text) {
    StringBuilder b = new StringBuilder();
    text.codePoints().forEach(c -> {
      int f = c >= '０' && c <= '９' ? c - '０' + '0' : c >= 'Ａ' && c <= 'Ｚ' ? c - 'Ａ' + 'A' : c >= 'ａ' && c <= 'ｚ' ? c - 'ａ' + 'a' : c;
      if (f >= '0' && f <= '9' || f >= 'A' && f <= 'Z' || f >= 'a' && f <= 'z' || f == '*') b.appendCodePoint(Character.toUpperCase(f));
    });
    return b.toString();
  }

  public static String fullWidth(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c >= '0' && c <= '9') b.append((char) (c - '0' + '０'));
      else if (c >= 'A' && c <= 'Z') b.append((char) (c - 'A' + 'Ａ'));
      else if (c >= 'a' && c <= 'z') b.append((char) (c - 'a' + 'ａ'));
      else if (c == '-') b.append('－');
      else b.append(c);
    }
    return b.toString();
  }

  private static String groupsOf4(String s, String sep) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < s.length(); i += 4) parts.add(s.substring(i, Math.min(s.length(), i + 4)));
    return String.join(sep, parts);
  }

  private String digits(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) b.append(random.nextInt(10));
    return b.toString();
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }
}
