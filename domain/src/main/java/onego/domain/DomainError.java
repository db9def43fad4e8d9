package onego.domain;

import java.util.List;

/**
 * A request OneGo refuses, said in the contract's terms and nothing of HTTP: services and
 * handlers fail with it, and the web edge's one error mapping turns each {@link Kind} into the
 * status, code and {@code Retry-After} of {@code openapi.yaml}, its error responses. {@code details} lists failing
 * fields ({@code form.babyName}: {@code required}); it is empty for most kinds.
 */
public final class DomainError extends RuntimeException {
  /** What went wrong; the contract code each maps to is in the edge's error mapping. */
  public enum Kind {
    /** Malformed request: wrong types at the top level of a body, a bad query parameter. */
    BAD_REQUEST,
    /** Valid credentials, but someone else's resource. */
    FORBIDDEN,
    /** Unknown resource, or one the caller may not know exists. */
    NOT_FOUND,
    /** A state change the current state does not allow (the item and case state machines). */
    ILLEGAL_TRANSITION,
    /** Any other state conflict: rating twice, rating before completion, pull on a push department. */
    CONFLICT,
    /** The request is well-formed but invalid; {@code details} lists every failing field. */
    INVALID,
    /** An Idempotency-Key was used before with a different body. */
    KEY_REUSED,
    /** The first request under an Idempotency-Key has not committed yet. */
    KEY_IN_PROGRESS,
    /** OneGo is over a backlog limit (intake queue, departments' queues): retry with the same key. */
    OVERLOADED,
    /** A dependency (PostgreSQL, Redis, the shared-data platform) failed: retry later. */
    UNAVAILABLE
  }

  private final Kind kind;
  private final List<FieldError> details;

  public DomainError(Kind kind, String message, List<FieldError> details, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
    this.details = List.copyOf(details);
  }

  public DomainError(Kind kind, String message) {
    this(kind, message, List.of(), null);
  }

  public Kind kind() { return kind; }
  public List<FieldError> details() { return details; }

  public static DomainError badRequest(String message) { return new DomainError(Kind.BAD_REQUEST, message); }
  public static DomainError badRequest(String message, List<FieldError> details) {
    return new DomainError(Kind.BAD_REQUEST, message, details, null);
  }
  /** A bad query or path parameter {@code name}: {@code reason}. */
  public static DomainError badParameter(String name, String message, String reason) {
    return badRequest(message, List.of(new FieldError(name, reason)));
  }
  public static DomainError forbidden(String message) { return new DomainError(Kind.FORBIDDEN, message); }
  public static DomainError notFound(String message) { return new DomainError(Kind.NOT_FOUND, message); }
  public static DomainError illegal(String message) { return new DomainError(Kind.ILLEGAL_TRANSITION, message); }
  public static DomainError conflict(String message) { return new DomainError(Kind.CONFLICT, message); }
  public static DomainError invalid(List<FieldError> details) {
    return new DomainError(Kind.INVALID, details.size() + " field(s) failed validation", details, null);
  }
  /** One invalid field, e.g. a department's status report naming an unknown status. */
  public static DomainError invalid(String field, String reason) {
    return new DomainError(Kind.INVALID, field + ": " + reason, List.of(new FieldError(field, reason)), null);
  }
  public static DomainError overloaded(String message) { return new DomainError(Kind.OVERLOADED, message); }
  /** {@code what} ("the case store") failed; the cause is kept for the log, never shown. */
  public static DomainError unavailable(String what, Throwable cause) {
    return new DomainError(Kind.UNAVAILABLE, what + " is unavailable; retry later", List.of(), cause);
  }
}
