package onego.server.intake;

import io.vertx.core.json.JsonObject;

/** What the intake writer made of one request. */
public sealed interface IntakeOutcome {
  /** Committed now. */
  record Created(JsonObject body) implements IntakeOutcome {}
  /** The key was used before with the same body: answer what was answered then. */
  record Replayed(int status, JsonObject body) implements IntakeOutcome {}
  /** The key was used before with another body. */
  record KeyReused() implements IntakeOutcome {}
  /** The key's first request has not committed and could not be waited for. */
  record InProgress() implements IntakeOutcome {}
  /** Too many submissions are waiting to be written. */
  record Overloaded() implements IntakeOutcome {}
  /** The database failed; nothing of the batch was committed. */
  record Failed(String reason) implements IntakeOutcome {}
}
