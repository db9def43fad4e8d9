package onego.dev;

import onego.domain.ConfigException;
import onego.server.config.ConfigLoader;
import onego.server.support.Overlays;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code devsim:} section: the supervision loops' settings read as written, a share outside 0..1 refused naming its key. */
class DevSettingsTest {
  private static DevSettings read(String yaml) {
    return DevSettings.read(ConfigLoader.tree(TestNode.environment(Overlays.env(yaml), TestServices.redisUrl())));
  }

  @Test
  void theLoopsSettingsAreReadAsWritten() {
    SimulatorSettings s = read("""
        devsim:
          enabled: true
          workDelayMs: 300
          suspendShare: 0.5
          procedureMs: 700
          falseCommitmentShare: 1
          verifyDelayMs: 800
          supervisionPollMs: 0
          handInDelayMs: 900
          windowKey: my-window
          seed: 42
        """).simulator();
    assertThat(s).isEqualTo(new SimulatorSettings(0, 300, 0.0, 0.0, 0.5, 700, 1.0, 800, 0, 900, "my-window", 42L));
  }

  @Test
  void aShareOutsideZeroToOneIsRefusedNamingItsKey() {
    assertThatThrownBy(() -> read("devsim:\n  falseCommitmentShare: 1.5\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("falseCommitmentShare");
    assertThatThrownBy(() -> read("devsim:\n  suspendShare: -0.1\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("suspendShare");
  }
}
