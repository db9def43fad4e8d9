package onego.server.support;

import onego.server.OneGoNode;
import onego.server.config.AppConfig;
import onego.server.config.ConfigLoader;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real OneGo node on a free port, against the test PostgreSQL and Redis. */
public final class TestNode implements AutoCloseable {
  private final OneGoNode node;
  private final int port;
  private final AppConfig config;

  private TestNode(OneGoNode node, int port, AppConfig config) {
    this.node = node;
    this.port = port;
    this.config = config;
  }

  public static TestNode start() {
    return start(Map.of());
  }

  /** {@code env} adds to or overrides the process environment, e.g. {@code ONEGO_CONFIG}. */
  public static TestNode start(Map<String, String> env) {
    return start(env, TestServices.pgUrl());
  }

  /** A node whose PostgreSQL is {@code pgUrl} (say, one that is down). */
  public static TestNode start(Map<String, String> env, String pgUrl) {
    return start(env, pgUrl, TestServices.redisUrl());
  }

  public static TestNode start(Map<String, String> env, String pgUrl, String redisUrl) {
    Map<String, String> all = environment(env, redisUrl);
    AppConfig config = ConfigLoader.load(all);
    config = config.withStores(config.stores().withUrls(pgUrl, redisUrl));
    try {
      OneGoNode node = OneGoNode.start(config)
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      return new TestNode(node, config.http().port(), config);
    } catch (Exception e) {
      throw new IllegalStateException("test node did not start", e);
    }
  }

  /** The environment a test node is configured from: dev profile, a free port, the test stores, the test overlay, then {@code env}. */
  public static Map<String, String> environment(Map<String, String> env, String redisUrl) {
    Map<String, String> all = new HashMap<>(System.getenv());
    all.put("ONEGO_PROFILE", "dev");
    String overlays = testOverlay() + (env.containsKey("ONEGO_CONFIG") ? "," + env.get("ONEGO_CONFIG") : "");
    all.put("ONEGO_HTTP_PORT", String.valueOf(freePort()));
    all.put("ONEGO_PG_URL", TestServices.pgUrl());
    all.put("ONEGO_REDIS_URL", redisUrl);
    all.putAll(env);
    all.put("ONEGO_CONFIG", overlays);
    return all;
  }

  public int port() { return port; }
  public OneGoNode node() { return node; }
  public AppConfig config() { return config; }
  public Http http() { return new Http(port); }

  /** Tests drive departments themselves: no simulator unless a test asks for it. */
  private static String testOverlay() {
    try {
      java.net.URL url = TestNode.class.getResource("/test-overlay.yaml");
      if ("file".equals(url.getProtocol())) return java.nio.file.Path.of(url.toURI()).toString();
      // inside the test jar (a module run on its own): a copy on disk
      java.nio.file.Path copy = java.nio.file.Files.createTempFile("onego-test-overlay", ".yaml");
      copy.toFile().deleteOnExit();
      try (java.io.InputStream in = url.openStream()) {
        java.nio.file.Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return copy.toString();
    } catch (java.net.URISyntaxException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("test node did not stop", e);
    }
  }
}
