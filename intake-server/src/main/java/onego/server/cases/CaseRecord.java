package onego.server.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A case as stored, with its items in submission order; {@code agent} and {@code agentId} null when
 * the applicant filed without one (帮办代办), {@code prerequisites} the verified proofs of prerequisites held elsewhere.
 */
public record CaseRecord(
    UUID caseId,
    String thing,
    String status,
    String channel,
    String submittedBy,
    String applicantId,
    JsonObject applicant,
    JsonObject form,
    JsonArray materials,
    JsonArray commitments,
    JsonObject delivery,
    JsonObject agent,
    String agentId,
    JsonArray prerequisites,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    JsonObject results,
    List<ItemRecord> items) {

  public record ItemRecord(UUID itemId, String code, String name, String department, String status,
                           OffsetDateTime dueAt, OffsetDateTime updatedAt, JsonObject result) {}

  public CaseRecord withItems(List<ItemRecord> its) {
    return new CaseRecord(caseId, thing, status, channel, submittedBy, applicantId, applicant, form, materials,
        commitments, delivery, agent, agentId, prerequisites, createdAt, updatedAt, results, its);
  }

  /** The names and addresses the case holds (applicant, agent, delivery, form), for scanning its free text. */
  public onego.domain.KnownPii known() {
    return onego.domain.KnownPii.of(applicant, agent, delivery, form);
  }
}
