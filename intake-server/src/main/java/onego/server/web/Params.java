package onego.server.web;

import io.vertx.ext.web.RoutingContext;
import onego.domain.DomainError;

/** Query parameters; a bad one is BAD_REQUEST naming the parameter. */
public final class Params {
  private Params() {}

  /** The whole number {@code name}, {@code dflt} when absent; from {@code min} to {@code max}. */
  public static int intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
    String v = ctx.request().getParam(name);
    if (v == null) return dflt;
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) return n;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw DomainError.badParameter(name, name + " must be a whole number from " + min + " to " + max, "must be " + min + ".." + max);
  }
}
