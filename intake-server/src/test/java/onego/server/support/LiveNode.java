package onego.server.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import onego.domain.ProgressEvent;
import onego.router.events.EventLog;
import onego.router.events.NewEvent;
import onego.server.OneGoNode;
import onego.server.config.AppConfig;
import onego.server.config.ConfigLoader;
import onego.server.infra.Database;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real node like {@link TestNode}, plus what the stream and hotline tests need: committing
 * events to a case's log (EventLog, in a transaction) and announcing them through the node's own
 * publisher, exactly as the router does.
 */
public final class LiveNode implements AutoCloseable {
  private final OneGoNode node;
  private final int port;
  private final Pool pool;

  private LiveNode(OneGoNode node, int port, Pool pool) {
    this.node = node;
    this.port = port;
    this.pool = pool;
  }

  /** Without the router and the simulated departments, so the only events are the ones a test makes. */
  public static final String QUIET = "router: {enabled: false}\ndevsim: {enabled: false}\n";

  public static LiveNode start(String redisUrl) {
    return start(redisUrl, QUIET);
  }

  public static LiveNode start(String redisUrl, String overlayYaml) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("ONEGO_PROFILE", "dev");
    env.remove("ONEGO_CONFIG");
    env.put("ONEGO_HTTP_PORT", String.valueOf(TestNode.freePort()));
    env.put("ONEGO_PG_URL", TestServices.pgUrl());
    env.put("ONEGO_REDIS_URL", redisUrl);
    env.putAll(Overlays.env(overlayYaml));
    AppConfig config = ConfigLoader.load(env);
    try {
      OneGoNode node = OneGoNode.start(config, TestServices.pgUrl(), redisUrl).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      return new LiveNode(node, config.httpPort(), Database.pool(node.vertx(), TestServices.pgUrl(), 4));
    } catch (Exception e) {
      throw new IllegalStateException("test node did not start", e);
    }
  }

  public static LiveNode start() {
    return start(TestServices.redisUrl());
  }

  public Http http() { return new Http(port); }
  public int port() { return port; }
  public Vertx vertx() { return node.vertx(); }

  /** Commits {@code events} to the case's log in one transaction, then publishes them; answers what was appended. */
  public List<ProgressEvent> append(UUID caseId, List<NewEvent> events) {
    return append(caseId, events, committed -> { });
  }

  /** As {@link #append(UUID, List)}, telling {@code onCommit} between the commit and the publish. */
  public List<ProgressEvent> append(UUID caseId, List<NewEvent> events, java.util.function.Consumer<List<ProgressEvent>> onCommit) {
    try {
      List<ProgressEvent> appended = pool.withTransaction(conn -> EventLog.append(conn, caseId, OffsetDateTime.now(ZoneOffset.ofHours(8)), events))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      onCommit.accept(appended);
      node.publisher().publish(appended);
      return appended;
    } catch (Exception e) {
      throw new IllegalStateException("append failed", e);
    }
  }

  public ProgressEvent appendOne(UUID caseId, String type, JsonObject data) {
    return append(caseId, List.of(NewEvent.ofCase(type, null, data))).get(0);
  }

  /** Publishes on the node's event bus without touching the log (synthetic load for back-pressure tests). */
  public void publishRaw(String address, JsonObject body) {
    node.vertx().eventBus().publish(address, body);
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
