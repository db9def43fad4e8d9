package onego.server.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import onego.server.infra.VertxGaugeReRegistrations;
import onego.server.support.TestNode;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each node reports into a registry of its own: two nodes of one JVM (as in the tests) do not register OneGo's
 * gauges twice in one registry (Micrometer would keep the first node's and warn), and each scrape shows only
 * its own node. Vert.x's own gauge re-registrations are not reported as a warning; any other meter's are.
 */
class NodeRegistryTest {
  private static final Pattern NOTICE_REQUESTS =
      Pattern.compile("(?m)^vertx_http_server_requests_total\\{[^}]*route=\"/api/v1/things/:code\"[^}]*} ([0-9.]+)");

  @Test
  void twoNodesInOneJvmEachScrapeTheirOwnRegistry() {
    try (TestNode a = TestNode.start(); TestNode b = TestNode.start()) {
      for (int i = 0; i < 3; i++) assertThat(b.http().get("/api/v1/things/newborn").status()).isEqualTo(200);
      String scrapeA = a.http().get("/metrics").body();
      String scrapeB = b.http().get("/metrics").body();
      assertThat(noticeRequests(scrapeB)).as("node b counts its own requests").isEqualTo(3.0);
      assertThat(noticeRequests(scrapeA)).as("node a did not serve them").isEqualTo(0.0);
      for (String scrape : new String[] {scrapeA, scrapeB}) {
        assertThat(scrape).contains("onego_intake_pending").contains("onego_stream_subscribers");
      }
    }
  }

  @Test
  void vertxGaugeReRegistrationsAreNotWarnedAboutOthersAre() {
    VertxGaugeReRegistrations filter = new VertxGaugeReRegistrations();
    Logger meters = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.micrometer.core.instrument.MeterRegistry");
    assertThat(filter.decide(null, meters, Level.WARN, warning("vertx.eventbus.handlers"), null, null)).isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(null, meters, Level.WARN, warning("onego.intake.pending"), null, null)).isEqualTo(FilterReply.NEUTRAL);
    Logger other = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("onego.elsewhere");
    assertThat(filter.decide(null, other, Level.WARN, warning("vertx.eventbus.handlers"), null, null)).isEqualTo(FilterReply.NEUTRAL);
  }

  private static String warning(String meter) {
    return "This Gauge has been already registered (MeterId{name='" + meter + "', tags=[]}), the registration will be ignored.";
  }

  private static double noticeRequests(String scrape) {
    double sum = 0;
    Matcher m = NOTICE_REQUESTS.matcher(scrape);
    while (m.find()) sum += Double.parseDouble(m.group(1));
    return sum;
  }
}
