package onego.router.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import onego.domain.CaseStatus;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static onego.router.cases.Table.Type.INT;
import static onego.router.cases.Table.Type.JSONB;
import static onego.router.cases.Table.Type.TEXT;
import static onego.router.cases.Table.Type.TIMESTAMPTZ;
import static onego.router.cases.Table.col;

/**
 * One row of {@code cases}, as every read and write of the table sees it.
 *
 * @param applicantId   the applicant's resident ID number or unified social credit code
 * @param applicant     the applicant object as submitted (PII: shown masked on staff paths)
 * @param agent         who filed for the applicant (帮办代办, 委托代理): {name, idNumber, phone, relation, authorization}, or null
 * @param agentId       the agent's resident ID number (canonical), or null
 * @param prerequisites proofs of dependencies outside the chosen items ({item, ecertRef | sharedData, ...}); never null, often empty
 * @param lastSeq       the seq of the case's newest event (the gap-free counter, see {@link EventLog})
 * @param traceparent   the W3C trace context of the request that filed the case, or null: its webhooks carry its trace id
 * @param region        where the case is handled: a 6-digit administrative division code (就近办, 全市通办, 跨省通办); null for
 *                      cases filed before regions existed, which are the city's
 */
public record CaseRow(
    UUID caseId,
    String thing,
    CaseStatus status,
    String channel,
    String submittedBy,
    String applicantId,
    String applicantPhone,
    JsonObject applicant,
    JsonObject form,
    JsonArray materials,
    JsonArray commitments,
    JsonObject delivery,
    JsonObject agent,
    String agentId,
    JsonArray prerequisites,
    int lastSeq,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    String traceparent,
    String region) {

  /** The table, its columns in the order of this record's components. */
  static final Table TABLE = new Table("cases", List.of(
      col("case_id", Table.Type.UUID), col("thing", TEXT), col("status", TEXT), col("channel", TEXT), col("submitted_by", TEXT),
      col("applicant_id", TEXT), col("applicant_phone", TEXT), col("applicant", JSONB), col("form", JSONB),
      col("materials", JSONB), col("commitments", JSONB), col("delivery", JSONB), col("agent", JSONB), col("agent_id", TEXT),
      col("prerequisites", JSONB), col("last_seq", INT), col("created_at", TIMESTAMPTZ), col("updated_at", TIMESTAMPTZ),
      col("traceparent", TEXT), col("region", TEXT)));

  /** The row read from {@code r}, whose columns from {@code first} on are {@link #TABLE}'s, in order. */
  static CaseRow from(Row r, int first) {
    int k = first;
    return new CaseRow(r.getUUID(k++), r.getString(k++), CaseStatus.valueOf(r.getString(k++)), r.getString(k++), r.getString(k++),
        r.getString(k++), r.getString(k++), r.getJsonObject(k++), r.getJsonObject(k++), r.getJsonArray(k++), r.getJsonArray(k++),
        r.getJsonObject(k++), r.getJsonObject(k++), r.getString(k++), r.getJsonArray(k++), r.getInteger(k++),
        r.getOffsetDateTime(k++), r.getOffsetDateTime(k++), r.getString(k++), r.getString(k));
  }

  Object[] values() {
    return new Object[] {caseId, thing, status.name(), channel, submittedBy, applicantId, applicantPhone, applicant, form, materials,
        commitments, delivery, agent, agentId, prerequisites, lastSeq, createdAt, updatedAt, traceparent, region};
  }

  /** The names and addresses the case holds (applicant, agent, delivery, form), for scanning its free text. */
  public onego.domain.KnownPii known() {
    return onego.domain.KnownPii.of(applicant, agent, delivery, form);
  }
}
