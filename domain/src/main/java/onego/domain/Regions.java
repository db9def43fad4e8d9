package onego.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a case can be handled (就近办, 全市通办, 跨省通办; 湖南方案 四(一) 委托受理、授权办理 下沉至乡镇、村(社区)):
 * the city this platform serves and its county-level divisions, by their 6-digit administrative
 * division codes (GB/T 2260), read from the catalog's {@code regions.yaml}.
 *
 * @param province     the 2-digit code of the province this platform belongs to ({@code 43}: 湖南省)
 * @param provinceName its name
 * @param city         the city's 6-digit code ({@code 430400}): the default region of a case
 * @param cityName     its name
 * @param divisions    the city's districts and counties, code → name, in the file's order
 */
public record Regions(String province, String provinceName, String city, String cityName, Map<String, String> divisions) {
  private static final Pattern CODE = Pattern.compile("[1-9][0-9]{5}");

  /** Whether {@code code} is written as a division code: six digits, not starting with 0. */
  public static boolean wellFormed(String code) {
    return code != null && CODE.matcher(code).matches();
  }

  /** The 2-digit province part of a well-formed {@code code}. */
  public static String provinceOf(String code) {
    return code.substring(0, 2);
  }

  /** Whether {@code code} is the city or one of its divisions: handled on this platform. */
  public boolean local(String code) {
    return city.equals(code) || divisions.containsKey(code);
  }

  /** The name of a local {@code code} ({@code 珠晖区}), or null for any other code. */
  public String name(String code) {
    return city.equals(code) ? cityName : divisions.get(code);
  }

  /**
   * Reads {@code regions.yaml}: {@code province: {code, name}}, {@code city: {code, name}} (inside the
   * province) and {@code divisions: [{code, name}]} (inside the city: the same first four digits).
   * Throws {@link ConfigException} naming the entry that is wrong.
   */
  public static Regions read(ConfigNode root) {
    ConfigNode p = root.obj("province");
    String province = p.str("code");
    if (!province.matches("[1-9][0-9]")) throw p.get("code").fail("must be a 2-digit province code");
    ConfigNode c = root.obj("city");
    String city = c.str("code");
    if (!wellFormed(city) || !city.startsWith(province) || !city.endsWith("00")) {
      throw c.get("code").fail("must be the 6-digit code of a city of province " + province + " (ending in 00)");
    }
    Map<String, String> divisions = new LinkedHashMap<>();
    for (ConfigNode d : root.list("divisions")) {
      String code = d.str("code");
      if (!wellFormed(code) || !code.startsWith(city.substring(0, 4)) || code.equals(city)) {
        throw d.get("code").fail("must be the 6-digit code of a division of " + city);
      }
      if (divisions.putIfAbsent(code, d.str("name")) != null) throw d.get("code").fail("duplicate code " + code);
    }
    return new Regions(province, p.str("name"), city, c.str("name"), java.util.Collections.unmodifiableMap(divisions));
  }
}
