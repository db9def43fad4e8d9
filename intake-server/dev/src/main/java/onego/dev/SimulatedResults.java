package onego.dev;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Catalog;
import onego.domain.CreditCodes;
import onego.domain.FieldSpec;
import onego.domain.ItemSpec;
import onego.domain.PrerequisiteProof;
import onego.domain.Produces;
import onego.domain.Thing;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a simulated department says back: what to supplement (补正), and on completion exactly what
 * the catalog says the item {@code produces}: one certificate per declared e-certificate type (its
 * {@code ecertRef} {@code EC-<type>-<holder>} resolvable in the simulated registry, the holder being
 * the person or enterprise the certificate is about) and a well-formed value per declared value.
 */
final class SimulatedResults {
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private final Catalog catalog;

  SimulatedResults(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The first material of the work message's item (name, else code), else its first form field. */
  static String whatToSupplement(JsonObject message) {
    JsonArray materials = message.getJsonArray("materials");
    if (materials != null) {
      for (Object m : materials) {
        if (m instanceof JsonObject mo) {
          String name = mo.getString("name", mo.getString("code"));
          if (name != null) return "材料「" + name + "」不清晰或不完整，请重新提交";
        } else if (m instanceof String s) {
          return "材料「" + s + "」不清晰或不完整，请重新提交";
        }
      }
    }
    JsonObject form = message.getJsonObject("form");
    if (form != null && !form.isEmpty()) return "表单字段「" + form.fieldNames().iterator().next() + "」填写有误，请核对后重新提交";
    return "申请材料不完整，请补充后重新提交";
  }

  /** The COMPLETED result for the work {@code message}: {@code {certificates: [{type, number, ecertRef}], values: {...}}}. */
  JsonObject completion(String department, JsonObject message) {
    JsonObject item = message.getJsonObject("item", new JsonObject());
    Thing thing = catalog.thing(message.getString("thing", "")).orElse(null);
    ItemSpec spec = thing == null ? null : thing.item(item.getString("code", "")).orElse(null);
    Produces produces = spec == null ? Produces.NOTHING : spec.produces();
    JsonObject values = new JsonObject();
    for (String v : produces.values()) values.put(v, value(catalog.field(v), department, message));
    JsonArray certificates = new JsonArray();
    String holder = values.getString("creditCode", holder(thing, spec, message));
    for (Produces.Certificate c : produces.certificates()) {
      certificates.add(new JsonObject().put("type", c.type()).put("name", c.name()).put("number", number(department))
          .put("ecertRef", "EC-" + c.type() + "-" + holder));
    }
    if (certificates.isEmpty()) {
      String type = item.getString("name", item.getString("code", department + " 办理结果"));
      certificates.add(new JsonObject().put("type", type).put("number", number(department)).put("ecertRef", "EC-" + java.util.UUID.randomUUID()));
    }
    return new JsonObject().put("certificates", certificates).put("values", values);
  }

  /**
   * Whom the item's certificates are about: the form field a later item's proof names as holder
   * (the deceased, say) when this item's form has it, else the applicant.
   */
  private static String holder(Thing thing, ItemSpec spec, JsonObject message) {
    JsonObject applicant = message.getJsonObject("applicant", new JsonObject());
    String applicantId = applicant.getString("idNumber", applicant.getString("creditCode", "unknown"));
    if (thing == null || spec == null) return applicantId;
    JsonObject form = message.getJsonObject("form", new JsonObject());
    for (ItemSpec other : thing.items()) {
      for (PrerequisiteProof p : other.prerequisiteProofs()) {
        if (p.item().equals(spec.code()) && !PrerequisiteProof.APPLICANT.equals(p.holder()) && form.getValue(p.holder()) instanceof String s) {
          return s;
        }
      }
    }
    return applicantId;
  }

  /** A plausible value of {@code f}, well-formed for its type, format and pattern. */
  private static Object value(FieldSpec f, String department, JsonObject message) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    if ("credit-code".equals(f.format())) {
      String first17 = "91430400MA" + String.format("%07d", r.nextInt(10_000_000));
      return first17 + CreditCodes.checkChar(first17);
    }
    if ("id-number".equals(f.format())) return message.getJsonObject("applicant", new JsonObject()).getString("idNumber");
    if ("phone".equals(f.format())) return "139" + String.format("%08d", r.nextInt(100_000_000));
    if (f.enumValues() != null) return f.enumValues().get(0);
    switch (f.type()) {
      case "integer": return 1 + r.nextInt(999);
      case "number": return 1 + r.nextInt(999);
      case "boolean": return true;
      case "date": return LocalDate.now(CHINA).toString();
      default: break;
    }
    for (String candidate : List.of(number(department), String.format("%018d", r.nextLong(1_000_000_000_000_000L)),
        String.format("%012d", r.nextLong(1_000_000_000_000L)), String.format("%08d", r.nextInt(100_000_000)),
        "A" + String.format("%08d", r.nextInt(100_000_000)), "衡" + String.format("%06d", r.nextInt(1_000_000)))) {
      boolean fits = (f.pattern() == null || f.pattern().matcher(candidate).matches())
          && (f.minLength() == null || candidate.length() >= f.minLength()) && (f.maxLength() == null || candidate.length() <= f.maxLength());
      if (fits) return candidate;
    }
    return number(department);
  }

  /** A certificate number {@code <2 letters of the department><yyyyMMdd><6 digits>}. */
  private static String number(String department) {
    return prefix(department) + LocalDate.now(CHINA).format(DateTimeFormatter.BASIC_ISO_DATE)
        + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
  }

  private static String prefix(String departmentCode) {
    StringBuilder sb = new StringBuilder();
    for (char c : departmentCode.toCharArray()) {
      if (c < 128 && Character.isLetter(c)) sb.append(Character.toUpperCase(c));
      if (sb.length() == 2) return sb.toString();
    }
    return "GD";
  }
}
