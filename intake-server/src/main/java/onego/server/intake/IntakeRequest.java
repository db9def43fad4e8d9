package onego.server.intake;

import io.vertx.core.json.JsonObject;
import onego.router.cases.NewCase;

/**
 * One submission on its way to the {@link IntakeWriter}: who, under which key, the body's hash,
 * the case to write and the 201 body to store with the key and answer. {@code responseText} is
 * that body encoded once: the same text is stored with the key and sent as the 201.
 */
public record IntakeRequest(String caller, String key, String requestHash, NewCase newCase, JsonObject response, String responseText) {
  public IntakeRequest(String caller, String key, String requestHash, NewCase newCase, JsonObject response) {
    this(caller, key, requestHash, newCase, response, response.encode());
  }
}
