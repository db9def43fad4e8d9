package onego.server;

import onego.domain.ConfigException;
import onego.domain.ConfigNode;
import onego.server.config.AppConfig;
import onego.server.config.ConfigLoader;
import onego.server.config.RepositorySecrets;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Outside the dev profile the node refuses published secrets, short keys and missing keys, naming file and setting. */
class ProductionConfigTest {
  private static final Path DEV_PROFILE = Path.of("config", "profiles", "dev.yaml");
  private static final Path EXAMPLE = Path.of("docker", "prod-keys.example.yaml");
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir
  Path tmp;

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String base64Key() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** Everything prod needs, with values nobody has seen. */
  private static String fresh() {
    return "auth:\n  apiKeys:\n    - {name: portal, key: \"" + hex(24) + "\", role: channel, channel: pc}\n"
        + "  jwt: {hs256Secret: \"" + hex(32) + "\"}\n"
        + "sharedData: {keySalt: \"" + hex(16) + "\"}\n"
        + "redis: {encryptionKey: \"" + base64Key() + "\"}\n";
  }

  private Path file(String yaml) throws IOException {
    Path p = Files.createTempFile(tmp, "overlay", ".yaml");
    Files.writeString(p, yaml);
    return p;
  }

  private static Map<String, String> env(String... kv) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) env.put(kv[i], kv[i + 1]);
    return env;
  }

  /** The prod configuration of the fresh values with {@code override} on top. */
  private AppConfig prod(String override) throws IOException {
    return ConfigLoader.load(env("ONEGO_PROFILE", "prod", "ONEGO_CONFIG", file(fresh()) + "," + file(override)));
  }

  /** The refusal of {@code override}, which must name the override file and {@code path}. */
  private ConfigException refused(String override, String path) throws IOException {
    Path f = file(override);
    try {
      ConfigLoader.load(env("ONEGO_PROFILE", "prod", "ONEGO_CONFIG", file(fresh()) + "," + f));
    } catch (ConfigException e) {
      assertThat(e.path()).as(e.getMessage()).isEqualTo(path);
      assertThat(e.file()).as(e.getMessage()).isEqualTo(f.toString());
      return e;
    }
    throw new AssertionError("prod started with " + override);
  }

  private static ConfigNode yaml(Path p) {
    return ConfigNode.read(p, p.toString());
  }

  @Test
  void freshValuesOfEveryRequiredSettingStartInProd() throws IOException {
    AppConfig c = prod("http: {port: 9100}\n");
    assertThat(c.auth().apiKeys()).hasSize(1);
    assertThat(c.stores().redisEncryptionKey()).isNotNull();
    assertThat(c.sharedData().keySalt()).isNotNull();
  }

  @Test
  void theDevProfilesJwtSecretIsRefusedNamingWhereItIsPublished() throws IOException {
    String devSecret = yaml(DEV_PROFILE).obj("auth").obj("jwt").str("hs256Secret");
    ConfigException e = refused("auth: {jwt: {hs256Secret: \"" + devSecret + "\"}}\n", "auth.jwt.hs256Secret");
    assertThat(e.problem()).contains("published in the repository").contains("config/profiles/dev.yaml");
    assertThat(e.getMessage()).doesNotContain(devSecret);
  }

  @Test
  void everyValueOfTheShippedExampleIsRefused() throws IOException {
    ConfigNode example = yaml(EXAMPLE);
    List<ConfigNode> keys = example.obj("auth").list("apiKeys");
    assertThat(keys).isNotEmpty();
    for (ConfigNode k : keys) {
      ConfigException e = refused("auth:\n  apiKeys:\n    - {key: \"" + k.str("key") + "\", role: admin}\n", "auth.apiKeys[0].key");
      assertThat(e.problem()).contains("docker/prod-keys.example.yaml");
    }
    String secret = example.obj("auth").obj("jwt").str("hs256Secret");
    assertThat(refused("auth: {jwt: {hs256Secret: \"" + secret + "\"}}\n", "auth.jwt.hs256Secret").problem())
        .contains("docker/prod-keys.example.yaml");
    String salt = example.obj("sharedData").str("keySalt");
    assertThat(refused("sharedData: {keySalt: \"" + salt + "\"}\n", "sharedData.keySalt").problem()).contains("docker/prod-keys.example.yaml");
    String key = example.obj("redis").str("encryptionKey");
    assertThat(refused("redis: {encryptionKey: \"" + key + "\"}\n", "redis.encryptionKey").problem()).contains("docker/prod-keys.example.yaml");

    // the example as it is, as the README's docker steps would use it unchanged
    assertThatThrownBy(() -> ConfigLoader.load(env("ONEGO_PROFILE", "prod", "ONEGO_CONFIG", EXAMPLE.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auth.apiKeys[0].key").hasMessageContaining("published");
  }

  @Test
  void apiKeysShorterThan32CharactersAreRefusedOutsideDev() throws IOException {
    String shortKey = hex(15) + "x"; // 31 characters
    String yaml = "auth:\n  apiKeys:\n    - {key: \"" + shortKey + "\", role: admin}\n";
    assertThat(refused(yaml, "auth.apiKeys[0].key").problem()).contains("at least 32 characters");
    AppConfig dev = ConfigLoader.load(env("ONEGO_PROFILE", "dev", "ONEGO_CONFIG", file(yaml).toString()));
    assertThat(dev.auth().apiKeys()).extracting(k -> k.key()).contains(shortKey);
  }

  @Test
  void changeMePlaceholdersAreRefusedEvenWhenNotInTheRepository() throws IOException {
    ConfigException e = refused("auth: {jwt: {hs256Secret: \"CHANGE-ME-" + hex(20) + "\"}}\n", "auth.jwt.hs256Secret");
    assertThat(e.problem()).contains("CHANGE-ME");
  }

  @Test
  void prodNeedsTheCacheKeySaltAndTheRedisEncryptionKey() throws IOException {
    assertThat(refused("sharedData: {keySalt: null}\n", "sharedData.keySalt").problem()).contains("required outside the dev profile");
    assertThat(refused("sharedData: {keySalt: short-salt}\n", "sharedData.keySalt").problem()).contains("at least 16");
    assertThat(refused("redis: {encryptionKey: null}\n", "redis.encryptionKey").problem())
        .contains("required outside the dev profile").contains("openssl rand -base64 32");
    AppConfig dev = ConfigLoader.load(env("ONEGO_PROFILE", "dev"));
    assertThat(dev.stores().redisEncryptionKey()).as("dev may run without (a random key per process)").isNull();
  }

  @Test
  void theRedisEncryptionKeyMustBe32BytesOfBase64InEveryProfile() throws IOException {
    for (String bad : new String[] {"not base64!", Base64.getEncoder().encodeToString(new byte[16])}) {
      Path f = file("redis: {encryptionKey: \"" + bad + "\"}\n");
      assertThatThrownBy(() -> ConfigLoader.load(env("ONEGO_CONFIG", f.toString())))
          .isInstanceOf(ConfigException.class).hasMessageContaining(f.toString()).hasMessageContaining("redis.encryptionKey")
          .hasMessageContaining("32 random bytes");
    }
  }

  @Test
  void redisUrlsMayCarryAPasswordAndTls() throws IOException {
    String fresh = file(fresh()).toString();
    for (String url : new String[] {"redis://:s3cret@redis.internal:6379", "rediss://onego:s3cret@redis.internal:6380/0"}) {
      assertThat(ConfigLoader.load(env("ONEGO_PROFILE", "prod", "ONEGO_CONFIG", fresh, "ONEGO_REDIS_URL", url)).stores().redisUrl())
          .isEqualTo(url);
    }
    assertThatThrownBy(() -> ConfigLoader.load(env("ONEGO_REDIS_URL", "http://redis.internal:6379")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("environment variable ONEGO_REDIS_URL").hasMessageContaining("rediss://");
  }

  @Test
  void newAuthAndStreamSettingsAreCheckedWithTheirPath() throws IOException {
    Path lifetime = file("auth: {jwt: {maxLifetimeSeconds: 315360000}}\n");
    assertThatThrownBy(() -> ConfigLoader.load(env("ONEGO_CONFIG", lifetime.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auth.jwt.maxLifetimeSeconds").hasMessageContaining("86400");
    Path role = file("streams: {maxPerPrincipal: {roles: {robot: 5}}}\n");
    assertThatThrownBy(() -> ConfigLoader.load(env("ONEGO_CONFIG", role.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("streams.maxPerPrincipal.roles.robot");
    AppConfig c = ConfigLoader.load(env());
    assertThat(c.auth().jwtMaxLifetimeSeconds()).isEqualTo(3600);
    assertThat(c.streams().maxPerPrincipal("applicant")).isEqualTo(20);
    assertThat(c.streams().maxPerPrincipal("channel")).isGreaterThan(20);
    assertThat(c.router().maxLongPollsPerPrincipal()).isEqualTo(4);
  }

  /**
   * Webhook secret rotation: {@code secrets: [new, old]} signs with both, {@code secret: one} as
   * before; both at once, an empty list, a malformed or repeated entry are refused naming the path.
   */
  @Test
  void aDepartmentMayHoldSeveralWebhookSecretsDuringARotation() throws IOException {
    String fresh = "whsec_" + base64Key();
    String old = "whsec_" + base64Key();
    AppConfig c = prod("departments:\n  health: {mode: push, endpoint: \"https://health.example/inbox\", secrets: [\"" + fresh + "\", \"" + old + "\"]}\n");
    assertThat(c.dispatch().get("health").secrets()).containsExactly(fresh, old);
    AppConfig one = prod("departments:\n  health: {mode: push, endpoint: \"https://health.example/inbox\", secret: \"" + old + "\"}\n");
    assertThat(one.dispatch().get("health").secrets()).containsExactly(old);
    assertThat(prod("http: {port: 9100}\n").dispatch().get("health").secrets()).isEmpty();

    assertThat(refused("departments:\n  health: {secret: \"" + old + "\", secrets: [\"" + fresh + "\"]}\n", "departments.health.secrets")
        .problem()).contains("not both");
    assertThat(refused("departments:\n  health: {secrets: []}\n", "departments.health.secrets").problem()).contains("at least one");
    assertThat(refused("departments:\n  health: {secrets: [\"" + fresh + "\", \"whsec_c2hvcnQ=\"]}\n", "departments.health.secrets[1]")
        .problem()).contains("at least 24");
    assertThat(refused("departments:\n  health: {secrets: [\"" + fresh + "\", \"" + fresh + "\"]}\n", "departments.health.secrets[1]")
        .problem()).contains("twice");
    assertThat(refused("departments:\n  health: {secret: [\"" + fresh + "\"]}\n", "departments.health.secret").problem()).contains("secrets");
  }

  /**
   * 跨省通办: a federation peer's secret follows the department rules (whsec_, 24 bytes at least) and
   * one published in the repository (the two-platform demo's) is refused outside dev; {@code self} must be
   * the catalog's province.
   */
  @Test
  void federationPeerSecretsFollowTheDepartmentRulesAndTheDemosIsRefusedInProd() throws IOException {
    String ok = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]).replace("A", "B");
    AppConfig c = prod("federation:\n  self: \"43\"\n  peers:\n    \"44\": {endpoint: \"https://gd.example\", secret: \"" + ok + "\"}\n");
    assertThat(c.federation().peers().get("44").secrets()).containsExactly(ok);
    String demo = yaml(Path.of("config", "federation", "hunan-43.yaml")).obj("federation").obj("peers").obj("44").str("secret");
    assertThat(refused("federation:\n  self: \"43\"\n  peers:\n    \"44\": {endpoint: \"https://gd.example\", secret: \"" + demo + "\"}\n",
        "federation.peers.44.secret").problem()).contains("published");
    assertThat(refused("federation:\n  self: \"43\"\n  peers:\n    \"44\": {endpoint: \"https://gd.example\", secret: \"whsec_c2hvcnQ=\"}\n",
        "federation.peers.44.secret").problem()).contains("at least 24");
    assertThat(refused("federation:\n  self: \"44\"\n", "federation.self").problem()).contains("43");
  }

  /**
   * Standard Webhooks: secrets of fewer than 24 key bytes are refused at load naming the key; the
   * retry schedule defaults to the specification's (5 s .. 10 h) and a department may set its own;
   * the old exponential-backoff keys are refused saying what replaced them.
   */
  @Test
  void webhookSecretsAreAtLeast24BytesAndRetriesFollowTheSpecificationsSchedule() throws IOException {
    String short20 = "whsec_" + Base64.getEncoder().encodeToString(new byte[20]);
    assertThat(refused("departments:\n  health: {mode: push, endpoint: \"https://health.example/inbox\", secret: \"" + short20 + "\"}\n",
        "departments.health.secret").problem()).contains("20 bytes").contains("at least 24");
    String ok = "whsec_" + base64Key();
    AppConfig c = prod("departments:\n  health: {mode: push, endpoint: \"https://health.example/inbox\", secret: \"" + ok + "\"}\n"
        + "  tax: {mode: push, endpoint: \"https://tax.example/inbox\", secret: \"" + ok + "\", retrySchedule: [500ms, 5s, 1m, 2h]}\n");
    assertThat(c.dispatch().get("health").retryScheduleMs())
        .containsExactly(5_000L, 300_000L, 1_800_000L, 7_200_000L, 18_000_000L, 36_000_000L, 36_000_000L);
    assertThat(c.dispatch().get("health").maxAttempts()).isEqualTo(8);
    assertThat(c.dispatch().get("tax").retryScheduleMs()).containsExactly(500L, 5_000L, 60_000L, 7_200_000L);
    assertThat(refused("departments:\n  health: {retrySchedule: [5s, soon]}\n", "departments.health.retrySchedule[1]").problem())
        .contains("500ms, 5s");
    assertThat(refused("departments:\n  health: {backoffInitialMs: 50}\n", "departments.health.backoffInitialMs").problem())
        .contains("retrySchedule");
  }

  /** An operator may keep real secrets in the configuration folder the node runs with (its own profiles/prod.yaml). */
  @Test
  void secretsInTheOperatorsOwnConfigFolderAreNotTakenForPublishedOnes() throws IOException {
    Path conf = tmp.resolve("conf");
    try (var files = Files.walk(Path.of("config"))) {
      for (Path p : files.toList()) {
        Path target = conf.resolve(Path.of("config").relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
    Files.writeString(conf.resolve("profiles/prod.yaml"), fresh());
    AppConfig c = ConfigLoader.load(env("ONEGO_PROFILE", "prod", "ONEGO_CONFIG_DIR", conf.toString()));
    assertThat(c.auth().apiKeys()).hasSize(1);
  }

  /** The jar itself knows the published values, whatever configuration folder it runs with. */
  @Test
  void theBuildBundlesTheRepositorysConfigurationFiles() {
    RepositorySecrets known = RepositorySecrets.load();
    assertThat(known.bundledFiles()).isGreaterThanOrEqualTo(3);
    assertThat(known.whereFound(yaml(DEV_PROFILE).obj("auth").obj("jwt").str("hs256Secret"))).get().asString()
        .contains("config/profiles/dev.yaml");
    assertThat(known.whereFound(yaml(EXAMPLE).obj("auth").obj("jwt").str("hs256Secret"))).get().asString()
        .contains("docker/prod-keys.example.yaml");
    assertThat(known.whereFound(hex(24))).isEmpty();
  }

  @Test
  void theServerProcessExitsWith2NamingFileAndSetting() throws Exception {
    Path log = Files.createTempFile(tmp, "onego-main", ".log");
    ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    pb.environment().put("ONEGO_PROFILE", "prod");
    pb.environment().put("ONEGO_CONFIG", EXAMPLE.toString());
    pb.environment().put("ONEGO_PG_URL", TestServices.pgUrl());
    pb.environment().put("ONEGO_REDIS_URL", TestServices.redisUrl());
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    if (!ended) p.destroyForcibly();
    assertThat(ended).as("the process ended").isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log)).contains("docker/prod-keys.example.yaml").contains("auth.apiKeys[0].key").contains("published");
  }
}
