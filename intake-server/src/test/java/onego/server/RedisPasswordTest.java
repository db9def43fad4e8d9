package onego.server;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.vertx.core.json.JsonObject;
import onego.server.hotline.StatusViewCache;
import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis URLs with a password ({@code redis://:password@host:port}) and over TLS ({@code rediss://}) reach a Redis that needs them. */
class RedisPasswordTest {
  private static final String PASSWORD = "s3cret-" + UUID.randomUUID();

  @TempDir
  Path tmp;

  private static Http.Response ready(TestNode n) {
    return n.http().get("/health/ready");
  }

  /** Submits a case and waits for its hotline view, written by the node through {@code url}, to show up in that Redis. */
  private static void writesThrough(TestNode n, String url) {
    JsonObject notice = n.http().get("/api/v1/things/newborn").json();
    Http.Response r = n.http().postCase("dev-portal", "pw-" + System.nanoTime(), Submissions.fromNotice(notice, Submissions.idNumber()).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    String key = StatusViewCache.key(UUID.fromString(r.json().getString("caseId")));
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      Await.until("the node wrote the hotline view to the password Redis", Duration.ofSeconds(30), () -> c.sync().exists(key) == 1);
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aNodeUsesARedisThatNeedsAPassword() throws Exception {
    int port = TestNode.freePort();
    RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
        .setting("requirepass " + PASSWORD).setting("save \"\"").setting("appendonly no").build();
    server.start();
    try {
      String url = "redis://:" + PASSWORD + "@127.0.0.1:" + port;
      TestServices.resetTables();
      try (TestNode n = TestNode.start(Map.of(), TestServices.pgUrl(), url)) {
        assertThat(ready(n).status()).as(ready(n).body()).isEqualTo(200);
        writesThrough(n, url);
      }
      assertThat(refusedOrNotReady("redis://127.0.0.1:" + port)).as("without the password").isTrue();
      assertThat(refusedOrNotReady("redis://:wrong@127.0.0.1:" + port)).as("with a wrong password").isTrue();
    } finally {
      server.stop();
    }
  }

  @Test
  void aNodeUsesARedisOverTlsWithAPassword() throws Exception {
    Path cert = tmp.resolve("redis.crt");
    Path key = tmp.resolve("redis.key");
    selfSigned(cert, key);
    int port = TestNode.freePort();
    RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(0)
        .setting("tls-port " + port).setting("tls-cert-file " + cert).setting("tls-key-file " + key)
        .setting("tls-ca-cert-file " + cert).setting("tls-auth-clients no")
        .setting("requirepass " + PASSWORD).setting("save \"\"").setting("appendonly no").build();
    server.start();
    try {
      // the test's certificate is self-signed: verifyPeer=NONE here; a deployment keeps the default (FULL) and its CA
      String url = "rediss://:" + PASSWORD + "@127.0.0.1:" + port + "?verifyPeer=NONE";
      TestServices.resetTables();
      try (TestNode n = TestNode.start(Map.of(), TestServices.pgUrl(), url)) {
        assertThat(ready(n).status()).as(ready(n).body()).isEqualTo(200);
        writesThrough(n, url);
      }
      assertThat(refusedOrNotReady("redis://:" + PASSWORD + "@127.0.0.1:" + port)).as("plain text to the TLS port").isTrue();
    } finally {
      server.stop();
    }
  }

  private static boolean refusedOrNotReady(String url) {
    TestNode n;
    try {
      n = TestNode.start(Map.of(), TestServices.pgUrl(), url);
    } catch (IllegalStateException refused) {
      return true;
    }
    try (n) {
      return ready(n).status() != 200;
    }
  }

  /** A self-signed certificate for 127.0.0.1 from the JDK's keytool, written as PEM (what Redis reads). */
  private void selfSigned(Path certPem, Path keyPem) throws Exception {
    Path store = tmp.resolve("redis.p12");
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", "changeit", "-keypass", "changeit")).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("keytool made a key pair").isTrue();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes());
    PrivateKey k = (PrivateKey) ks.getKey("redis", "changeit".toCharArray());
    Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(k.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    Files.writeString(certPem, "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(ks.getCertificate("redis").getEncoded())
        + "\n-----END CERTIFICATE-----\n");
  }
}
