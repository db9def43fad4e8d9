
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Bad bodies made from good ones: fields dropped, duplicated or retyped; NUL, unpaired surrogates
 * and invalid UTF-8 bytes in strings; huge strings, deep nesting, thousands of bad entries;
 * empty, truncated, non-object and non-JSON bodies. Each mutation is named, for the report.
 */
final class Mutations {
  /** A mutated body: what was done to it and its bytes. */
  record Mutated(String name, byte[] bytes) {}

  private static final String MARK = "\u2603BYTES\u2603";
  private static final byte[][] BAD_UTF8 = {
      {(byte) 0xC3, 0x28, (byte) 0xE5, (byte) 0xA8, (byte) 0x9C}, // the bytes
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate (CESU-8)
      {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
      {(byte) 0xFF, (byte) 0xFE},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
      {(byte) 0xE6, (byte) 0x88}}; // truncated sequence

  private Mutations() {}

  @SuppressWarnings("unchecked")
  static Mutated of(Map<String, Object> valid, Random r) {
    Map<String, Object> body = (Map<String, Object>) Json.copy(valid);
    switch (r.nextInt(19)) {
      case 0: remove(body, r); return text("drop-field", body);
      case 1: return text("duplicate-field", duplicate(Json.write(body), r));
      case 2: retype(body, r); return text("retype-field", body);
      case 3: setLeaf(body, r, s -> s.substring(0, s.length() / 2) + "\u0000" + s.substring(s.length() / 2)); return text("nul", body);
      case 4: setLeaf(body, r, s -> s + (r.nextBoolean() ? "\uD800" : "\uDC00")); return text("lone-surrogate", body);
      case 5: {
        setLeaf(body, r, s -> s + MARK);
        return new Mutated("invalid-utf8", splice(Json.write(body), BAD_UTF8[r.nextInt(BAD_UTF8.length)]));
      }
      case 6: setLeaf(body, r, s -> "长".repeat(r.nextBoolean() ? 30_000 : 90_000)); return text("huge-string", body);
      case 7: { int depth = r.nextBoolean() ? 900 : 5000; return text("deep-nesting", "{\"form\":" + "[".repeat(depth) + "]".repeat(depth) + "}"); }
      case 8: body.put("x" + r.nextInt(1000), List.of(1, "a", Map.of()));
        if (body.get("form") instanceof Map<?, ?> form) ((Map<String, Object>) form).put("noSuchField", "v");
        return text("unknown-fields", body);
      case 9: return text("empty", r.nextBoolean() ? "" : " \r\n\t ");
      case 10: { String s = Json.write(body); return text("truncated", s.substring(0, r.nextInt(s.length()))); }
      case 11: return text("not-an-object", List.of("[]", "\"text\"", "42", "null", "true", "[{}]").get(r.nextInt(6)));
      case 12: return new Mutated("bom", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Json.write(body).getBytes(StandardCharsets.UTF_8)));
      case 13: body.put(List.of("form", "materials", "applicant", "commitments", "delivery", "items", "thing").get(r.nextInt(7)), null);
        return text("null-member", body);
      case 14: setAnyLeaf(body, r, List.of(1e308, -0.0, 1.5, Long.MAX_VALUE, "1e400", 12345678901234567890.0).get(r.nextInt(6)));
        return text("odd-number", Json.write(body).replace("\"1e400\"", "1e400"));
      case 15: { List<Object> many = new ArrayList<>(); for (int k = 0; k < 20_000; k++) many.add(k); body.put("materials", many); return text("many-problems", body); }
      case 16: { byte[] junk = new byte[1 + r.nextInt(4000)]; r.nextBytes(junk); return new Mutated("random-bytes", junk); }
      case 17: body.put("applicant", Map.of("type", "person", "idNumber", "x".repeat(r.nextInt(400)), "name", "", "phone", 13800138000L));
        return text("bad-applicant", body);
      default: return text("escaped-controls", Json.write(body).replace("\"newborn\"", "\"new\\u0001born\\u007f\\t\""));
    }
  }

