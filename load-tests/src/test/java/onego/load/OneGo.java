package onego.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulations share: the target node ({@code -DbaseUrl}), its catalog read the way a
 * portal reads it, submission bodies built from each thing's one-time notice (every required form
 * field, every non-waivable material as a paper copy so no e-certificate registry is needed, the
 * first delivery method) with fresh, valid applicant identifiers (GB 11643 / GB 32100 check
 * characters computed here), and a plain JDK client for set-up work before the load starts.
 */
final class OneGo {
  static final String BASE_URL = System.getProperty("baseUrl", "http://localhost:8080");
  static final String CHANNEL_TOKEN = System.getProperty("token", "dev-portal");
  /** The 13 things of the national basic list (openapi.yaml, tag Catalog). */
  static final List<String> NATIONAL_THINGS = List.of("enterprise-startup", "enterprise-operating-permit", "employee-hiring",
      "enterprise-real-estate", "enterprise-simple-deregistration", "newborn", "flexible-employment", "marriage-childbirth",
      "disability-assistance", "veteran-discharge", "house-transfer-utilities", "employee-retirement", "after-death");
  static final String RUN = Long.toString(System.currentTimeMillis(), 36);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final AtomicLong SEQ = new AtomicLong();
  private static final String PERSON = "@@PERSON_ID@@";
  private static final String OTHER = "@@OTHER_ID@@";
  private static final String COMPANY = "@@CREDIT_CODE@@";
  private static final String PHONE = "@@PHONE@@";
  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] CC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  private static final LocalDate EPOCH = LocalDate.of(1970, 1, 1);

  private OneGo() {}

  /** One submission ready to post: its key, body and the applicant's identifiers (for look-ups). */
  record Submission(String key, String body, String idNumber, String phone, String thing) {
    Map<String, Object> session() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("idemKey", key);
      m.put("body", body);
      m.put("idNumber", idNumber);
      m.put("phone", phone);
      m.put("thing", thing);
      return m;
    }
  }

  /** GET {@code path} (under /api/v1) with an optional token; fails unless 200. */
  static JsonNode get(String path, String token) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(BASE_URL + "/api/v1" + path)).timeout(Duration.ofSeconds(15));
      if (token != null) b.header("Authorization", "Bearer " + token);
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + path + " from " + BASE_URL + " (is OneGo running?)", e);
    }
  }

  /** POSTs a submission now (set-up, not load); answers the 201 body, or null with the reason printed. */
  static JsonNode submitNow(Submission s) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(BASE_URL + "/api/v1/cases"))
          .header("Authorization", "Bearer " + CHANNEL_TOKEN).header("Idempotency-Key", s.key())
          .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
          .POST(HttpRequest.BodyPublishers.ofString(s.body())).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 201) return JSON.readTree(r.body());
      System.err.println("set-up submission of " + s.thing() + " answered " + r.statusCode() + ": " + r.body());
      return null;
    } catch (Exception e) {
      throw new IllegalStateException("cannot submit to " + BASE_URL, e);
    }
  }

  /** A body template per thing; only things whose first submission the node takes (201) are kept, the others are printed. */
  static Map<String, String> templates(List<String> things) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String thing : things) {
      String template;
      try {
        template = template(get("/things/" + thing, null));
      } catch (RuntimeException e) {
        System.err.println("skipping " + thing + ": " + e.getMessage());
        continue;
      }
      if (submitNow(fill(thing, template)) != null) out.put(thing, template);
    }
    if (out.isEmpty()) throw new IllegalStateException("the node at " + BASE_URL + " took none of " + things);
    System.out.println("submitting " + out.keySet());
    return out;
  }

  /** A fresh submission of {@code thing} from its template: new key, new identifiers. */
  static Submission fill(String thing, String template) {
    long n = SEQ.getAndIncrement();
    String id = idNumber("430102", n);
    String phone = "139" + String.format("%08d", (n * 7919 + Math.abs(RUN.hashCode())) % 100_000_000);
    String body = template.replace(PERSON, id).replace(OTHER, idNumber("430405", n)).replace(COMPANY, creditCode(n)).replace(PHONE, phone);
    return new Submission("load-" + RUN + "-" + n, body, id, phone, thing);
  }

  static String template(JsonNode notice) {
    ObjectNode body = JSON.createObjectNode().put("thing", notice.get("code").asText());
    boolean person = false;
    for (JsonNode t : notice.path("applicantTypes")) person |= t.asText().equals("person");
    if (notice.path("applicantTypes").isEmpty()) person = true;
    ObjectNode applicant = body.putObject("applicant");
    if (person) applicant.put("type", "person").put("idNumber", PERSON).put("name", "李晓红").put("phone", PHONE);
    else applicant.put("type", "enterprise").put("creditCode", COMPANY).put("name", "衡阳示例餐饮有限公司").put("phone", PHONE);
    ObjectNode form = body.putObject("form");
    JsonNode schema = notice.get("form");
    List<String> required = new ArrayList<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    schema.get("properties").fields().forEachRemaining(f -> {
      if (required.contains(f.getKey())) form.set(f.getKey(), JSON.valueToTree(value(f.getKey(), f.getValue())));
    });
    ArrayNode materials = body.putArray("materials");
    ArrayNode commitments = body.putArray("commitments");
    for (JsonNode m : notice.get("materials")) {
      if (m.path("waivable").asBoolean()) continue;
      String code = m.get("code").asText();
      if (m.path("commitmentAllowed").asBoolean()) commitments.add(code);
      else materials.addObject().put("code", code).put("fileRef", "file-" + code);
    }
    String method = notice.get("deliveryMethods").get(0).asText();
    ObjectNode delivery = body.putObject("delivery").put("method", method);
    if (method.equals("ems") || method.equals("locker")) delivery.put("address", "湖南省衡阳市蒸湘区解放大道1号");
    return body.toString();
  }

  private static Object value(String name, JsonNode p) {
    if (p.has("enum")) return p.get("enum").get(0);
    String type = p.path("type").asText();
    String format = p.path("format").asText(null);
    if (type.equals("integer")) return p.has("minimum") ? (long) Math.ceil(p.get("minimum").asDouble()) : 1;
    if (type.equals("number")) return p.has("minimum") ? p.get("minimum").asDouble() : 1.5;
    if (type.equals("boolean")) return true;
    if (format != null) {
      switch (format) {
        case "id-number": return name.toLowerCase().contains("applicant") ? PERSON : OTHER;
        case "credit-code": return COMPANY;
        case "phone": return "13973412345";
        case "email": return "li.xiaohong@example.cn";
        case "date": return "2026-11-02";
        case "date-time": return "2026-11-02T08:30:00+08:00";
        default: break;
      }
    }
    if (p.has("pattern")) {
      for (String c : List.of("123456789012", "2026-11", "2026-430100-01-01-000001", "ABCD1234")) {
        if (c.matches(p.get("pattern").asText())) return c;
      }
      throw new IllegalStateException("no load-test value matches the pattern of " + name);
    }
    return "测".repeat(Math.max(3, p.path("minLength").asInt(1)));
  }

  /** The n-th distinct resident ID of a region (GB 11643): 1000 sequence numbers per birth day from 1970-01-01. */
  static String idNumber(String region, long n) {
    String first17 = region + EPOCH.plusDays((n / 999) % 15_000).toString().replace("-", "") + String.format("%03d", n % 999);
    int sum = 0;
    for (int k = 0; k < 17; k++) sum += (first17.charAt(k) - '0') * ID_WEIGHTS[k];
    return first17 + "10X98765432".charAt(sum % 11);
  }

  /** The n-th distinct unified social credit code (GB 32100). */
  static String creditCode(long n) {
    String first17 = "91430100MA" + String.format("%07d", n % 10_000_000);
    int sum = 0;
    for (int k = 0; k < 17; k++) sum += CC_ALPHABET.indexOf(first17.charAt(k)) * CC_WEIGHTS[k];
    int c = 31 - sum % 31;
    return first17 + CC_ALPHABET.charAt(c == 31 ? 0 : c);
  }
}
