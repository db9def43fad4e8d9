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
  /** At most this many {@code details} are written; the message then says how many there were. */
  public static final int MAX_DETAILS = 100;
  /** Longer messages, fields and reasons (they may quote input) are cut to this many characters. */
  private static final int MAX_TEXT = 500;

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

  /**
   * The contract's error JSON. {@code details} is capped at {@link #MAX_DETAILS} entries, so a
   * large invalid body cannot make an error many times its own size; the message then adds
   * "(first 100 of N problems listed)"; a message,
   * field or reason over 500 characters (it may quote the input) is cut.
   */
  public JsonObject toJson() {
    JsonArray d = new JsonArray();
    details.stream().limit(MAX_DETAILS).forEach(f -> d.add(new JsonObject().put("field", clip(f.field())).put("reason", clip(f.reason()))));
    String message = details.size() <= MAX_DETAILS ? clip(getMessage())
        : clip(getMessage()) + " (first " + MAX_DETAILS + " of " + details.size() + " problems listed)";
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message).put("details", d));
  }

  private static String clip(String s) {
    return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
  }
}
