package onego.router.dispatch;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * One claimed message for a department: the item's work ({@code cancel} false) or the notice
 * that it was withdrawn. {@code messageId} is the webhook-id, the same on every retry.
 * {@code traceId}: the W3C trace id of the request that filed the case (32 lower-case hex), or null.
 */
public record WorkItem(UUID itemId, UUID caseId, UUID leaseId, int attempt, boolean cancel, String messageId, JsonObject payload,
                       String traceId) {}
