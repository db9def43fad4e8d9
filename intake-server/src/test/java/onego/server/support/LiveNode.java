package onego.server.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.EventType;
import onego.domain.ProgressEvent;
import onego.router.cases.CaseLog;
import onego.router.cases.NewEvent;
import onego.server.OneGoNode;
import onego.server.audit.AuditTrail;
import onego.server.infra.Database;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real node like {@link TestNode}, plus what the stream and hotline tests need: committing
 * events to a case's log through the one case writer, announced through the node's own publisher.
 */
public final class LiveNode implements AutoCloseable {
  private final TestNode test;
  private final OneGoNode node;
  private final Pool pool;
  private final CaseLog cases;

  private LiveNode(TestNode test) {
    this.test = test;
    this.node = test.node();
    this.pool = Database.pool(node.vertx(), TestServices.pgUrl(), 4);
    this.cases = new CaseLog(pool, node.publisher(), ZoneOffset.ofHours(8), new AuditTrail(pool, ZoneId.of("Asia/Shanghai")));
  }

  /** Who the test's own changes are on record as. */
  public static final Actor TEST_ACTOR = Actor.system("test");

  /** Without the router and the simulated departments, so the only events are the ones a test makes. */
  public static final String QUIET = "router: {enabled: false}\ndevsim: {enabled: false}\n";

  public static LiveNode start(String redisUrl) {
    return start(redisUrl, QUIET);
  }

  public static LiveNode start(String redisUrl, String overlayYaml) {
    return new LiveNode(TestNode.start(Overlays.env(overlayYaml), TestServices.pgUrl(), redisUrl));
  }

  public static LiveNode start() {
    return start(TestServices.redisUrl());
  }

  public Http http() { return test.http(); }
  public int port() { return test.port(); }
  public Vertx vertx() { return node.vertx(); }

  /** Commits {@code events} to the case's log through the one case writer, which publishes them; answers what was appended. */
  public List<ProgressEvent> append(UUID caseId, List<NewEvent> events) {
    try {
      return cases.change(caseId, TEST_ACTOR, AuditAction.ITEM_STATUS, tx -> {
        List<ProgressEvent> out = new ArrayList<>();
        for (NewEvent e : events) out.add(new ProgressEvent(caseId, tx.event(e), e.type().name(), e.itemId(), e.status(), tx.now(), e.data()));
        return Future.succeededFuture(out);
      }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("append failed", e);
    }
  }

  public ProgressEvent appendOne(UUID caseId, EventType type, JsonObject data) {
    return append(caseId, List.of(NewEvent.ofCase(type, null, data))).get(0);
  }

  /** Publishes on the node's event bus without touching the log (synthetic load for back-pressure tests). */
  public void publishRaw(String address, JsonObject body) {
    node.vertx().eventBus().publish(address, body);
  }

  @Override
  public void close() {
    test.close();
  }
}