  private static Mutated text(String name, Object body) {
    return new Mutated(name, (body instanceof String s ? s : Json.write(body)).getBytes(StandardCharsets.UTF_8));
  }

  /** A second occurrence of the first member with another value: {"thing": 1, "thing": "newborn", ...}. */
  private static String duplicate(String json, Random r) {
    int colon = json.indexOf(':');
    if (colon < 0) return "{\"a\":1,\"a\":{}}";
    return "{" + json.substring(1, colon) + ":" + List.of("1", "null", "\"\"", "[]", "{}").get(r.nextInt(5)) + "," + json.substring(1);
  }

  private static byte[] splice(String json, byte[] bad) {
    int at = json.indexOf(MARK);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(bad);
    out.writeBytes(json.substring(at + MARK.length()).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The containers of {@code v} and {@code v} itself, depth first. */
  @SuppressWarnings("unchecked")
  private static void containers(Object v, List<Object> out) {
    if (v instanceof Map<?, ?> m) {
      out.add(m);
      ((Map<String, Object>) m).values().forEach(x -> containers(x, out));
    } else if (v instanceof List<?> l) {
      out.add(l);
      l.forEach(x -> containers(x, out));
    }
  }

  @SuppressWarnings("unchecked")
  private static void remove(Map<String, Object> body, Random r) {
    List<Object> all = new ArrayList<>();
    containers(body, all);
    Object c = all.get(r.nextInt(all.size()));
    if (c instanceof Map<?, ?> m && !m.isEmpty()) {
      List<String> keys = new ArrayList<>(((Map<String, Object>) m).keySet());
      m.remove(keys.get(r.nextInt(keys.size())));
    } else if (c instanceof List<?> l && !l.isEmpty()) {
      l.remove(r.nextInt(l.size()));
    }
  }

  private static void retype(Map<String, Object> body, Random r) {
    setAnyLeaf(body, r, List.of(7, "text", true, List.of(), Map.of(), -1.5, List.of(List.of())).get(r.nextInt(7)));
  }

  /** Replaces a random member or element (string or not) with {@code value}. */
  @SuppressWarnings("unchecked")
  private static void setAnyLeaf(Map<String, Object> body, Random r, Object value) {
    List<Object> all = new ArrayList<>();
    containers(body, all);
    Object c = all.get(r.nextInt(all.size()));
    if (c instanceof Map<?, ?> m && !m.isEmpty()) {
      List<String> keys = new ArrayList<>(((Map<String, Object>) m).keySet());
      ((Map<String, Object>) m).put(keys.get(r.nextInt(keys.size())), value);
    } else if (c instanceof List<?> l && !l.isEmpty()) {
      ((List<Object>) l).set(r.nextInt(l.size()), value);
    } else {
      body.put("thing", value);
    }
  }

  /** Rewrites one random string member or element (a key of a map now and then). */
  @SuppressWarnings("unchecked")
  private static void setLeaf(Map<String, Object> body, Random r, java.util.function.UnaryOperator<String> f) {
    List<Object> all = new ArrayList<>();
    containers(body, all);
    for (int tries = 0; tries < 50; tries++) {
      Object c = all.get(r.nextInt(all.size()));
      if (c instanceof Map<?, ?> m && !m.isEmpty()) {
        Map<String, Object> map = (Map<String, Object>) m;
        String key = new ArrayList<>(map.keySet()).get(r.nextInt(map.size()));
        if (r.nextInt(8) == 0) {
          map.put(f.apply(key), map.remove(key));
          return;
        }
        if (map.get(key) instanceof String s) {
          map.put(key, f.apply(s));
          return;
        }
      } else if (c instanceof List<?> l && !l.isEmpty()) {
        int k = r.nextInt(l.size());
        if (l.get(k) instanceof String s) {
          ((List<Object>) l).set(k, f.apply(s));
          return;
        }
      }
    }
    body.put("thing", f.apply(String.valueOf(body.get("thing"))));
  }
}
