package onego.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The free-text scan of the masking policy, for notes, comments, data fields and log lines. In
 * order: the case's own names and addresses ({@link KnownPii}), address-like spans
 * ({@link AddressMask}), names after a label ({@code 姓名：李娜}, {@code 收件人 李娜},
 * {@code "motherName":"李娜"}, {@code name=李娜}: the whole run of name letters and middle dots
 * after the label, however long, letters as {@link NameForms} counts them), unified social credit codes (GB 32100 shape with
 * a letter, any case, full-width too; all-digit ones are left to the number scan), then phone and ID numbers in any written form ({@link PiiNumbers}).
 * Masked output scans clean, so scanning twice changes nothing.
 */
final class PiiScanner {
  private static final Pattern LABELLED_NAME = Pattern.compile(
      "((?:姓名|名字|申请人|联系人|收件人|收货人|代办人|代理人|经办人|户主|持证人|监护人|recipient|holder|contact|(?<![A-Za-z])[A-Za-z]*[Nn]ame)"
          + "(?:\\s*\"?\\s*[:=：]\\s*\"?\\s*|\\s+))(" + NameForms.LETTER + "(?:" + NameForms.LETTER + "|" + NameForms.DOT + "(?=" + NameForms.LETTER + "))*+)(?!\\*)");
  private static final Pattern CREDIT_CODE = Pattern.compile(
      "(?<![0-9A-Za-z])(?=[0-9]{0,17}[A-Za-z])[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{10}(?![0-9A-Za-z])");

  private static final String LABEL_STARTS = "姓名申联收代经户持监";

  private PiiScanner() {}

  static String scan(String text, KnownPii known) {
    if (text == null || text.isEmpty()) return text;
    String out = known.isEmpty() ? text : known.mask(text);
    boolean han = hasHan(out);
    if (han) {
      out = AddressMask.maskInText(out);
      out = labelledNames(out);
    }
    if (!hasDigit(out)) return out;
    out = creditCodes(out);
    return PiiNumbers.mask(out);
  }

  /** Han characters (CJK ideographs from Extension A up, surrogates included), which names and addresses need. */
  private static boolean hasHan(String s) {
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= '\u3400') return true;
    return false;
  }

  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9' || c >= '\uff10' && c <= '\uff19') return true;
    }
    return false;
  }

  /** A credit code holds its 6-digit region code (GB 32100 positions 3 to 8) as a run. */
  private static boolean hasSixDigits(String s) {
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      run = c >= '0' && c <= '9' ? run + 1 : 0;
      if (run == 6) return true;
    }
    return false;
  }

  private static String labelledNames(String text) {
    Matcher m = LABELLED_NAME.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    for (int i = 0; (i = PiiNumbers.next(m, text, i, c -> LABEL_STARTS.indexOf(c) >= 0 || c < 128 && Character.isLetter(c))) >= 0; i = m.end()) {
      if (out == null) out = new StringBuilder(text.length());
      out.append(text, copied, m.start(2)).append(Pii.name(m.group(2)));
      copied = m.end();
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  private static String creditCodes(String text) {
    String folded = PiiNumbers.blankUuids(PiiNumbers.fold(text));
    if (!hasSixDigits(folded)) return text;
    Matcher m = CREDIT_CODE.matcher(folded);
    StringBuilder out = null;
    int copied = 0;
    for (int i = 0; (i = PiiNumbers.next(m, folded, i, c -> c < 128 && Character.isLetterOrDigit(c))) >= 0; i = m.end()) {
      if (out == null) out = new StringBuilder(text.length());
      out.append(text, copied, m.start()).append(PiiNumbers.keepEnds(m.group().toUpperCase()));
      copied = m.end();
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }
}
