package onego.server.web;

/**
 * The JSON object body a route reads, as its route line declares it. Every body that comes is
 * first checked the same way ({@link Bodies#check}: JSON, strict UTF-8, an object, storable
 * text); then either
 * <ul>
 *   <li>{@link #documented()}: the body is required and checked against the request body schema
 *       the served OpenAPI document gives the operation ({@link BodySchemas}), 422 naming every
 *       failing field, before the handler runs; or</li>
 *   <li>{@link #checkedByHandler()}: the handler's own validator owns the body's rules (intake's
 *       submission, a supplement), and the body is required when the handler asks for it
 *       ({@link Request#body()}), after what the handler checks first (the Idempotency-Key).</li>
 * </ul>
 * A POST route that declares no body ignores any it is sent (after the same first check).
 */
public final class JsonBody implements RouteInput {
  private static final JsonBody DOCUMENTED = new JsonBody(true);
  private static final JsonBody BY_HANDLER = new JsonBody(false);

  private final boolean documented;

  private JsonBody(boolean documented) {
    this.documented = documented;
  }

  /** Checked against the operation's schema in the served document. */
  public static JsonBody documented() { return DOCUMENTED; }

  /** Checked by the handler's own validator. */
  public static JsonBody checkedByHandler() { return BY_HANDLER; }

  /** Whether the served document's schema checks the body before the handler. */
  public boolean isDocumented() { return documented; }

  @Override
  public String toString() {
    return documented ? "body (documented schema)" : "body (checked by the handler)";
  }
}
