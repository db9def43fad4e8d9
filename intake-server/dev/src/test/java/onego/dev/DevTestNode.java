package onego.dev;

import onego.domain.ConfigNode;
import onego.server.config.AppConfig;
import onego.server.config.ConfigLoader;
import onego.server.support.Http;
import onego.server.support.TestNode;
import onego.server.support.TestServices;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@link DevNode} (the node with its simulated world) on a free port, against the test PostgreSQL and Redis. */
final class DevTestNode implements AutoCloseable {
  private final DevNode node;
  private final int port;

  private DevTestNode(DevNode node, int port) {
    this.node = node;
    this.port = port;
  }

  /** {@code env} as for {@link TestNode#start(Map)}; the test overlay turns the simulators off, so say {@code devsim: {enabled: true}}. */
  static DevTestNode start(Map<String, String> env) {
    Map<String, String> all = TestNode.environment(env, TestServices.redisUrl());
    ConfigNode tree = ConfigLoader.tree(all);
    AppConfig config = AppConfig.read(tree, ConfigLoader.configDir(all));
    config = config.withStores(config.stores().withUrls(TestServices.pgUrl(), TestServices.redisUrl()));
    try {
      DevNode node = DevNode.start(config, DevSettings.read(tree)).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      return new DevTestNode(node, config.http().port());
    } catch (Exception e) {
      throw new IllegalStateException("dev node did not start", e);
    }
  }

  Http http() { return new Http(port); }

  int port() { return port; }

  DevNode dev() { return node; }

  @Override
  public void close() {
    try {
      node.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("dev node did not stop", e);
    }
  }
}
