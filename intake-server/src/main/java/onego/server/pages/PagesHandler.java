package onego.server.pages;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import onego.server.web.ApiError;
import onego.server.web.RequestGate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The people's pages (docs/design.md "Pages"): the applicant portal {@code /portal/}, the service-hall window
 * console {@code /window/} and the operations page {@code /ops/}, plain JavaScript modules and CSS
 * served from the jar's {@code webroot/}, front-end libraries from WebJars under {@code /webjars/}.
 * The pages use only the public API ({@code /api/v1}), as any portal team's would. Two small
 * public helpers serve them: {@code GET /pages/signin.json} (how to sign in: the dev keys in the dev
 * profile, else the deployment's SSO login address) and {@code GET /pages/qr.svg?text=} (the QR code of
 * a receipt's case link, 受理回执). {@code GET /favicon.ico} is the pages' icon.
 */
public final class PagesHandler {
  /** The pages, each a folder of {@code webroot/}; {@code common} holds what they share. */
  private static final String[] FOLDERS = {"portal", "window", "ops", "common"};
  /** Pages load scripts, styles and data from this server only; nobody may frame them (clickjacking). */
  private static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
      + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private static final Buffer FAVICON = favicon();

  private final SignInOptions signIn;

  /** {@code signIn}: what {@code GET /pages/signin.json} answers (made once at start). */
  public PagesHandler(SignInOptions signIn) {
    this.signIn = signIn;
  }

  /**
   * Adds the pages' routes to {@code router} (GET and HEAD; API routes are matched first). Each passes the
   * {@link RequestGate} first, as every API route does: a path or query that is not well-formed percent-encoded
   * UTF-8 is 400 BAD_REQUEST, never a decoding exception (a 500) in a handler that reads a parameter.
   */
  public void mount(Router router) {
    for (String folder : FOLDERS) {
      // the route's prefix is cut from the path before the look-up: /portal/case.js is webroot/portal/case.js
      StaticHandler files = StaticHandler.create("webroot/" + folder).setMaxAgeSeconds(60).setDefaultContentEncoding("UTF-8");
      route(router, "/" + folder + "/*").handler(ctx -> {
        if (ctx.request().path().equals("/" + folder)) ctx.redirect("/" + folder + "/"); // relative links need the slash
        else ctx.next();
      }).handler(PagesHandler::securityHeaders).handler(PagesHandler::headContentType).handler(files);
    }
    route(router, "/webjars/*")
        .handler(PagesHandler::headContentType).handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(86_400));
    // what every browser asks for at the root (the pages also link it): 一, white on the pages' blue
    route(router, "/favicon.ico").handler(ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "image/x-icon")
        .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=86400").end(FAVICON));
    route(router, "/pages/signin.json").handler(this::signIn);
    route(router, "/pages/qr.svg").handler(PagesHandler::qr);
  }

  /** A GET and HEAD route of the pages, its request gate first. */
  private static Route route(Router router, String path) {
    return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(RequestGate.of(path, false));
  }

  /**
   * The {@code Content-Type} a GET of the file gets, on a HEAD (Vert.x's StaticHandler leaves it out
   * there; RFC 9110 §9.3.2 asks for GET's headers): by the file's extension, text types in UTF-8.
   */
  private static void headContentType(RoutingContext ctx) {
    if (ctx.request().method() == HttpMethod.HEAD) {
      String path = ctx.request().path();
      String type = MimeMapping.mimeTypeForFilename(path.endsWith("/") ? "index.html" : path);
      if (type != null) ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type.startsWith("text") ? type + ";charset=UTF-8" : type);
    }
    ctx.next();
  }

  private static Buffer favicon() {
    try (InputStream in = PagesHandler.class.getClassLoader().getResourceAsStream("webroot/favicon.ico")) {
      if (in == null) throw new IllegalStateException("webroot/favicon.ico is not in the jar");
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }

  private void signIn(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(signIn.json().encode());
  }

  private static void qr(RoutingContext ctx) {
    String text = ctx.request().getParam("text");
    if (text == null || text.isEmpty() || text.length() > QrSvg.MAX_TEXT) {
      ctx.fail(new ApiError(400, "BAD_REQUEST", "text is required, 1 to " + QrSvg.MAX_TEXT + " characters"));
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "image/svg+xml").putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=86400")
        .putHeader("X-Content-Type-Options", "nosniff").end(QrSvg.of(text));
  }
}
