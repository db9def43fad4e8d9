package onego.server.web;

import io.vertx.core.json.JsonObject;

/**
 * What one path or query parameter holds and how its text becomes a value: a UUID, a whole number
 * in a range, one of a few words, a date... ({@link ParamKinds} makes them). A kind sees only
 * present text (the reader deals with absence, defaults and {@code required}); it answers the
 * value, null to mean "as if absent" (a blank that counts as not given), or throws
 * {@link Refused} saying what was expected. Where the parameter sits decides the answer to a
 * refusal ({@link Param}): 404 for a path, 400 naming the parameter for a query.
 *
 * @param <T> the value handlers get
 */
public interface ParamKind<T> {
  /** The value of {@code raw} (decoded, never null); null when it counts as absent; {@link Refused} when it is none. */
  T read(String raw);

  /**
   * The kind as an OpenAPI parameter schema ({@code type}, {@code format}, {@code minimum},
   * {@code maximum}, {@code maxLength}, {@code enum}), for checking the route table against the
   * served document.
   */
  JsonObject schema();

  /**
   * Text that is not a value of the kind. {@code expected} completes "&lt;name&gt; must be ..."
   * in the error message ("a whole number from 1 to 100"); {@code reason} is the short text of
   * the error's detail ("must be 1..100").
   */
  final class Refused extends RuntimeException {
    private final String expected;
    private final String reason;

    public Refused(String expected, String reason) {
      super(expected, null, false, false);
      this.expected = expected;
      this.reason = reason;
    }

    /** What the text should have been, completing "&lt;name&gt; must be ...". */
    public String expected() { return expected; }
    /** The detail's reason. */
    public String reason() { return reason; }
  }
}
