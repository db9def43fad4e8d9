package onego.server.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.DomainError;
import onego.domain.FieldError;

import java.util.List;

/**
 * An error as the contract writes it: status, code, message, details and {@code Retry-After}.
 * The web layer raises it for what only HTTP knows (a body that is not JSON, no credentials, a
 * rate limit, a missing Idempotency-Key); everything else fails with a
 * {@link onego.domain.DomainError} and {@link FailureHandler} maps it to one of these.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;
  private final List<FieldError> details;
  private final Integer retryAfterSeconds;

  public ApiError(int status, String code, String message, List<FieldError> details, Integer retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ApiError(int status, String code, String message) {
    this(status, code, message, List.of(), null);
  }

  public static ApiError badRequest(String message) { return new ApiError(400, "BAD_REQUEST", message); }
  public static ApiError unauthorized(String message) { return new ApiError(401, "UNAUTHORIZED", message); }

  public int status() { return status; }
  public String code() { return code; }
  public List<FieldError> details() { return details; }
  public Integer retryAfterSeconds() { return retryAfterSeconds; }

  public JsonObject toJson() {
    JsonArray d = new JsonArray();
    details.forEach(f -> d.add(f.toJson()));
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", getMessage()).put("details", d));
  }
}
