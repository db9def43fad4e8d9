package onego.dev;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import onego.server.NodeRunner;
import onego.server.OneGoNode;
import onego.server.config.AppConfig;
import onego.server.config.LogisticsSettings;
import onego.server.config.SharedDataSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;

/**
 * A OneGo node with the dev profile's simulated world around it: the simulated departments (push
 * inboxes and pull loops), when no {@code logistics.endpoint} is configured the simulated logistics
 * service, and, when no {@code sharedData.url} is configured, the simulated shared-data platform. They run on a Vert.x of their own and reach the node over HTTP, exactly
 * as real departments and platforms would; the node is configured to dispatch to them.
 */
public final class DevNode implements NodeRunner.Running {
  private static final Logger log = LoggerFactory.getLogger(DevNode.class);

  private final Vertx world;
  private final OneGoNode node;

  private DevNode(Vertx world, OneGoNode node) {
    this.world = world;
    this.node = node;
  }

  /**
   * Starts the simulators (when {@code dev.simulate()}), then the node pointed at them. The node is
   * started from a plain thread, not from the simulators' event loop, so that its Vert.x is not made
   * (nor closed, on failure) from inside another one's context.
   */
  public static Future<DevNode> start(AppConfig config, DevSettings dev) {
    Vertx world = Vertx.vertx();
    CompletionStage<DevNode> started = simulate(world, config, dev).toCompletionStage()
        .thenComposeAsync(c -> OneGoNode.start(c).toCompletionStage(), ForkJoinPool.commonPool())
        .thenApply(node -> new DevNode(world, node));
    return Future.fromCompletionStage(started).onFailure(e -> world.close());
  }

  private static Future<AppConfig> simulate(Vertx world, AppConfig config, DevSettings dev) {
    if (!dev.simulate()) return Future.succeededFuture(config);
    DevDepartments departments = new DevDepartments(config, dev.offices());
    DepartmentSimulator sim = new DepartmentSimulator(dev.simulator(), departments.simulated(), "http://127.0.0.1:" + config.http().port(),
        config.catalog());
    Future<AppConfig> withDepartments = world.deployVerticle(sim).map(id -> {
      log.info("simulated departments listening on port {} ({} departments)", sim.actualPort(), departments.simulated().size());
      return config.withDispatch(departments.dispatchTo(sim.actualPort()));
    });
    Future<AppConfig> withLogistics = withDepartments.compose(c -> logistics(world, c, dev));
    SharedDataSettings sd = config.sharedData();
    if (sd.url() != null) return withLogistics;
    SharedDataPlatform platform = new SharedDataPlatform(config.catalog(), 0, dev.notFoundSequence());
    return withLogistics.compose(c -> world.deployVerticle(platform).map(id -> c.withSharedData(sd.withUrl(platform.url()))));
  }

  /**
   * Without a configured {@code logistics.endpoint}: the simulated logistics service ({@link LogisticsSimulator}),
   * with a fresh secret (or the configured one), so that an EMS delivery in the demo gets a waybill, then SIGNED.
   */
  private static Future<AppConfig> logistics(Vertx world, AppConfig config, DevSettings dev) {
    LogisticsSettings l = config.logistics();
    if (l.configured()) return Future.succeededFuture(config);
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    String secret = l.secret() != null ? l.secret() : "whsec_" + java.util.Base64.getEncoder().encodeToString(key);
    LogisticsSimulator sim = new LogisticsSimulator(secret, "http://127.0.0.1:" + config.http().port(), dev.logisticsSignDelayMs());
    return world.deployVerticle(sim).map(id -> config.withLogistics(l.withEndpoint(sim.url(), secret)));
  }

  public OneGoNode node() { return node; }

  /** The simulators first (so they do not report the node's going as failures), then the node. */
  @Override
  public Future<Void> close() {
    return Future.fromCompletionStage(world.close().toCompletionStage().thenCompose(v -> node.close().toCompletionStage()));
  }
}
