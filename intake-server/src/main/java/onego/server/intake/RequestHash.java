package onego.server.intake;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * SHA-256 of a body in canonical form (keys sorted, no white space), so that a retry whose JSON
 * differs only in key order or spacing counts as the same request.
 */
public final class RequestHash {
  private RequestHash() {}

  public static String of(JsonObject body) {
    StringBuilder sb = new StringBuilder(512);
    write(body, sb);
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static void write(Object v, StringBuilder sb) {
    if (v instanceof JsonObject o) {
      sb.append('{');
      boolean first = true;
      for (String k : new TreeSet<>(o.fieldNames())) {
        if (!first) sb.append(',');
        first = false;
        sb.append(quote(k)).append(':');
        write(o.getValue(k), sb);
      }
      sb.append('}');
    } else if (v instanceof JsonArray a) {
      sb.append('[');
      for (int i = 0; i < a.size(); i++) {
        if (i > 0) sb.append(',');
        write(a.getValue(i), sb);
      }
      sb.append(']');
    } else if (v instanceof String s) {
      sb.append(quote(s));
    } else if (v instanceof Number n) {
      double d = n.doubleValue();
      sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d));
    } else {
      sb.append(v);
    }
  }

  private static String quote(String s) {
    return Json.encode(s);
  }
}
