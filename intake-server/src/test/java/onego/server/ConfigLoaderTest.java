package onego.server;

import onego.domain.ConfigException;
import onego.server.config.AppConfig;
import onego.server.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
  @TempDir
  Path tmp;

  private Map<String, String> env(String... kv) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) env.put(kv[i], kv[i + 1]);
    return env;
  }

  private Path file(String name, String yaml) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, yaml);
    return p;
  }

  @Test
  void defaultsThenOverlaysThenEnvironment() throws IOException {
    Path a = file("a.yaml", "http: {port: 9001}\nintake: {groupCommit: {maxBatch: 32}}\n");
    Path b = file("b.yaml", "http: {port: 9002}\n");
    AppConfig c = ConfigLoader.load(env("ONEGO_CONFIG", a + "," + b));
    assertThat(c.http().port()).isEqualTo(9002);
    assertThat(c.intake().groupCommit().maxBatch()).isEqualTo(32);
    assertThat(c.intake().groupCommit().maxDelayMs()).as("untouched defaults stay").isEqualTo(5);
    AppConfig withEnv = ConfigLoader.load(env("ONEGO_CONFIG", a + "," + b, "ONEGO_HTTP_PORT", "9003",
        "ONEGO_PG_URL", "postgresql://u:p@db:5432/onego", "ONEGO_CLUSTER", "true", "ONEGO_CLUSTER_MEMBERS", "n1:5701, n2:5701"));
    assertThat(withEnv.http().port()).isEqualTo(9003);
    assertThat(withEnv.stores().pgUrl()).isEqualTo("postgresql://u:p@db:5432/onego");
    assertThat(withEnv.cluster().enabled()).isTrue();
    assertThat(withEnv.cluster().members()).containsExactly("n1:5701", "n2:5701");
  }

  @Test
  void devProfileHasTheDevKeysAndOneKeyPerDepartment() {
    AppConfig c = ConfigLoader.load(env());
    assertThat(c.auth().apiKeys()).extracting(k -> k.key()).contains("dev-portal", "dev-mobile", "dev-window", "dev-hotline", "dev-admin");
    for (String dept : c.catalog().departments().keySet()) {
      assertThat(c.auth().apiKeys()).extracting(k -> k.key()).contains("dev-dept-" + dept);
    }
  }

  @Test
  void prodRefusesDevKeys() throws IOException {
    Path keys = file("keys.yaml", "auth:\n  apiKeys:\n    - {key: dev-portal, role: channel, channel: pc}\n");
    assertThatThrownBy(() -> ConfigLoader.load(env("ONEGO_PROFILE", "prod", "ONEGO_CONFIG", keys.toString())))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> {
          ConfigException ce = (ConfigException) e;
          assertThat(ce.file()).isEqualTo(keys.toString());
          assertThat(ce.path()).isEqualTo("auth.apiKeys[0].key");
          assertThat(ce.problem()).contains("dev profile");
        });
    Path required = file("required.yaml", "sharedData: {keySalt: " + java.util.UUID.randomUUID() + "}\nredis: {encryptionKey: \""
        + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\"}\n");
    AppConfig prod = ConfigLoader.load(env("ONEGO_PROFILE", "prod", "ONEGO_CONFIG", required.toString()));
    assertThat(prod.auth().apiKeys()).isEmpty();
  }

  @Test
  void brokenValuesNameFilePathAndProblem() throws IOException {
    Path bad = file("bad.yaml", "intake:\n  groupCommit:\n    maxBatch: lots\n");
    assertThatThrownBy(() -> ConfigLoader.load(env("ONEGO_CONFIG", bad.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(bad.toString()).hasMessageContaining("intake.groupCommit.maxBatch").hasMessageContaining("whole number");
    Path yaml = file("syntax.yaml", "http: [unclosed\n");
    assertThatThrownBy(() -> ConfigLoader.load(env("ONEGO_CONFIG", yaml.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining(yaml.toString()).hasMessageContaining("YAML");
    assertThatThrownBy(() -> ConfigLoader.load(env("ONEGO_HTTP_PORT", "eighty")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ONEGO_HTTP_PORT");
    assertThatThrownBy(() -> ConfigLoader.load(env("ONEGO_PG_URL", "mysql://x")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("postgresql://");
    Path dept = file("dept.yaml", "departments:\n  health: {mode: carrier-pigeon}\n");
    assertThatThrownBy(() -> ConfigLoader.load(env("ONEGO_CONFIG", dept.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("departments.health.mode");
  }

  /** The audit sealer's settings: the defaults of application.yaml, and a lease shorter than three intervals refused. */
  @Test
  void theAuditSealerSettingsAreReadAndChecked() throws IOException {
    AppConfig c = ConfigLoader.load(env());
    assertThat(c.audit().mergeDelayMs()).isEqualTo(1000);
    assertThat(c.audit().sealBatch()).isEqualTo(2000);
    assertThat(c.audit().leaseMs()).isGreaterThanOrEqualTo(3 * c.audit().sealIntervalMs());
    Path shortLease = file("lease.yaml", "audit: {sealIntervalMs: 500, leaseMs: 1000}\n");
    assertThatThrownBy(() -> ConfigLoader.load(env("ONEGO_CONFIG", shortLease.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("audit.leaseMs").hasMessageContaining("three sealIntervalMs");
    Path noPromise = file("promise.yaml", "audit: {mergeDelayMs: 0}\n");
    assertThatThrownBy(() -> ConfigLoader.load(env("ONEGO_CONFIG", noPromise.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("audit.mergeDelayMs");
  }

  @Test
  void brokenCatalogNamesFileAndPath() throws IOException {
    Path conf = tmp.resolve("conf");
    copy(Path.of("config"), conf);
    Path newborn = conf.resolve("catalog/things/newborn.yaml");
    Files.writeString(newborn, Files.readString(newborn).replaceFirst("department: health", "department: ministry-of-magic"));
    assertThatThrownBy(() -> ConfigLoader.load(env("ONEGO_CONFIG_DIR", conf.toString())))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> {
          ConfigException ce = (ConfigException) e;
          assertThat(ce.file()).endsWith("newborn.yaml");
          assertThat(ce.path()).matches("items\\[\\d+]\\.department");
          assertThat(ce.problem()).contains("ministry-of-magic");
        });
  }

  private static void copy(Path from, Path to) throws IOException {
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
  }
}
