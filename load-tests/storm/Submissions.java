
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Valid POST /cases bodies built from a thing's one-time notice (GET /things/{code}) alone, as a
 * portal would: every required field of the merged form, every material that is neither waivable
 * nor covered by a commitment given as a paper copy ({@code fileRef}, so no e-certificate
 * registry is needed) unless an earlier item of the case issues it, an applicant of the first of the
 * notice's {@code applicantTypes}, fresh GB 11643 ID numbers and GB 32100 credit codes.
 */
final class Submissions {
  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] CC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  private static final List<String> PATTERN_CANDIDATES = List.of("123456789012", "2026-11", "2026-430100-01-01-000001", "ABCD1234");

  private Submissions() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> of(Map<String, Object> notice, Random r) {
    Map<String, Object> schema = (Map<String, Object>) notice.get("form");
    Map<String, Object> props = (Map<String, Object>) schema.get("properties");
    List<Object> required = (List<Object>) schema.get("required");
    Map<String, Object> form = new LinkedHashMap<>();
    props.forEach((name, p) -> {
      if (required.contains(name)) form.put(name, value((Map<String, Object>) p, r));
    });
    List<Object> materials = new ArrayList<>();
    List<Object> commitments = new ArrayList<>();
    for (Object o : (List<Object>) notice.get("materials")) {
      Map<String, Object> m = (Map<String, Object>) o;
      if (Boolean.TRUE.equals(m.get("waivable"))) continue;
      Map<String, Object> issued = (Map<String, Object>) m.getOrDefault("fromItem", Map.of());
      if (issued.size() == ((List<Object>) m.get("usedBy")).size()) continue;   // an item of the thing issues it (一次联办)
      if (Boolean.TRUE.equals(m.get("commitmentAllowed"))) commitments.add(m.get("code"));
      else materials.add(new LinkedHashMap<>(Map.of("code", m.get("code"), "fileRef", "file-" + m.get("code"))));
    }
    Map<String, Object> applicant = new LinkedHashMap<>();
    if ("enterprise".equals(((List<Object>) notice.get("applicantTypes")).get(0))) {
      applicant.put("type", "enterprise");
      applicant.put("creditCode", creditCode(r));
      applicant.put("name", "衡阳示例餐饮有限公司");
    } else {
      applicant.put("type", "person");
      applicant.put("idNumber", idNumber(r));
      applicant.put("name", List.of("张三", "李娜", "王小明", "欧阳娜娜", "娜").get(r.nextInt(5)));
    }
    applicant.put("phone", "13" + (100_000_000 + r.nextInt(899_999_999)));
    String method = String.valueOf(((List<Object>) notice.get("deliveryMethods")).get(0));
    Map<String, Object> delivery = new LinkedHashMap<>(Map.of("method", method));
    if (method.equals("ems") || method.equals("locker")) delivery.put("address", "湖南省衡阳市蒸湘区解放大道1号");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("thing", notice.get("code"));
    body.put("applicant", applicant);
    body.put("form", form);
    body.put("materials", materials);
    body.put("commitments", commitments);
    body.put("delivery", delivery);
    return body;
  }

  /** The applicant's identifiers as people also type them: full-width, spaced, +86. The node must take them as the same. */
  @SuppressWarnings("unchecked")
  static void writeOddly(Map<String, Object> body, Random r) {
    Map<String, Object> a = (Map<String, Object>) body.get("applicant");
    String phone = String.valueOf(a.get("phone"));
    a.put("phone", List.of("+86 " + phone, phone.substring(0, 3) + "-" + phone.substring(3, 7) + "-" + phone.substring(7), fullWidth(phone)).get(r.nextInt(3)));
    if (a.get("idNumber") instanceof String id) a.put("idNumber", r.nextBoolean() ? fullWidth(id) : " " + id.substring(0, 6) + " " + id.substring(6).toLowerCase());
    if (a.get("creditCode") instanceof String cc) a.put("creditCode", cc.toLowerCase());
  }

  private static String fullWidth(String ascii) {
    StringBuilder b = new StringBuilder();
    ascii.chars().forEach(c -> b.append(c >= '!' && c <= '~' ? (char) (c + 0xFEE0) : (char) c));
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  private static Object value(Map<String, Object> p, Random r) {
    if (p.containsKey("enum")) return ((List<Object>) p.get("enum")).get(0);
    String type = String.valueOf(p.get("type"));
    String format = (String) p.get("format");
    if (type.equals("integer")) return p.get("minimum") instanceof Number n ? (long) Math.ceil(n.doubleValue()) : 1L;
    if (type.equals("number")) return p.get("minimum") instanceof Number n ? n.doubleValue() : 1.5;
    if (type.equals("boolean")) return true;
    if (format != null) {
      switch (format) {
        case "id-number": return idNumber(r);
        case "credit-code": return creditCode(r);
        case "phone": return "13700137000";
        case "email": return "zhang.san@example.cn";
        case "date": return "2026-11-02";
        case "date-time": return "2026-11-02T08:30:00+08:00";
        default: break;
      }
    }
    if (p.get("pattern") instanceof String pattern) {
      for (String c : PATTERN_CANDIDATES) if (c.matches(pattern)) return c;
    }
    int min = p.get("minLength") instanceof Number n ? n.intValue() : 1;
    return "测".repeat(Math.max(2, min));
  }

  /** A valid resident ID number (GB 11643): a Changsha region, a birth date from 1950 to 2005, any sequence but 999. */
  static String idNumber(Random r) {
    String first17 = "430102" + (1950 + r.nextInt(56)) + String.format("%02d%02d", 1 + r.nextInt(12), 1 + r.nextInt(28))
        + String.format("%03d", r.nextInt(999));
    int sum = 0;
    for (int k = 0; k < 17; k++) sum += (first17.charAt(k) - '0') * ID_WEIGHTS[k];
    return first17 + "10X98765432".charAt(sum % 11);
  }

  /** A valid unified social credit code (GB 32100). */
  static String creditCode(Random r) {
    String first17 = "91430100MA4L" + String.format("%05d", r.nextInt(100_000));
    int sum = 0;
    for (int k = 0; k < 17; k++) sum += CC_ALPHABET.indexOf(first17.charAt(k)) * CC_WEIGHTS[k];
    int c = 31 - sum % 31;
    return first17 + CC_ALPHABET.charAt(c == 31 ? 0 : c);
  }
}
