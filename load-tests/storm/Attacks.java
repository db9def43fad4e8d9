
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the storm sends, request by request, from a seeded {@link Random}: valid submissions (some
 * with identifiers written oddly), mutated bodies ({@link Mutations}), every endpoint of the
 * node's OpenAPI document with odd path and query parameters, methods, tokens and headers, raw
 * bytes on the socket, and WebSocket frames.
 */
final class Attacks {
  record Endpoint(String method, String path) {}

  /** One step of the storm: an HTTP request ({@code valid} when it must be answered 201), or one WebSocket frame. */
  record Plan(String kind, Wire.Request http, boolean valid, String token, int wsOpcode, byte[] wsPayload) {}

  private static final List<String> BAD_SEGMENTS = List.of("%00", "a%00b", "%zz", "%", "%C3%28", "%ED%A0%80", "%FF", "a%2Fb", "..",
      "%E6%88%B7%E5%8F%A3", "%EF%BC%91", "x".repeat(3000), "%27%20OR%201%3D1--", "\u00e6\u0088\u00b7", "%0A", "+", "%20");
  private static final List<String> PARAMS = List.of("limit", "after", "q", "idNumber", "phone", "level", "department", "lifecycle",
      "theme", "items", "waitSeconds", "access_token", "zzz");
  private static final List<String> VALUES = List.of("1", "0", "-1", "abc", "99999999999999999999", "%", "%%%%", "%00", "%C3%28",
      "%ED%A0%80", "1.5", "", "red", "yellow", "personal", "newborn", "%E6%88%B7", "13800138000", "%2B86%20138%200013%208000",
      "y".repeat(2000), "%EF%BC%94%EF%BC%93", "430102199001011238");
  private static final List<String> STATUSES = List.of("ACCEPTED", "IN_PROGRESS", "RETURNED", "COMPLETED", "REJECTED", "QUEUED", "nope");

  private final List<Endpoint> endpoints;
  private final List<String> departments;
  private final List<Map<String, Object>> notices;
  private final String jwtSecret;
  final List<String> caseIds = new CopyOnWriteArrayList<>();
  final List<String> itemIds = new CopyOnWriteArrayList<>();

  Attacks(List<Endpoint> endpoints, List<String> departments, List<Map<String, Object>> notices, String jwtSecret) {
    this.endpoints = endpoints;
    this.departments = departments;
    this.notices = notices;
    this.jwtSecret = jwtSecret;
  }

  Plan next(Random r) {
    int roll = r.nextInt(100);
    if (roll < 10) return valid(r);
    if (roll < 40) {
      Mutations.Mutated m = Mutations.of(Submissions.of(notices.get(r.nextInt(notices.size())), r), r);
      return http("body:" + m.name(), post("/api/v1/cases", "dev-portal", r).body(m.bytes()).header("Content-Type", "application/json"));
    }
    if (roll < 70) return endpoint(r);
    if (roll < 83) return headers(r);
    if (roll < 91) return raw(r);
    return websocket(r);
  }

  Plan valid(Random r) {
    String token = r.nextBoolean() ? "dev-portal" : "dev-mobile";
    Map<String, Object> body = Submissions.of(notices.get(r.nextInt(notices.size())), r);
    if (r.nextInt(4) == 0) Submissions.writeOddly(body, r);
    Wire.Request req = post("/api/v1/cases", token, r).header("Content-Type", "application/json")
        .body(Json.write(body).getBytes(StandardCharsets.UTF_8));
    return new Plan("valid", req, true, token, 0, null);
  }

