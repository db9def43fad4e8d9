package onego.server.intake;

import io.vertx.core.json.JsonObject;
import onego.router.cases.NewCase;

/**
 * One submission on its way to the {@link IntakeWriter}: who, under which key, the body's hash,
 * the case to write and the 201 body to store with the key and answer.
 */
public record IntakeRequest(String caller, String key, String requestHash, NewCase newCase, JsonObject response) {}
