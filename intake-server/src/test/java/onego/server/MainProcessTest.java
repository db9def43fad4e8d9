package onego.server;

import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code main()} as an operator runs it: a separate JVM that starts, serves, and stops on SIGTERM. */
class MainProcessTest {
  private static Process launch(Path log, String... env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    pb.environment().remove("ONEGO_CONFIG");
    for (int i = 0; i < env.length; i += 2) pb.environment().put(env[i], env[i + 1]);
    return pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void theServerProcessStaysUpServesAndStopsCleanly() throws Exception {
    int port = TestNode.freePort();
    Path log = Files.createTempFile("onego-main", ".log");
    Process p = launch(log, "ONEGO_HTTP_PORT", String.valueOf(port), "ONEGO_PG_URL", TestServices.pgUrl(),
        "ONEGO_REDIS_URL", TestServices.redisUrl(), "ONEGO_PROFILE", "dev");
    try {
      Http http = new Http(port);
      Await.until("the process serves", Duration.ofSeconds(60), () -> {
        assertThat(p.isAlive()).as("process alive; log:\n%s", read(log)).isTrue();
        try {
          return http.get("/health/ready").status() == 200;
        } catch (IllegalStateException notYet) {
          return false;
        }
      });
      assertThat(http.get("/api/v1/things/newborn").status()).isEqualTo(200);
    } finally {
      p.destroy();
    }
    assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
  }

  @Test
  void aBrokenConfigurationStopsTheStartWithFilePathAndProblem() throws Exception {
    Path bad = Files.createTempFile("onego-bad", ".yaml");
    Files.writeString(bad, "http:\n  port: eighty\n");
    Path log = Files.createTempFile("onego-main", ".log");
    Process p = launch(log, "ONEGO_CONFIG", bad.toString(), "ONEGO_PG_URL", TestServices.pgUrl(), "ONEGO_REDIS_URL", TestServices.redisUrl());
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(read(log)).contains(bad.toString()).contains("http.port").contains("whole number");
  }

  /**
   * A taken HTTP port ends the process (exit 1) with one line naming the port and {@code ONEGO_HTTP_PORT}: checked
   * before the migrations and pools, so no pool warnings and no stack trace bury it.
   */
  @Test
  void aTakenPortEndsTheProcessWithOneLineNamingThePortAndTheVariable() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      Path log = Files.createTempFile("onego-main", ".log");
      Process p = launch(log, "ONEGO_HTTP_PORT", String.valueOf(taken.getLocalPort()), "ONEGO_PG_URL", TestServices.pgUrl(),
          "ONEGO_REDIS_URL", TestServices.redisUrl(), "ONEGO_PROFILE", "dev");
      boolean ended = p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
      if (!ended) p.destroyForcibly();
      assertThat(ended).as("the process ended; log:\n%s", read(log)).isTrue();
      assertThat(p.exitValue()).isEqualTo(1);
      String out = read(log);
      assertThat(out).contains("port " + taken.getLocalPort() + " is already in use").contains("ONEGO_HTTP_PORT");
      assertThat(out.lines().filter(l -> !l.isBlank())).as("the one line, nothing else; log:\n%s", out).hasSize(1);
    }
  }

  @Test
  void aFreePortIsNotReportedTaken() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThat(NodeRunner.portTaken(port)).isNull();
    assertThat(NodeRunner.portTaken(0)).as("0: any free port").isNull();
    try (java.net.ServerSocket taken = new java.net.ServerSocket(port)) {
      assertThat(NodeRunner.portTaken(port)).contains(String.valueOf(port)).contains("ONEGO_HTTP_PORT");
    }
  }

  @Test
  void withoutPostgresOrRedisTheProductionServerSaysWhatToSet() throws Exception {
    Path log = Files.createTempFile("onego-main", ".log");
    Path required = Files.createTempFile("onego-prod", ".yaml"); // what prod needs besides the stores (ProductionConfigTest)
    Files.writeString(required, "sharedData: {keySalt: " + java.util.UUID.randomUUID() + "}\nredis: {encryptionKey: \""
        + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\"}\n");
    Process p = launch(log, "ONEGO_PROFILE", "prod", "ONEGO_PG_URL", "", "ONEGO_REDIS_URL", "", "ONEGO_CONFIG", required.toString());
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(read(log)).contains("ONEGO_PG_URL").contains("ONEGO_REDIS_URL").contains("onego-dev.jar");
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }
}