  private Plan endpoint(Random r) {
    Endpoint e = endpoints.get(r.nextInt(endpoints.size()));
    String dept = departments.get(r.nextInt(departments.size()));
    StringBuilder path = new StringBuilder();
    for (String seg : e.path().substring(1).split("/")) {
      path.append('/');
      if (!seg.startsWith("{")) path.append(seg);
      else if (r.nextInt(3) == 0) path.append(BAD_SEGMENTS.get(r.nextInt(BAD_SEGMENTS.size())));
      else path.append(plausible(seg, dept, r));
    }
    int params = r.nextInt(4);
    for (int k = 0; k < params; k++) {
      path.append(k == 0 ? '?' : '&').append(r.nextInt(20) == 0 ? "%zz" : PARAMS.get(r.nextInt(PARAMS.size())))
          .append('=').append(VALUES.get(r.nextInt(VALUES.size())));
    }
    String method = r.nextInt(8) == 0 ? List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD").get(r.nextInt(7)) : e.method();
    String token = r.nextInt(6) == 0 ? anyToken(r) : tokenFor(e.path(), dept, r);
    Wire.Request req = Wire.Request.of("endpoint:" + e.method() + " " + e.path(), method, path.toString());
    if (token != null) req.header("Authorization", "Bearer " + token);
    if (r.nextInt(5) == 0) req.header("Accept", "text/event-stream");
    if (method.equals("POST")) {
      req.header("Idempotency-Key", "storm-" + UUID.randomUUID()).header("Content-Type", "application/json");
      Map<String, Object> body = bodyFor(e.path(), r);
      req = req.body(r.nextBoolean() ? Json.write(body).getBytes(StandardCharsets.UTF_8) : Mutations.of(body, r).bytes());
    }
    return http(req.kind(), req);
  }

  private Plan headers(Random r) {
    Plan base = r.nextBoolean() ? endpoint(r) : valid(r);
    Wire.Request q = base.http();
    List<String[]> h = new ArrayList<>(q.headers());
    h.removeIf(x -> x[0].equals("Authorization") || x[0].equals("Idempotency-Key"));
    String name;
    switch (r.nextInt(14)) {
      case 0 -> { name = "no-auth"; }
      case 1 -> { name = "bearer-empty"; h.add(new String[] {"Authorization", "Bearer "}); }
      case 2 -> { name = "basic-auth"; h.add(new String[] {"Authorization", "Basic ZGV2LWFkbWluOng="}); }
      case 3 -> { name = "jwt-garbage"; h.add(new String[] {"Authorization", "Bearer a.b.c"}); }
      case 4 -> { name = "jwt-alg-none"; h.add(new String[] {"Authorization", "Bearer " + unsigned("{\"role\":\"admin\"}")}); }
      case 5 -> { name = "jwt-wrong-secret"; h.add(auth(jwt("{\"role\":\"admin\",\"exp\":" + (now() + 600) + "}", "not-the-secret"))); }
      case 6 -> { name = "jwt-expired"; h.add(auth(jwt("{\"role\":\"admin\",\"exp\":" + (now() - 600) + "}", jwtSecret))); }
      case 7 -> {
        name = "jwt-odd-claims";
        String claims = List.of("{\"role\":5}", "{\"role\":\"channel\",\"channel\":7}", "{\"role\":\"department\",\"department\":[]}",
            "{\"role\":\"applicant\",\"sub\":{}}", "{\"role\":\"applicant\",\"sub\":\"\\u0000\"}", "{\"role\":[\"admin\"]}").get(r.nextInt(6));
        h.add(auth(jwt(claims.replace("}", ",\"exp\":" + (now() + 600) + "}"), jwtSecret)));
      }
      case 8 -> { name = "huge-header"; h.add(new String[] {"X-Filler", "f".repeat(r.nextBoolean() ? 6_000 : 20_000)}); h.addAll(keep(q)); }
      case 9 -> { name = "bad-idempotency-key"; h.addAll(keep(q));
        h.add(new String[] {"Idempotency-Key", List.of("", "k".repeat(300), "caf\u00e9", "tab\tkey", "\u00e6\u0088\u00b7").get(r.nextInt(5))}); }
      case 10 -> { name = "odd-content-type"; h.addAll(keep(q)); h.removeIf(x -> x[0].equals("Content-Type"));
        h.add(new String[] {"Content-Type", List.of("application/json; charset=utf-16", "application/x-www-form-urlencoded", "text/plain",
            "multipart/form-data; boundary=zz", "application/json;;;", "*/*", "application/xml", "application/merge-patch+json").get(r.nextInt(8))}); }
      case 11 -> { name = "bad-framing"; h.addAll(keep(q));
        h.addAll(List.of(List.<String[]>of(new String[] {"Content-Length", "abc"}), List.<String[]>of(new String[] {"Content-Length", "-1"}),
            List.<String[]>of(new String[] {"Transfer-Encoding", "chunked"}, new String[] {"Content-Length", "5"}),
            List.<String[]>of(new String[] {"Transfer-Encoding", "gzip, chunked"})).get(r.nextInt(4))); }
      case 12 -> { name = "applicant-jwt"; h.add(auth(jwt("{\"role\":\"applicant\",\"sub\":\"" + Submissions.idNumber(r)
          + "\",\"exp\":" + (now() + 600) + "}", jwtSecret))); h.addAll(keep(q)); }
      default -> { name = "duplicate-headers"; h.addAll(keep(q)); h.add(new String[] {"Authorization", "Bearer dev-admin"});
        h.add(new String[] {"Authorization", "Bearer dev-portal"}); h.add(new String[] {"Content-Type", "text/plain"}); }
    }
    return http("header:" + name, new Wire.Request("header:" + name, q.method(), q.target(), h, q.body(), null));
  }

