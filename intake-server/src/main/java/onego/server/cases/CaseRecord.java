package onego.server.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A case as stored, with its items in submission order. */
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
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    JsonObject results,
    List<ItemRecord> items) {

  public record ItemRecord(UUID itemId, String code, String name, String department, String status,
                           OffsetDateTime dueAt, OffsetDateTime updatedAt, JsonObject result) {}

  public CaseRecord withItems(List<ItemRecord> its) {
    return new CaseRecord(caseId, thing, status, channel, submittedBy, applicantId, applicant, form, materials,
        commitments, delivery, createdAt, updatedAt, results, its);
  }
}
