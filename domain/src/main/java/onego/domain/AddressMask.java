package onego.domain;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Addresses for staff eyes: at most the province (省/自治区/直辖市) and city (市/自治州/地区/盟)
 * are kept, everything below them (district, street, house number, room) becomes {@code ***}.
 * In free text an address is found by a road, community or building word (路, 街, 大道, 巷, 弄,
 * 胡同, 村, 社区, 小区, 花园, 大厦, 公寓, 苑, ...) followed by a numbered unit (号, 栋, 幢, 单元,
 * 室, 楼, ...); that span is masked the same way.
 */
final class AddressMask {
  static final String MASK = "***";
  private static final String PROVINCES = "北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南"
      + "|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门";
  /** 直辖市: the province level is the city, nothing after it is kept. */
  private static final List<String> MUNICIPALITIES = List.of("北京", "天津", "上海", "重庆");
  private static final String PROVINCE = "(?:" + PROVINCES + ")(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)?";
  private static final String CITY = "[\\p{IsHan}&&[^省区县旗镇乡路街道巷号村]]{1,7}?(?:自治州|地区|盟|市)(?!场)";
  /** Text before the province may not hold a number or a street word, so nothing below city level is ever kept. */
  private static final Pattern HEAD = Pattern.compile("([^0-9０-９路街道巷弄号栋室村]{0,12}?)(" + PROVINCE + ")(" + CITY + ")?");
  private static final Pattern CITY_HEAD = Pattern.compile(CITY);
  private static final String NUMBER = "[0-9０-９一二三四五六七八九十百零〇]";
  private static final String UNIT = "(?:号楼|号院|号|栋|幢|座|单元|室|楼|层|户)";
  /** From the road or building word to the last numbered unit; the road's name before it is taken by {@link #maskInText}. */
  private static final Pattern CORE = Pattern.compile(
      "(?:路|街|大道|巷|弄|胡同|村|社区|小区|花园|大厦|公寓|苑|家园|新村|大院|广场)"
          + "[\\p{IsHan}A-Za-z0-9０-９#\\-－]{0,16}?" + NUMBER + "+" + UNIT
          + "(?:[\\-－#]?[0-9０-９A-Za-z一二三四五六七八九十百零〇]++" + UNIT + "?)*+");
  /** How far before the road word an address may begin (province, city, district, road name). */
  private static final int LEAD = 24;
  private static final String UNIT_CHARS = "号栋幢座单元室楼层户";
  private static final String MARKER_STARTS = "路街大巷弄胡村社小花公苑家新广";

  private AddressMask() {}

  /** 湖南省衡阳市蒸湘区解放大道1号 → 湖南省衡阳市***; 北京市朝阳区... → 北京市***; 解放大道1号 → ***. */
  static String mask(String address) {
    if (address == null) return null;
    String a = address.strip();
    if (a.isEmpty()) return a;
    String keep = "";
    Matcher m = HEAD.matcher(a);
    if (m.lookingAt()) {
      boolean municipality = MUNICIPALITIES.stream().anyMatch(m.group(2)::startsWith);
      keep = m.group(1) + m.group(2) + (municipality || m.group(3) == null ? "" : m.group(3));
    } else {
      Matcher c = CITY_HEAD.matcher(a);
      if (c.lookingAt()) keep = c.group();
    }
    return keep.length() == a.length() ? a : keep + MASK;
  }

  /**
   * Every address-like span of {@code text} masked: a road or building word with a numbered unit
   * after it, together with up to 24 letters, digits or Han characters before it (no punctuation
   * crossed), so the road's name and the province, city and district go with it.
   */
  static String maskInText(String text) {
    if (!hasUnit(text)) return text;
    Matcher m = CORE.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    for (int i = 0; (i = PiiNumbers.next(m, text, i, c -> MARKER_STARTS.indexOf(c) >= 0)) >= 0; i = m.end()) {
      int start = m.start();
      for (int lead = 0; lead < LEAD && start > copied; lead++) {
        int cp = text.codePointBefore(start);
        if (!Character.isLetterOrDigit(cp)) break;
        start -= Character.charCount(cp);
      }
      if (out == null) out = new StringBuilder(text.length());
      out.append(text, copied, start).append(mask(text.substring(start, m.end())));
      copied = m.end();
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  private static boolean hasUnit(String text) {
    for (int i = 0; i < text.length(); i++) if (UNIT_CHARS.indexOf(text.charAt(i)) >= 0) return true;
    return false;
  }
}
