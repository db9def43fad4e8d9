package onego.dev;

import onego.domain.ConfigNode;
import onego.server.config.AppConfig;
import onego.server.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two-platform demo (two-platforms.sh) starts: each platform's configuration reads as the dev runner
 * reads it, and its simulated offices (devsim.offices) are divisions of its own city.
 */
class TwoPlatformDemoConfigTest {
  @Test
  void eachPlatformsSimulatedOfficesLieInItsOwnCity() {
    for (String[] p : new String[][] {{"hunan-43.yaml", "430481"}, {"guangdong-44.yaml", "440106"}}) {
      Map<String, String> env = Map.of("ONEGO_PROFILE", "dev", "ONEGO_CONFIG", "config/federation/" + p[0]);
      ConfigNode tree = ConfigLoader.tree(env);
      AppConfig config = AppConfig.read(tree, ConfigLoader.configDir(env));
      DevSettings dev = DevSettings.read(tree);
      DevDepartments departments = new DevDepartments(config, dev.offices());
      assertThat(departments.dispatchTo(8080).get("public-security").regionCodes()).as(p[0]).contains(p[1]);
    }
  }
}
