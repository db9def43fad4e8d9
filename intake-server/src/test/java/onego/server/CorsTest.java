package onego.server;

import onego.server.support.Overlays;
import onego.server.support.RawHttp;
import onego.server.support.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CORS for the configured portal origins ({@code http.corsOrigins}), on a real node: a browser's
 * preflight from a portal origin is answered 204 with what the portal may send; its answers name the
 * origin and expose the headers a portal reads; another origin gets no CORS header at all.
 */
class CorsTest {
  private static final String PORTAL = "https://portal.example.gov.cn";
  private static TestNode node;
  private static RawHttp raw;

  @BeforeAll
  static void start() {
    node = TestNode.start(Overlays.env("http:\n  corsOrigins: [\"" + PORTAL + "\"]\n"));
    raw = new RawHttp(node.port());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aPreflightFromAPortalOriginIsAnsweredWithWhatItMaySend() {
    RawHttp.Response r = raw.send("OPTIONS", "/api/v1/cases", Map.of("Origin", PORTAL, "Access-Control-Request-Method", "POST",
        "Access-Control-Request-Headers", "authorization, content-type, idempotency-key"), null);
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(PORTAL);
    assertThat(r.header("Access-Control-Allow-Methods")).contains("POST").contains("GET");
    assertThat(r.header("Access-Control-Allow-Headers").toLowerCase()).contains("idempotency-key").contains("authorization")
        .contains("if-none-match").contains("traceparent");
    assertThat(r.header("Access-Control-Max-Age")).isEqualTo("600");
    assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
  }

  @Test
  void aPortalsAnswersNameItsOriginAndExposeTheHeadersItReads() {
    RawHttp.Response r = raw.send("GET", "/api/v1/things", Map.of("Origin", PORTAL), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(PORTAL);
    assertThat(r.header("Access-Control-Expose-Headers")).contains("ETag").contains("RateLimit").contains("Retry-After")
        .contains("X-Request-Id").contains("Location");
  }

  @Test
  void anotherOriginGetsNoCorsHeaders() {
    RawHttp.Response get = raw.send("GET", "/api/v1/things", Map.of("Origin", "https://evil.example"), null);
    assertThat(get.status()).as("the answer itself is not refused: the browser withholds it").isEqualTo(200);
    assertThat(get.header("Access-Control-Allow-Origin")).isNull();
    RawHttp.Response preflight = raw.send("OPTIONS", "/api/v1/cases", Map.of("Origin", "https://evil.example",
        "Access-Control-Request-Method", "POST"), null);
    assertThat(preflight.status()).isEqualTo(405);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
    assertThat(raw.send("GET", "/api/v1/things", Map.of(), null).header("Access-Control-Allow-Origin")).isNull();
  }
}
