package onego.dev;

import io.vertx.core.json.JsonObject;
import onego.domain.ConfigException;
import onego.server.config.ConfigLoader;
import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded default's simulated world has offices per region (就近办): public-security's 珠晖区 and 耒阳市
 * offices ({@code devsim.offices}) are simulated endpoints of their own, so a case filed at the 耒阳市 hall
 * has its 户口登记 delivered to the 耒阳市 office and a city case to the city's.
 */
class DevOfficesTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void theDevOfficesAreReadAndMustBeDivisionCodes() {
    DevSettings dev = DevSettings.read(ConfigLoader.tree(TestNode.environment(Map.of(), TestServices.redisUrl())));
    assertThat(dev.offices()).containsEntry("public-security", List.of("430405", "430481"));
    assertThatThrownBy(() -> DevSettings.read(ConfigLoader.tree(TestNode.environment(
        Overlays.env("devsim:\n  offices:\n    public-security: [\"4304\"]\n"), TestServices.redisUrl()))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("devsim.offices.public-security[0]");
  }

  @Test
  void aLeiyangCaseIsHandledByTheLeiyangOfficeAndACityCaseByTheCitys() {
    TestServices.resetTables();
    try (DevTestNode node = DevTestNode.start(Overlays.env("devsim:\n  enabled: true\n  workDelayMs: 300\n  supervisionPollMs: 0\n"
        + "sharedData:\n  url: null\n  keySalt: \"" + UUID.randomUUID() + "\"\n"))) {
      Http http = node.http();
      JsonObject notice = http.get("/api/v1/things/newborn").json();
      JsonObject leiyang = file(http, "dev-window-leiyang", Submissions.fromNotice(notice, Submissions.idNumber()));
      JsonObject city = file(http, "dev-window", Submissions.fromNotice(notice, Submissions.idNumber()));
      assertThat(leiyang.getString("region")).isEqualTo("430481");
      for (JsonObject c : List.of(leiyang, city)) {
        Await.until("户口登记 taken by public-security", WAIT, () -> {
          JsonObject view = http.get("/api/v1/cases/" + c.getString("caseId"), "dev-admin").json();
          String status = view.getJsonArray("items").stream().map(o -> (JsonObject) o)
              .filter(i -> i.getString("code").equals("household-registration")).findFirst().orElseThrow().getString("status");
          return !List.of("WAITING", "QUEUED").contains(status);
        });
      }
      String metrics = http.get("/metrics").body();
      assertThat(delivered(metrics, "430481")).as("耒阳市's office").isEqualTo(1.0);
      assertThat(delivered(metrics, "default")).as("the city's office").isEqualTo(1.0);
      assertThat(delivered(metrics, "430405")).as("珠晖区's office").isZero();
    }
  }

  private static double delivered(String metrics, String region) {
    Matcher m = Pattern.compile("onego_router_attempts_total\\{department=\"public-security\",outcome=\"delivered\",region=\""
        + region + "\"} ([0-9.]+)").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static JsonObject file(Http http, String token, JsonObject body) {
    // scanned copies instead of e-certificate references the simulated registry would not know
    body.getJsonArray("materials").forEach(o -> {
      JsonObject m = (JsonObject) o;
      if (m.remove("ecertRef") != null) m.put("fileRef", "file-" + m.getString("code"));
    });
    Http.Response r = http.postCase(token, "o-" + System.nanoTime(), body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }
}
