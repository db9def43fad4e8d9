package onego.server.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.FieldError;

import java.util.List;

/** A failure with its contract status and code; handlers fail the context with it, FailureHandler writes it. */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;
  private final List<FieldError> details;
  private final Integer retryAfterSeconds;

  public ApiError(int status, String code, String message, List<FieldError> details, Integer retryAfterSeconds) {
    this(status, code, message, details, retryAfterSeconds, null);
  }

  private ApiError(int status, String code, String message, List<FieldError> details, Integer retryAfterSeconds, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ApiError(int status, String code, String message) {
    this(status, code, message, List.of(), null);
  }

  public static ApiError badRequest(String message) { return new ApiError(400, "BAD_REQUEST", message); }
  public static ApiError badRequest(String message, List<FieldError> details) { return new ApiError(400, "BAD_REQUEST", message, details, null); }
  public static ApiError unauthorized(String message) { return new ApiError(401, "UNAUTHORIZED", message); }
  public static ApiError forbidden(String message) { return new ApiError(403, "FORBIDDEN", message); }
  public static ApiError notFound(String message) { return new ApiError(404, "NOT_FOUND", message); }
  public static ApiError conflict(String message) { return new ApiError(409, "CONFLICT", message); }
  public static ApiError validation(List<FieldError> details) {
    return new ApiError(422, "VALIDATION_FAILED", details.size() + " field(s) failed validation", details, null);
  }
  public static ApiError overloaded(String message, int retryAfter) { return new ApiError(503, "OVERLOADED", message, List.of(), retryAfter); }
  /** A dependency (PostgreSQL, Redis) failed: the contract's 503 with Retry-After, the cause kept for the log. */
  public static ApiError unavailable(String what, int retryAfter, Throwable cause) {
    return new ApiError(503, "OVERLOADED", what + " is unavailable; retry later", List.of(), retryAfter, cause);
  }

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
