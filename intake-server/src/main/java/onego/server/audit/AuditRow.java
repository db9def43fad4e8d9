package onego.server.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One stored audit row, and its canonical text: what its hash covers. The text is a JSON array
 * of the row's fields in a fixed order ({@code detail} with its keys sorted, {@code at} as a UTC
 * instant), so the writer and the verifier derive the same bytes from the same values.
 */
public record AuditRow(LocalDate day, int seq, OffsetDateTime at, String actorId, String actorRole, String actorUnit,
                       String action, String subject, UUID caseId, String purpose, JsonObject detail,
                       String prevHash, String hash) {
  static final String COLUMNS = "day, day_seq, at, actor_id, actor_role, actor_unit, action, subject, case_id, purpose, detail, prev_hash, hash";
  /** The previous hash of a day's first row. */
  static final String GENESIS = "0".repeat(64);
  private static final String VERSION = "onego-audit-1";

  static AuditRow of(Row r) {
    return new AuditRow(r.getLocalDate("day"), r.getInteger("day_seq"), r.getOffsetDateTime("at"), r.getString("actor_id"),
        r.getString("actor_role"), r.getString("actor_unit"), r.getString("action"), r.getString("subject"), r.getUUID("case_id"),
        r.getString("purpose"), (JsonObject) r.getJson("detail"), r.getString("prev_hash"), r.getString("hash"));
  }

  /** The canonical text of a row's content (everything but its position and hashes). */
  static String canonical(LocalDate day, OffsetDateTime at, String actorId, String actorRole, String actorUnit, String action,
                          String subject, UUID caseId, String purpose, JsonObject detail) {
    JsonArray a = new JsonArray().add(VERSION).add(day.toString()).add(at.toInstant().truncatedTo(ChronoUnit.MICROS).toString())
        .add(actorId).add(actorRole).add(actorUnit).add(action).add(subject).add(caseId == null ? null : caseId.toString())
        .add(purpose).add(sorted(detail));
    return a.encode();
  }

  String canonical() {
    return canonical(day, at, actorId, actorRole, actorUnit, action, subject, caseId, purpose, detail);
  }

  /** The hash a row at {@code seq} after {@code prevHash} must carry: SHA-256 hex of prev, seq and the canonical text. */
  static String hash(String prevHash, int seq, String canonical) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest((prevHash + "\n" + seq + "\n" + canonical).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** A copy with every object's keys in sorted order (jsonb keeps its own order; the hash must not depend on either). */
  private static JsonObject sorted(JsonObject o) {
    Map<String, Object> out = new TreeMap<>();
    o.forEach(e -> out.put(e.getKey(), sortedValue(e.getValue())));
    return new JsonObject(out);
  }

  @SuppressWarnings("unchecked")
  private static Object sortedValue(Object v) {
    if (v instanceof JsonObject o) return sorted(o);
    if (v instanceof Map<?, ?> m) return sorted(new JsonObject((Map<String, Object>) m));
    if (v instanceof JsonArray a) return new JsonArray(a.stream().map(AuditRow::sortedValue).toList());
    if (v instanceof List<?> l) return new JsonArray(l.stream().map(AuditRow::sortedValue).toList());
    return v;
  }
}
