package onego.embedded;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedServicesTest {
  @Test
  void refusesToRunEmbeddedPostgresAsRootAndNamesTheWayOut() {
    try (EmbeddedServices e = new EmbeddedServices()) {
      assertThatThrownBy(() -> e.startPostgres(Path.of("target", "never-used"), true))
          .isInstanceOf(EmbeddedServices.Refused.class)
          .hasMessageContaining("root")
          .hasMessageContaining("ONEGO_PG_URL");
    }
  }
}
