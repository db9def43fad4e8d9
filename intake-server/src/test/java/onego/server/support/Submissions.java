package onego.server.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.CreditCodes;
import onego.domain.IdNumbers;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds POST /cases bodies from nothing but a thing's one-time notice (GET /things/{code}):
 * what a portal would do with the contract alone.
 */
public final class Submissions {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final List<String> PATTERN_CANDIDATES = List.of("123456789012", "2026-11", "2026-430100-01-01-000001", "ABCD1234");

  private Submissions() {}

  /** A valid resident ID number, different on every call (born 1990-01-01 in 长沙市芙蓉区). */
  public static String idNumber() {
    return idNumber(SEQ.incrementAndGet() % 1000);
  }

  public static String idNumber(int sequence) {
    String first17 = "430102" + "19900101" + String.format("%03d", sequence);
    return first17 + IdNumbers.checkChar(first17);
  }

  /** A resident ID number of someone born 1960-01-01 (old enough to retire by any rule), distinct per {@code sequence}. */
  public static String retireeIdNumber(int sequence) {
    String first17 = "430102" + "19600101" + String.format("%03d", sequence);
    return first17 + IdNumbers.checkChar(first17);
  }

  /**
   * A valid resident ID number for form fields (a man born 1960-01-01 in 长沙市芙蓉区): old enough to
   * retire on the sample dates and born before any sample death, so the date plausibility rules
   * ({@code DatePlausibility}) accept the bodies built here.
   */
  public static String formIdNumber() {
    String first17 = "430102" + "19600101" + "007";
    return first17 + IdNumbers.checkChar(first17);
  }

  public static String creditCode() {
    String first17 = "91430100MA4L" + String.format("%05d", SEQ.incrementAndGet() % 100000);
    return first17 + CreditCodes.checkChar(first17);
  }

  public static JsonObject person(String idNumber) {
    return new JsonObject().put("type", "person").put("idNumber", idNumber).put("name", "张三").put("phone", "13800138000");
  }

  /**
   * Every required field of the merged form filled, every material given (waivable ones too) or, when it is one of
   * the default selection's ({@link #defaults}), committed (but those an item of the thing issues to all its users:
   * 一次联办), by the thing's first applicant type.
   */
  public static JsonObject fromNotice(JsonObject notice, String applicantId) {
    return fromNotice(notice, applicantId, defaults(notice));
  }

  /**
   * As {@link #fromNotice(JsonObject, String)}, committing (告知承诺) only materials that an item of {@code chosen}
   * uses: the server refuses a commitment to a material no chosen item needs (materials given are accepted and
   * dropped). The body does not name the items; the caller puts {@code items} when {@code chosen} is not the default.
   */
  public static JsonObject fromNotice(JsonObject notice, String applicantId, java.util.Collection<String> chosen) {
    JsonObject form = new JsonObject();
    JsonObject schema = notice.getJsonObject("form");
    JsonArray required = schema.getJsonArray("required");
    for (String name : schema.getJsonObject("properties").fieldNames()) {
      if (required.contains(name)) form.put(name, value(schema.getJsonObject("properties").getJsonObject(name)));
    }
    JsonArray materials = new JsonArray();
    JsonArray commitments = new JsonArray();
    for (Object o : notice.getJsonArray("materials")) {
      JsonObject m = (JsonObject) o;
      // waivable materials are supplied too (容缺 left owed blocks COMPLETED: a test of 容缺 leaves one out itself)
      if (issuedInTheCase(m)) continue;
      if (m.getBoolean("commitmentAllowed")) {
        if (m.getJsonArray("usedBy").stream().anyMatch(chosen::contains)) commitments.add(m.getString("code"));
      }
      else if (m.getString("ecertType") != null) materials.add(new JsonObject().put("code", m.getString("code")).put("ecertRef", "EC-" + m.getString("code")));
      else materials.add(new JsonObject().put("code", m.getString("code")).put("fileRef", "file-" + m.getString("code")));
    }
    JsonObject applicant = "enterprise".equals(notice.getJsonArray("applicantTypes").getString(0))
        ? new JsonObject().put("type", "enterprise").put("creditCode", creditCode()).put("name", "衡阳示例餐饮有限公司").put("phone", "13900139000")
        : person(applicantId);
    String method = notice.getJsonArray("deliveryMethods").getString(0);
    JsonObject delivery = new JsonObject().put("method", method);
    if (method.equals("ems") || method.equals("locker")) delivery.put("address", "湖南省衡阳市蒸湘区解放大道1号");
    return new JsonObject().put("thing", notice.getString("code")).put("applicant", applicant).put("form", form)
        .put("materials", materials).put("commitments", commitments).put("delivery", delivery);
  }

  /** The item codes of the default selection (no {@code items} in the body): not optional, the first of each alternative group. */
  public static java.util.List<String> defaults(JsonObject notice) {
    java.util.List<String> out = new java.util.ArrayList<>();
    java.util.Set<String> groups = new java.util.HashSet<>();
    for (Object o : notice.getJsonArray("items")) {
      JsonObject i = (JsonObject) o;
      if (i.getBoolean("optional", false)) continue;
      String group = i.getString("alternativeGroup");
      if (group == null || groups.add(group)) out.add(i.getString("code"));
    }
    return out;
  }

  /**
   * Whether every item that uses material {@code m} receives it from an earlier item of the thing
   * ({@code fromItem}, 一次联办): a portal does not ask the applicant for it when filing every item.
   */
  /** Whether every item using material {@code m} (of a notice) receives it from an earlier item instead (一次联办). */
  public static boolean issuedInTheCase(JsonObject m) {
    return m.getJsonObject("fromItem").size() == m.getJsonArray("usedBy").size();
  }

  static Object value(JsonObject p) {
    if (p.containsKey("enum")) return p.getJsonArray("enum").getValue(0);
    String type = p.getString("type");
    String format = p.getString("format");
    if ("integer".equals(type)) return p.containsKey("minimum") ? (long) Math.ceil(p.getDouble("minimum")) : 1;
    if ("number".equals(type)) return p.containsKey("minimum") ? p.getDouble("minimum") : 1.5;
    if ("boolean".equals(type)) return true;
    if (format != null) {
      switch (format) {
        case "id-number": return formIdNumber();
        case "credit-code": return creditCode();
        case "phone": return "13700137000";
        case "email": return "zhang.san@example.cn";
        case "date": return "2026-11-02";
        case "date-time": return "2026-11-02T08:30:00+08:00";
        default: break;
      }
    }
    if (p.containsKey("pattern")) {
      for (String c : PATTERN_CANDIDATES) if (c.matches(p.getString("pattern"))) return c;
      throw new IllegalStateException("no test value matches pattern " + p.getString("pattern"));
    }
    int min = p.getInteger("minLength", 1);
    return "测".repeat(Math.max(2, min));
  }
}
