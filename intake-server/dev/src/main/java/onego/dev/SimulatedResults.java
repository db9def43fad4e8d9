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
 * What a simulated department says back: what to supplement (补正: the complete {@code missing} list), and on completion exactly what
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

  /**
   * The complete {@code missing} list of a RETURNED report (一次性告知: everything the applicant must
   * supply, once; contract "Departments"): each material of the item (the catalog's codes) that came
   * as a scanned file ({@code fileRef}: a scan may be unreadable), {@code {"material", "reason"}}; when
   * every one came as an e-certificate (authoritative), the item's first form field the message
   * carries, {@code {"field", "reason"}}; and when there is neither, the item's first material.
   */
  JsonArray missing(JsonObject message) {
    JsonArray out = new JsonArray();
    ItemSpec spec = spec(message);
    List<String> own = spec == null ? List.of() : spec.materials();
    for (Object m : message.getJsonArray("materials", new JsonArray())) {
      if (m instanceof JsonObject mo && mo.getString("fileRef") != null && own.contains(mo.getString("code"))) {
        out.add(new JsonObject().put("material", mo.getString("code")).put("reason", "扫描件不清晰或不完整，请重新提交"));
      }
    }
    if (!out.isEmpty()) return out;
    JsonObject form = message.getJsonObject("form", new JsonObject());
    for (String f : spec == null ? List.<String>of() : spec.allFields()) {
      if (form.containsKey(f)) return out.add(new JsonObject().put("field", f).put("reason", "与登记信息不一致，请核对后重新填写"));
    }
    if (!own.isEmpty()) out.add(new JsonObject().put("material", own.get(0)).put("reason", "请提交该材料"));
    return out;
  }

  /** The note of a RETURNED report: what {@code missing} asks for, by the catalog's names. */
  String supplementNote(JsonArray missing) {
    List<String> what = new java.util.ArrayList<>();
    for (Object o : missing) {
      JsonObject m = (JsonObject) o;
      if (m.getString("material") != null) {
        onego.domain.Material material = catalog.material(m.getString("material"));
        what.add("材料「" + (material == null ? m.getString("material") : material.name()) + "」" + m.getString("reason"));
      } else {
        FieldSpec f = catalog.field(m.getString("field"));
        what.add("表单「" + (f == null || f.title() == null ? m.getString("field") : f.title()) + "」" + m.getString("reason"));
      }
    }
    return what.isEmpty() ? "请补正：申请材料不完整" : "请补正：" + String.join("；", what);
  }

  private ItemSpec spec(JsonObject message) {
    String code = message.getJsonObject("item", new JsonObject()).getString("code", "");
    return catalog.thing(message.getString("thing", "")).flatMap(t -> t.item(code)).orElse(null);
  }

  /**
   * The COMPLETED result for the work {@code message}: {@code {certificates: [{type, name, number, ecertRef}], values: {...}}},
   * exactly what the catalog says the item produces: an item that produces no certificate gets none.
   */
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
    if ("id-number".equals(f.format())) return newIdNumber(message);
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

  /**
   * The 公民身份号码 a department assigns to a new person (户口登记 assigns the baby's, GB 11643-1999):
   * the region of the household it joins (the household head's, else a parent's, else the
   * applicant's number: its first 6 digits), the birth date the form gives (a {@code date} or
   * {@code date-time} field named ...Birth...; the baby's birth time, read in Asia/Shanghai; else
   * today), a sequence whose last digit is odd for a 男 and even for a 女 ({@code babySex}), and
   * its check character.
   */
  static String newIdNumber(JsonObject message) {
    JsonObject form = message.getJsonObject("form", new JsonObject());
    String region = null;
    for (String key : List.of("householdHeadIdNumber", "motherIdNumber", "fatherIdNumber")) {
      if (form.getValue(key) instanceof String s && s.length() == 18) {
        region = s.substring(0, 6);
        break;
      }
    }
    String applicantId = message.getJsonObject("applicant", new JsonObject()).getString("idNumber");
    if (region == null) region = applicantId != null && applicantId.length() == 18 ? applicantId.substring(0, 6) : "430405";
    LocalDate birth = LocalDate.now(CHINA);
    for (String key : form.fieldNames()) {
      if (!key.toLowerCase(java.util.Locale.ROOT).contains("birth") || !(form.getValue(key) instanceof String v)) continue;
      try {
        birth = v.length() > 10 ? java.time.OffsetDateTime.parse(v).atZoneSameInstant(CHINA).toLocalDate() : LocalDate.parse(v);
        break;
      } catch (java.time.DateTimeException ignored) {
        // not a date: look further
      }
    }
    int sequence = ThreadLocalRandom.current().nextInt(500) * 2 + ("女".equals(form.getString("babySex")) ? 0 : 1);
    String first17 = region + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", sequence);
    return first17 + onego.domain.IdNumbers.checkChar(first17);
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
