package onego.server.intake;

import io.vertx.core.json.JsonObject;
import onego.domain.DomainError;

/**
 * What a submission that was not refused came to. Refusals (invalid body, key reused, key in
 * progress, overloaded, store unavailable) fail the future with a {@link onego.domain.DomainError}.
 */
public sealed interface IntakeOutcome {
  /** Committed now; {@code body} is the 201 body, {@code text} the same encoded (as stored with the key). */
  record Created(JsonObject body, String text) implements IntakeOutcome {}
  /** The key was used before with the same body: answer what was answered then. */
  record Replayed(int status, JsonObject body) implements IntakeOutcome {}
}
