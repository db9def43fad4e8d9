package onego.server.config;

import onego.domain.ConfigException;
import onego.router.DispatchSettings;
import onego.server.support.Overlays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code departments.<code>.regions.<division>}: offices per region (就近办). An entry names a division of
 * the city in regions.yaml, else the start stops naming its path; what it leaves out is the
 * department's own, but its endpoint.
 */
class RegionOfficesConfigTest {
  @TempDir
  Path tmp;

  private AppConfig load(String yaml) throws IOException {
    Path f = tmp.resolve("offices-" + System.nanoTime() + ".yaml");
    Files.writeString(f, yaml);
    return ConfigLoader.load(Map.of("ONEGO_CONFIG", f.toString()));
  }

  private ConfigException refused(String regions) throws IOException {
    String yaml = "departments:\n  health:\n    endpoint: \"https://health.example/inbox\"\n    regions:\n" + regions;
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("refused: " + regions).isNotNull();
    return e;
  }

  @Test
  void anUnknownDivisionOrTheCityItselfStopsTheStartNamingThePath() throws IOException {
    for (String code : List.of("430499", "110101", "4304", "abc")) {
      ConfigException e = refused("      \"" + code + "\": {endpoint: \"https://x.example/inbox\"}\n");
      assertThat(e.path()).isEqualTo("departments.health.regions." + code);
      assertThat(e.problem()).contains("unknown division code " + code).contains("regions.yaml");
    }
    assertThat(refused("      \"430400\": {endpoint: \"https://x.example/inbox\"}\n").problem()).contains("the city itself");
    assertThat(refused("      \"430481\": {endpoint: \"ftp://x\"}\n").path()).isEqualTo("departments.health.regions.430481.endpoint");
    assertThat(refused("      \"430481\": {regions: {\"430405\": {}}}\n").path()).isEqualTo("departments.health.regions.430481.regions");
    assertThat(refused("      \"430481\": {maxInFlight: 0}\n").path()).isEqualTo("departments.health.regions.430481.maxInFlight");
  }

  @Test
  void anOfficeTakesTheDepartmentsSettingsItLeavesOutButNotItsEndpoint() throws IOException {
    AppConfig c = load("departments:\n  health:\n    endpoint: \"https://health.example/inbox\"\n    secret: \"" + Overlays.SECRET + "\"\n"
        + "    maxInFlight: 7\n    timeoutMs: 1234\n    maxAttempts: 2\n    retrySchedule: [1s]\n"
        + "    regions:\n      \"430481\": {endpoint: \"https://leiyang.example/inbox\", maxInFlight: 3}\n      \"430405\": {mode: pull}\n");
    DispatchSettings health = c.dispatch().get("health");
    assertThat(health.regionCodes()).containsExactly("430481", "430405");
    DispatchSettings leiyang = health.forRegion("430481");
    assertThat(leiyang.region()).isEqualTo("430481");
    assertThat(leiyang.endpoint()).isEqualTo("https://leiyang.example/inbox");
    assertThat(leiyang.maxInFlight()).isEqualTo(3);
    assertThat(leiyang.timeoutMs()).isEqualTo(1234);
    assertThat(leiyang.maxAttempts()).isEqualTo(2);
    assertThat(leiyang.retryScheduleMs()).containsExactly(1_000L);
    assertThat(leiyang.secrets()).containsExactly(Overlays.SECRET);
    assertThat(leiyang.mode()).isEqualTo("push");
    DispatchSettings zhuhui = health.forRegion("430405");
    assertThat(zhuhui.mode()).isEqualTo("pull");
    assertThat(zhuhui.endpoint()).as("an office is reached at its own address").isNull();
    assertThat(health.forRegion("430412")).as("no office: the department's own").isSameAs(health);
    assertThat(health.forRegion(null)).isSameAs(health);
    assertThat(health.lanes()).extracting(DispatchSettings::laneTag).containsExactly("default", "430481", "430405");
    assertThat(c.dispatch().get("tax").regions()).isEmpty();
  }
}
