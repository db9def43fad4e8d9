package onego.server.web;

import io.vertx.core.json.JsonObject;
import onego.domain.DomainError;
import onego.domain.FieldError;

import java.util.List;

/**
 * One parameter a route reads, as its route line declares it: where it is, its name, its
 * {@link ParamKind}, and for a query parameter whether it is required or what it defaults to.
 * The answers to bad input are the contract's ({@code openapi.yaml}, its error responses):
 * <ul>
 *   <li>a path parameter that is not of its kind names nothing: 404 NOT_FOUND "no &lt;what&gt;
 *       &lt;text&gt;" (a malformed case id is a case that does not exist);</li>
 *   <li>a query parameter that is not of its kind: 400 BAD_REQUEST "&lt;name&gt; must be
 *       &lt;expected&gt;", one detail naming it;</li>
 *   <li>a required query parameter not given (or blank where blank counts as not given): 400
 *       "&lt;name&gt; is required", detail reason {@code required}.</li>
 * </ul>
 * A query parameter given twice is read from its first value; one no route declares is ignored.
 *
 * @param <T> the value's type
 */
public final class Param<T> implements RouteInput {
  /** Where a parameter is. */
  public enum In { PATH, QUERY }

  private final In in;
  private final String name;
  private final ParamKind<T> kind;
  private final String what;
  private final boolean required;
  private final T orElse;

  private Param(In in, String name, ParamKind<T> kind, String what, boolean required, T orElse) {
    this.in = in;
    this.name = name;
    this.kind = kind;
    this.what = what;
    this.required = required;
    this.orElse = orElse;
  }

  /** The path parameter {@code :name}, any text (a code looked up by the handler). */
  public static Param<String> path(String name) {
    return new Param<>(In.PATH, name, ParamKinds.text(), name, true, null);
  }

  /** The path parameter {@code :name} of {@code kind}; text that is not one is 404 "no {@code what} &lt;text&gt;". */
  public static <T> Param<T> path(String name, ParamKind<T> kind, String what) {
    return new Param<>(In.PATH, name, kind, what, true, null);
  }

  /** The optional query parameter {@code name} of {@code kind}: null when not given. */
  public static <T> Param<T> query(String name, ParamKind<T> kind) {
    return new Param<>(In.QUERY, name, kind, name, false, null);
  }

  /** This query parameter, required. */
  public Param<T> required() {
    return new Param<>(in, name, kind, what, true, null);
  }

  /** This query parameter, {@code value} when not given. */
  public Param<T> orElse(T value) {
    return new Param<>(in, name, kind, what, false, value);
  }

  /** Where the parameter is. */
  public In in() { return in; }
  /** Its name: the {@code :name} of the path pattern, or the query parameter's. */
  public String name() { return name; }
  /** Whether a request without it is refused (every path parameter is). */
  public boolean isRequired() { return required; }

  /**
   * The parameter as an OpenAPI parameter object: {@code name}, {@code in}, {@code required} and
   * its kind's schema with the {@code default}, for the check against the served document.
   */
  public JsonObject describe() {
    JsonObject schema = kind.schema();
    if (orElse != null) schema.put("default", orElse);
    return new JsonObject().put("name", name).put("in", in.name().toLowerCase()).put("required", required).put("schema", schema);
  }

  /**
   * The value of {@code raw} (the decoded text, null when not given): the kind's value, else the
   * default; fails as described above.
   */
  public T read(String raw) {
    T value;
    try {
      value = raw == null ? null : kind.read(raw);
    } catch (ParamKind.Refused r) {
      if (in == In.PATH) throw DomainError.notFound("no " + what + " " + raw);
      throw DomainError.badParameter(name, name + " must be " + r.expected(), r.reason());
    }
    if (value != null) return value;
    if (required) throw DomainError.badRequest(name + " is required", List.of(new FieldError(name, "required")));
    return orElse;
  }

  @Override
  public String toString() {
    return in.name().toLowerCase() + " " + name;
  }
}
