package onego.dev;

import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command as a newcomer runs it: {@link DevMain} in a separate JVM prints the
 * dev keys, serves, lets the simulated departments work a case through, and stops on SIGTERM.
 * (PostgreSQL and Redis come from the test environment, so this also runs as root.)
 */
class DevMainProcessTest {
  @Test
  void theDevRunnerServesWithSimulatedDepartmentsAndStopsCleanly() throws Exception {
    int port = TestNode.freePort();
    Path log = Files.createTempFile("onego-dev", ".log");
    ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), DevMain.class.getName()));
    pb.environment().remove("ONEGO_CONFIG");
    pb.environment().put("ONEGO_HTTP_PORT", String.valueOf(port));
    pb.environment().put("ONEGO_PG_URL", TestServices.pgUrl());
    pb.environment().put("ONEGO_REDIS_URL", TestServices.redisUrl());
    pb.environment().put("ONEGO_PROFILE", "dev");
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Http http = new Http(port);
      Await.until("the dev runner serves", Duration.ofSeconds(60), () -> {
        assertThat(p.isAlive()).as("process alive; log:\n%s", read(log)).isTrue();
        try {
          return http.get("/health/ready").status() == 200;
        } catch (IllegalStateException notYet) {
          return false;
        }
      });
      Await.until("the dev keys are printed", Duration.ofSeconds(10), () -> read(log).contains("dev-portal"));
      assertThat(read(log)).contains("simulated departments listening").contains("simulated shared-data platform listening");
      Http.Response prefill = http.get("/api/v1/things/newborn/prefill?idNumber=430405199203152042", "dev-portal");
      assertThat(prefill.status()).as(prefill.body()).isEqualTo(200);
    } finally {
      p.destroy();
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }
}
