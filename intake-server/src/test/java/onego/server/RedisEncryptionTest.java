package onego.server;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.json.JsonObject;
import onego.server.hotline.StatusViewCache;
import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Personal data in Redis is AES-GCM encrypted: the raw values, read with a plain Redis client, hold no clear or masked PII. */
class RedisEncryptionTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static SharedDataTest.FakePlatform platform;
  private static TestNode node;
  private static Http http;
  /** Without a shared-data platform, so that submissions' e-certificate references are checked for form only. */
  private static TestNode hotlineNode;
  private static Http hotline;
  private static String salt;
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> redis;

  @BeforeAll
  static void start() throws Exception {
    platform = new SharedDataTest.FakePlatform();
    salt = UUID.randomUUID().toString();
    node = TestNode.start(Overlays.env("sharedData:\n  url: \"" + platform.url() + "\"\n  keySalt: \"" + salt + "\"\n"));
    http = node.http();
    hotlineNode = TestNode.start();
    hotline = hotlineNode.http();
    client = RedisClient.create(TestServices.redisUrl());
    redis = client.connect();
  }

  @AfterAll
  static void stop() {
    redis.close();
    client.shutdown();
    node.close();
    hotlineNode.close();
    platform.close();
  }

  @BeforeEach
  void empty() {
    TestServices.resetTables();
  }

  private static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static void assertSealed(String raw, String... clear) {
    assertThat(raw).startsWith("v1:");
    for (String c : clear) assertThat(raw).doesNotContain(c);
    assertThat(raw).doesNotContain("{").doesNotContain("\"");
  }

  @Test
  void sharedDataAnswersAreStoredEncrypted() throws Exception {
    String id = Submissions.idNumber(321);
    Http.Response prefill = http.get("/api/v1/things/newborn/prefill?idNumber=" + id, "dev-portal");
    assertThat(prefill.status()).as(prefill.body()).isEqualTo(200);
    String raw = redis.sync().get("onego:sd:p:population:" + sha256(salt + id));
    assertSealed(raw, id, "李娜", "张伟", "430102196501011224", "motherName");
    Http.Response again = http.get("/api/v1/things/newborn/prefill?idNumber=" + id, "dev-portal");
    assertThat(again.json().getJsonObject("fields").getJsonObject("motherName").getString("value")).isEqualTo("李娜");
    assertThat(platform.calls(id, "population")).as("the second answer was opened from Redis").isEqualTo(1);

    String ref = "EC-resident-id-card-" + id;
    assertThat(http.get("/api/v1/ecerts/" + ref, "dev-portal").status()).isEqualTo(200);
    assertSealed(redis.sync().get("onego:sd:e:" + sha256(salt + ref)), id, "张伟", "holderIdNumber");
  }

  private static String submit(String id) {
    JsonObject notice = hotline.get("/api/v1/things/newborn").json();
    Http.Response r = hotline.postCase("dev-portal", "enc-" + System.nanoTime(), Submissions.fromNotice(notice, id).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("caseId");
  }

  private static String view(String caseId) {
    return Await.value("the hotline view of " + caseId + " is in Redis", WAIT,
        () -> redis.sync().hget(StatusViewCache.key(UUID.fromString(caseId)), "view"));
  }

  @Test
  void hotlineViewsAreStoredEncryptedAndStillServedFromRedis() {
    String id = Submissions.idNumber();
    String caseId = submit(id);
    // the applicant of Submissions.person: 张三, 13800138000; the view holds only masked forms, and those sealed too
    assertSealed(view(caseId), id, "张三", "13800138000", "张*", "138****8000", id.substring(14));
    Http.Response r = hotline.get("/api/v1/hotline/cases/" + caseId, "dev-hotline");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("X-Status-Source")).isEqualTo("redis");
    assertThat(r.json().getString("caseId")).isEqualTo(caseId);
  }

  /** The Redis key is the associated data: a value copied under another case's key does not open there. */
  @Test
  void aViewCopiedUnderAnotherCasesKeyIsAMissNotThatCase() {
    String a = submit(Submissions.idNumber());
    String b = submit(Submissions.idNumber());
    String viewOfA = view(a);
    view(b);
    redis.sync().hset(StatusViewCache.key(UUID.fromString(b)), "view", viewOfA);
    Http.Response r = hotline.get("/api/v1/hotline/cases/" + b, "dev-hotline");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("X-Status-Source")).isEqualTo("postgres");
    assertThat(r.json().getString("caseId")).isEqualTo(b);
    Await.until("the unreadable view is replaced and served from Redis again", WAIT,
        () -> "redis".equals(hotline.get("/api/v1/hotline/cases/" + b, "dev-hotline").header("X-Status-Source")));
  }
}
