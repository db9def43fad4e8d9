package onego.server.intake;

import io.vertx.core.json.JsonObject;
import onego.domain.ProgressEvent;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Everything one accepted submission writes: the case, its items, its first events and the 201 body. */
public record NewCase(
    UUID caseId,
    String thing,
    String channel,
    String submittedBy,
    Submission submission,
    OffsetDateTime createdAt,
    List<NewItem> items,
    List<ProgressEvent> events,
    JsonObject response) {

  public record NewItem(UUID itemId, int position, String code, String name, String department, String status,
                        List<String> dependsOn, OffsetDateTime dueAt) {}
}
