package onego.server.web;

import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.LogCapture;
import onego.server.support.NodeTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The access log's levels: a long poll that found no work is a heartbeat (DEBUG, so not in a default log); a 200 and a 404 at INFO. */
class AccessLogTest extends NodeTest {
  private static final String PULL = "armed-forces-department"; // a pull department of the catalog

  @Test
  void anEmptyLongPollIsLoggedAtDebugOtherAnswersAtInfo() {
    try (LogCapture log = LogCapture.start()) {
      Http.Response empty = http.send(http.request("/api/v1/departments/" + PULL + "/items?limit=5&waitSeconds=1")
          .header("Authorization", "Bearer dev-dept-" + PULL).header(RequestIds.HEADER, "empty-poll").GET().build());
      assertThat(empty.status()).isEqualTo(200);
      assertThat(empty.json().getJsonArray("items")).isEmpty();
      Http.Response notice = http.send(http.request("/api/v1/things/newborn").header(RequestIds.HEADER, "a-notice").GET().build());
      assertThat(notice.status()).isEqualTo(200);
      Http.Response missing = http.send(http.request("/api/v1/things/no-such-thing").header(RequestIds.HEADER, "a-404").GET().build());
      assertThat(missing.status()).isEqualTo(404);
      Await.until("the 404's access line", Duration.ofSeconds(10), () -> log.text().contains("requestId=a-404"));
      assertThat(log.text()).doesNotContain("requestId=empty-poll");
      assertThat(log.text().lines().filter(l -> l.contains("requestId=a-notice"))).singleElement().asString().contains("INFO");
      assertThat(log.text().lines().filter(l -> l.contains("requestId=a-404"))).as("a refusal is the caller's, not the node's fault")
          .singleElement().asString().contains("INFO");
    }
  }

  /**
   * A query's dates stay readable: the URI is quoted, so the masking scan (which reads digits across spaces and dashes,
   * as people write phones) never joins a query's last date with the status and size after it into a "phone number".
   */
  @Test
  void aQuerysDatesAreNotTakenForAPhoneWithTheStatusAfterThem() {
    try (LogCapture log = LogCapture.start()) {
      Http.Response stats = http.send(http.request("/api/v1/stats?from=2026-03-01&to=2026-03-31")
          .header("Authorization", "Bearer dev-admin").header(RequestIds.HEADER, "dated-query").GET().build());
      assertThat(stats.status()).as(stats.body()).isEqualTo(200);
      Await.until("the access line", Duration.ofSeconds(10), () -> log.text().contains("requestId=dated-query"));
      assertThat(log.text().lines().filter(l -> l.contains("requestId=dated-query"))).singleElement().asString()
          .contains("GET \"/api/v1/stats?from=2026-03-01&to=2026-03-31\" 200 ");
    }
  }
}
