package onego.router.flow;

/** A request the flow refuses; the HTTP edge maps {@link Kind} to the contract's status and code. */
public final class FlowError extends RuntimeException {
  public enum Kind { NOT_FOUND, ILLEGAL_TRANSITION, CONFLICT, INVALID }

  private final Kind kind;

  public FlowError(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() { return kind; }

  public static FlowError notFound(String m) { return new FlowError(Kind.NOT_FOUND, m); }
  public static FlowError illegal(String m) { return new FlowError(Kind.ILLEGAL_TRANSITION, m); }
  public static FlowError conflict(String m) { return new FlowError(Kind.CONFLICT, m); }
  public static FlowError invalid(String m) { return new FlowError(Kind.INVALID, m); }
}
