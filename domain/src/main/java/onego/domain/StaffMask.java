package onego.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Set;

/**
 * The masking policy ({@link Pii}) applied to JSON, for every staff surface: a value is masked
 * by what its key says it is (…IdNumber/idCard, …creditCode, …phone/mobile, …address, recipient,
 * holder, a person-like …Name, and {@code name} inside a person; a locker's {@code pickupCode} is hidden whole), and every other string is
 * scanned as free text with the case's {@link KnownPii}. Numbers under a free-text key are
 * scanned too (a phone may arrive as a JSON number). Keys and structure are kept.
 */
public final class StaffMask {
  private enum Kind { NAME, ID, CREDIT, PHONE, ADDRESS, SECRET, TEXT }

  /** Keys whose object value describes a person, so its {@code name} is a person's. */
  private static final Set<String> PERSONS = Set.of("applicant", "agent", "holder", "recipient", "contact", "person");

  private StaffMask() {}

  /** An applicant (or agent) object: name, idNumber, creditCode, phone masked; nested persons (an agent) too. */
  public static JsonObject applicant(JsonObject applicant) {
    return applicant == null ? null : object(applicant, KnownPii.NONE, true);
  }

  /**
   * An agent (帮办代办, 委托代理): name, idNumber and phone masked as an applicant's, the relation kept,
   * the authorization shown only as its kind ({@code ecert} or {@code file}), never its reference.
   */
  public static JsonObject agent(JsonObject agent) {
    if (agent == null) return null;
    JsonObject a = agent.copy();
    Object auth = a.remove("authorization");
    JsonObject masked = applicant(a);
    if (auth instanceof JsonObject j) masked.put("authorization", j.containsKey("ecertRef") ? "ecert" : "file");
    return masked;
  }

  /** A delivery object: method and window kept, address to province/city, recipient and phone masked. */
  public static JsonObject delivery(JsonObject delivery) {
    return delivery == null ? null : object(delivery, KnownPii.NONE, false);
  }

  /** Any JSON (a result, an event's data): masked by key, other strings scanned with {@code known}. */
  public static JsonObject json(JsonObject o, KnownPii known) {
    return o == null ? null : object(o, known == null ? KnownPii.NONE : known, false);
  }

  /** A progress event: its {@code data} masked as {@link #json}; seq, type, ids, status and time are not personal. */
  public static JsonObject event(JsonObject event, KnownPii known) {
    JsonObject data = event.getJsonObject("data");
    return data == null ? event : event.copy().put("data", json(data, known));
  }

  private static JsonObject object(JsonObject o, KnownPii known, boolean person) {
    JsonObject out = new JsonObject();
    for (var e : o) {
      Object v = e.getValue();
      boolean nestedPerson = v instanceof JsonObject
          && (PERSONS.contains(e.getKey().toLowerCase(Locale.ROOT)) || person && !"authorization".equals(e.getKey()));
      out.put(e.getKey(), value(v, kind(e.getKey(), v, person), known, nestedPerson));
    }
    return out;
  }

  private static Object value(Object v, Kind kind, KnownPii known, boolean person) {
    if (v instanceof JsonObject o) return object(o, known, person);
    if (v instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      for (Object x : a) out.add(value(x, kind, known, person));
      return out;
    }
    if (v instanceof String s) return mask(s, kind, known);
    if (v instanceof Number n) {
      String s = n.toString();
      String masked = mask(s, kind, known);
      return masked.equals(s) ? v : masked;
    }
    return v;
  }

  private static String mask(String s, Kind kind, KnownPii known) {
    return switch (kind) {
      case NAME -> Pii.name(s);
      case ID -> Pii.idNumber(s);
      case CREDIT -> Pii.creditCode(s);
      case PHONE -> Pii.phone(s);
      case ADDRESS -> Pii.scrub(Pii.address(s), known);
      case SECRET -> "******";
      case TEXT -> Pii.scrub(s, known);
    };
  }

  private static Kind kind(String key, Object value, boolean person) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.contains("idnumber") || k.contains("idcard")) return Kind.ID;
    if (k.contains("creditcode")) return Kind.CREDIT;
    if (k.contains("phone") || k.contains("mobile") || k.equals("tel")) return Kind.PHONE;
    if (k.contains("address")) return Kind.ADDRESS;
    if (k.equals("pickupcode")) return Kind.SECRET; // a locker's code opens the locker: 衡阳 优化"一次办" 2 文件柜
    if (k.equals("recipient") || k.equals("holder") || k.equals("holdername")) return Kind.NAME;
    if (person && k.equals("name")) return Kind.NAME;
    if (!k.equals("name") && k.endsWith("name") && !KnownPii.NOT_PERSONS.contains(k) && value instanceof String s && KnownPii.personLike(s)) {
      return Kind.NAME;
    }
    return Kind.TEXT;
  }
}
