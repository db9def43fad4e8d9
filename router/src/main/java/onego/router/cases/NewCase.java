package onego.router.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Actor;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Everything one accepted submission writes: the case row, its items and its first events
 * (numbered 1, 2, ... by {@link CaseLog#create}).
 *
 * @param applicantId the applicant's resident ID number or unified social credit code
 * @param applicant   the applicant object as submitted (PII: shown masked on staff paths)
 * @param agent         who filed for the applicant (帮办代办, 委托代理): {name, idNumber, phone, relation, authorization}, or null
 * @param agentId       the agent's resident ID number (canonical), or null
 * @param prerequisites proofs of dependencies outside the chosen items ({item, ecertRef | sharedData, ...}); never null, often empty
 * @param submitter   who submitted it, as the audit trail records it (the channel)
 */
public record NewCase(
    UUID caseId,
    String thing,
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
    OffsetDateTime createdAt,
    List<NewItem> items,
    List<NewEvent> events,
    Actor submitter) {

  /** One item of a new case; {@code status} is QUEUED or WAITING; {@code dueAt} from the working-day calendar. */
  public record NewItem(UUID itemId, int position, String code, String name, String department, String status,
                        List<String> dependsOn, OffsetDateTime dueAt) {}
}