  private static List<String[]> keep(Wire.Request q) {
    return q.headers().stream().filter(x -> x[0].equals("Authorization") || x[0].equals("Idempotency-Key")).toList();
  }

  private Plan raw(Random r) {
    String name;
    byte[] bytes;
    switch (r.nextInt(9)) {
      case 0 -> { name = "random-bytes"; bytes = new byte[16 + r.nextInt(2000)]; r.nextBytes(bytes); }
      case 1 -> { name = "no-version"; bytes = ascii("GET /api/v1/themes\r\n\r\n"); }
      case 2 -> { name = "http-9.9"; bytes = ascii("GET /api/v1/themes HTTP/9.9\r\nHost: x\r\n\r\n"); }
      case 3 -> { name = "odd-method"; bytes = ascii("FROB /api/v1/things HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); }
      case 4 -> { name = "control-bytes-in-target"; bytes = ascii("GET /api/v1/things/new\u0000born\u0007 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); }
      case 5 -> { name = "huge-target"; bytes = ascii("GET /api/v1/things?q=" + "q".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); }
      case 6 -> { name = "http2-preface"; bytes = ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"); }
      case 7 -> { name = "header-without-colon"; bytes = ascii("GET /api/v1/themes HTTP/1.1\r\nHost: x\r\nnonsense\r\nConnection: close\r\n\r\n"); }
      default -> { name = "bad-chunk"; bytes = ascii("POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer dev-portal\r\n"
          + "Idempotency-Key: c\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"); }
    }
    return http("raw:" + name, new Wire.Request("raw:" + name, null, null, List.of(), null, bytes));
  }

  private Plan websocket(Random r) {
    String caseId = caseIds.isEmpty() ? UUID.randomUUID().toString() : caseIds.get(r.nextInt(caseIds.size()));
    String name;
    int opcode = 1;
    byte[] payload;
    switch (r.nextInt(9)) {
      case 0 -> { name = "subscribe"; payload = utf8("{\"op\":\"subscribe\",\"caseId\":\"" + caseId + "\",\"after\":0}"); }
      case 1 -> { name = "nul"; payload = utf8("{\"op\":\"subscribe\",\"department\":\"health\\u0000\"}"); }
      case 2 -> { name = "lone-surrogate"; payload = utf8("{\"op\":\"subscribe\",\"caseId\":\"\\ud800\"}"); }
      case 3 -> { name = "invalid-utf8"; payload = new byte[] {'{', '"', 'o', 'p', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'}; }
      case 4 -> { name = "binary"; opcode = 2; payload = new byte[64]; r.nextBytes(payload); }
      case 5 -> { name = "not-json"; payload = utf8(List.of("hello", "[]", "{", "null", "{\"op\":7}").get(r.nextInt(5))); }
      case 6 -> { name = "oversized"; payload = utf8("{\"op\":\"subscribe\",\"department\":\"" + "d".repeat(70_000 + r.nextInt(300_000)) + "\"}"); }
      case 7 -> { name = "bad-after"; payload = utf8("{\"op\":\"subscribe\",\"caseId\":\"" + caseId + "\",\"after\":" + List.of("-1", "1.5", "\"x\"", "1e30").get(r.nextInt(4)) + "}"); }
      default -> { name = "unsubscribe-unknown"; payload = utf8("{\"op\":\"unsubscribe\",\"department\":\"zz\"}"); }
    }
    return new Plan("ws:" + name, null, false, "dev-admin", opcode, payload);
  }

  private static Plan http(String kind, Wire.Request req) {
    return new Plan(kind, req, false, null, 0, null);
  }

  private static Wire.Request post(String path, String token, Random r) {
    return Wire.Request.of("post", "POST", path).header("Authorization", "Bearer " + token)
        .header("Idempotency-Key", "storm-" + Long.toHexString(r.nextLong()) + "-" + UUID.randomUUID());
  }

  private String plausible(String param, String dept, Random r) {
    return switch (param) {
      case "{caseId}" -> caseIds.isEmpty() || r.nextInt(4) == 0 ? UUID.randomUUID().toString() : caseIds.get(r.nextInt(caseIds.size()));
      case "{itemId}" -> itemIds.isEmpty() || r.nextInt(4) == 0 ? UUID.randomUUID().toString() : itemIds.get(r.nextInt(itemIds.size()));
      case "{code}" -> r.nextBoolean() ? dept : String.valueOf(notices.get(r.nextInt(notices.size())).get("code"));
      case "{idNumber}" -> Submissions.idNumber(r);
      case "{ecertRef}" -> "EC-resident-id-card-" + Submissions.idNumber(r);
      default -> "x";
    };
  }

  private String tokenFor(String path, String dept, Random r) {
    if (path.startsWith("/api/v1/departments/{code}")) return "dev-dept-" + dept;
    if (path.startsWith("/api/v1/hotline")) return "dev-hotline";
    if (path.equals("/api/v1/cases") || path.contains("supplement") || path.contains("withdraw") || path.contains("rating")
        || path.contains("prefill")) return r.nextBoolean() ? "dev-portal" : "dev-mobile";
    return "dev-admin";
  }

  private String anyToken(Random r) {
    return List.of("dev-portal", "dev-hotline", "dev-admin", "dev-dept-" + departments.get(0), "nonsense").get(r.nextInt(5));
  }

  private Map<String, Object> bodyFor(String path, Random r) {
    if (path.endsWith("/supplement")) return Map.of("form", Map.of("babyName", "王小明"), "materials", List.of());
    if (path.endsWith("/ack")) return Map.of("leaseId", UUID.randomUUID().toString());
    if (path.endsWith("/status")) return Map.of("status", STATUSES.get(r.nextInt(STATUSES.size())), "note", "请联系 138 0013 8000",
        "eventId", "storm-" + r.nextInt(1000));
    if (path.endsWith("/rating")) return Map.of("score", r.nextInt(7), "comment", "好");
    if (path.equals("/api/v1/cases")) return Submissions.of(notices.get(0), r);
    return Map.of();
  }

  private static String[] auth(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private static String unsigned(String claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(utf8("{\"alg\":\"none\"}")) + "." + b64.encodeToString(utf8(claims)) + ".";
  }

  /** An HS256 JWT (RFC 7519) over {@code claims}. */
  static String jwt(String claims, String secret) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signed = b64.encodeToString(utf8("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")) + "." + b64.encodeToString(utf8(claims));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(utf8(secret), "HmacSHA256"));
      return signed + "." + b64.encodeToString(mac.doFinal(utf8(signed)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
