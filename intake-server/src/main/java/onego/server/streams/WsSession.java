package onego.server.streams;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import onego.domain.Catalog;
import onego.domain.DomainError;
import onego.domain.FieldError;
import onego.router.cases.EventPublisher;
import onego.server.caseapi.CaseAccess;
import onego.server.config.StreamSettings;
import onego.server.streams.StreamMetrics.Transport;
import onego.server.web.ApiError;
import onego.server.web.Caller;
import onego.server.web.Drain;
import onego.server.web.FailureHandler;
import onego.server.web.StorableText;
import onego.server.web.WsMessages;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One WebSocket and its subscriptions. Client frames: {@code {"op":"subscribe","caseId","after"}},
 * {@code {"op":"subscribe","department"}}, {@code {"op":"subscribe","applicant"}} (OfferMade, 免申即享),
 * {@code {"op":"unsubscribe",...}}. Server frames: event
 * JSON, {@code {"op":"subscribed"|"unsubscribed",...}} and {@code {"op":"error","error":{code,message}}}.
 * The write queue is bounded: once full the socket is closed with 1013 and the client resumes by seq.
 * The server pings every {@code streams.wsPingSeconds} and closes a socket it has not heard from
 * (no pong) within {@code streams.wsPongTimeoutSeconds} with 1001; a node shutting down closes with 1001.
 */
final class WsSession {
  static final short TRY_AGAIN_LATER = 1013;
  static final short POLICY_VIOLATION = 1008;
  static final short GOING_AWAY = 1001;

  private final ServerWebSocket ws;
  private final Caller caller;
  private final Vertx vertx;
  private final CaseAccess access;
  private final EventQueries queries;
  private final Catalog catalog;
  private final StreamSettings settings;
  private final StreamMetrics metrics;
  private final UnaryOperator<JsonObject> redaction;
  private final FailureHandler failures;
  private final Map<String, Runnable> subscriptions = new HashMap<>();
  private boolean closed;
  private long expiry = -1;
  private long pinger = -1;
  private long lastHeardNanos = System.nanoTime();
  private Runnable undrain = () -> { };
  private Runnable onClose = () -> { };

  WsSession(ServerWebSocket ws, Caller caller, Vertx vertx, CaseAccess access, EventQueries queries, Catalog catalog,
            StreamSettings settings, StreamMetrics metrics, FailureHandler failures) {
    this.failures = failures;
    this.ws = ws;
    this.caller = caller;
    this.vertx = vertx;
    this.access = access;
    this.queries = queries;
    this.catalog = catalog;
    this.settings = settings;
    this.metrics = metrics;
    this.redaction = EventRedaction.forCaller(caller);
  }

  void start() {
    metrics.opened(Transport.WS);
    ws.setWriteQueueMaxSize(settings.wsWriteQueueBytes());
    WsMessages messages = new WsMessages(ws, this::onFrame, () -> error(DomainError.badRequest("frames must be JSON text")));
    ws.frameHandler(frame -> {
      lastHeardNanos = System.nanoTime(); // a pong or any other frame: the client is alive
      messages.handle(frame);
    });
    ws.closeHandler(v -> closeAll());
    ws.exceptionHandler(e -> WsMessages.fail(ws, e));
    pinger = vertx.setPeriodic(settings.wsPingSeconds() * 1000L, t -> ping());
  }

  /**
   * Keep-alive ({@code streams.wsPingSeconds}): a ping keeps an idle socket through the HTTP idle
   * timeout and proxies; a client not heard from (no pong) for {@code streams.wsPongTimeoutSeconds} is gone and is closed.
   */
  private void ping() {
    if (closed) return;
    if (System.nanoTime() - lastHeardNanos > settings.wsPongTimeoutSeconds() * 1_000_000_000L) {
      ws.close(GOING_AWAY, "no pong for " + settings.wsPongTimeoutSeconds() + " s");
      closeAll();
      return;
    }
    ws.writePing(Buffer.buffer("onego"));
  }

  /** Closes the socket with 1001 (going away) when the node shuts down; the client reconnects (to another node) and resubscribes with after. */
  void closeOnDrain(Drain drain) {
    if (drain == null || closed) return;
    undrain = drain.onDrain(() -> {
      if (closed) return;
      ws.close(GOING_AWAY, "node shutting down; reconnect and resubscribe with after");
      closeAll();
    });
  }

  /** Closes the socket with 1008 (policy violation) when the caller's token expires; null (an API key) never. */
  void closeAt(Instant expiresAt) {
    if (expiresAt == null || closed) return;
    expiry = vertx.setTimer(Math.max(1, expiresAt.toEpochMilli() - System.currentTimeMillis()),
        t -> ws.close(POLICY_VIOLATION, "token expired; reconnect with a fresh token and resubscribe with after"));
  }

  /** Runs once when the socket closes, however it closes. */
  void onClose(Runnable r) {
    onClose = r;
  }

  private void onFrame(String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      error(DomainError.badRequest("a frame must be a JSON object"));
      return;
    }
    List<FieldError> unstorable = StorableText.scan(frame);
    if (!unstorable.isEmpty()) {
      error(DomainError.invalid(unstorable));
      return;
    }
    String op = frame.getValue("op") instanceof String s ? s : null;
    try {
      if ("subscribe".equals(op)) subscribe(frame);
      else if ("unsubscribe".equals(op)) unsubscribe(frame);
      else throw DomainError.badRequest("op must be subscribe or unsubscribe");
    } catch (DomainError e) {
      error(e);
    }
  }

  private void subscribe(JsonObject frame) {
    int targets = (frame.containsKey("caseId") ? 1 : 0) + (frame.containsKey("department") ? 1 : 0) + (frame.containsKey("applicant") ? 1 : 0);
    if (targets != 1) {
      throw DomainError.badRequest("subscribe needs exactly one of caseId, department or applicant");
    }
    if (subscriptions.size() >= settings.maxSubscriptions()) {
      throw DomainError.conflict("at most " + settings.maxSubscriptions() + " subscriptions per connection");
    }
    if (frame.containsKey("caseId")) subscribeCase(caseIdOf(frame), afterOf(frame));
    else if (frame.containsKey("applicant")) subscribeApplicant(applicantOf(frame));
    else subscribeDepartment(departmentOf(frame));
  }

  private void subscribeCase(UUID caseId, int after) {
    String key = "case:" + caseId;
    access.check(caller, caseId).onSuccess(c -> {
      if (closed) return;
      stop(key);
      UnaryOperator<JsonObject> forCase = EventRedaction.forCaller(caller, c.kase());
      CaseEventStream stream = new CaseEventStream(vertx, queries, caseId, after, e -> send(forCase.apply(e)),
          e -> { stop(key); error(CaseAccess.storeDown(e)); }, settings);
      subscriptions.put(key, stream::close);
      stream.start()
          .onSuccess(v -> reply(new JsonObject().put("op", "subscribed").put("caseId", caseId.toString()).put("lastSeq", stream.lastSent())))
          .onFailure(e -> { stop(key); error(CaseAccess.storeDown(e)); });
    }).onFailure(e -> error(CaseAccess.storeDown(e)));
  }

  private void subscribeDepartment(String code) {
    if (catalog.department(code).isEmpty()) throw DomainError.notFound("no department " + code);
    boolean own = caller.is(Caller.Role.DEPARTMENT) && code.equals(caller.department());
    if (!own && !caller.is(Caller.Role.ADMIN)) throw DomainError.forbidden("only department " + code + " or admin may follow its items");
    String key = "department:" + code;
    stop(key);
    MessageConsumer<JsonObject> consumer = EventPublisher.dropsQueuedOnUnregister(
        vertx.eventBus().consumer(EventPublisher.DEPT_PREFIX + code, m -> send(redaction.apply(m.body()))));
    subscriptions.put(key, consumer::unregister);
    consumer.completion().onSuccess(v -> reply(new JsonObject().put("op", "subscribed").put("department", code)));
  }

  /**
   * A person's or an enterprise's new offers ({@code OfferMade}, 免申即享): the applicant for self, a channel, an admin.
   * Offers are not in the case log: a client that missed one reads {@code GET /applicants/{id}/offers}.
   */
  private void subscribeApplicant(String id) {
    boolean self = caller.is(Caller.Role.APPLICANT) && id.equalsIgnoreCase(caller.sub());
    if (!self && !caller.is(Caller.Role.CHANNEL) && !caller.is(Caller.Role.ADMIN)) {
      throw DomainError.forbidden("only the applicant, a channel or admin may follow an applicant's offers");
    }
    String key = "applicant:" + id;
    stop(key);
    MessageConsumer<JsonObject> consumer = EventPublisher.dropsQueuedOnUnregister(
        vertx.eventBus().consumer(onego.server.offers.Offers.address(id), m -> send(m.body())));
    subscriptions.put(key, consumer::unregister);
    consumer.completion().onSuccess(v -> reply(new JsonObject().put("op", "subscribed").put("applicant", onego.domain.Pii.idNumber(id))));
  }

  private void unsubscribe(JsonObject frame) {
    String key = frame.containsKey("caseId") ? "case:" + caseIdOf(frame)
        : frame.containsKey("applicant") ? "applicant:" + applicantOf(frame) : "department:" + departmentOf(frame);
    if (!stop(key)) throw DomainError.notFound("no such subscription");
    JsonObject out = new JsonObject().put("op", "unsubscribed");
    if (frame.containsKey("caseId")) out.put("caseId", frame.getValue("caseId"));
    else if (frame.containsKey("applicant")) out.put("applicant", onego.domain.Pii.idNumber(applicantOf(frame)));
    else out.put("department", frame.getValue("department"));
    reply(out);
  }

  private boolean send(JsonObject event) {
    if (closed) return false;
    ws.writeTextMessage(event.encode());
    metrics.delivered(Transport.WS, event);
    if (ws.writeQueueFull()) {
      metrics.dropped(Transport.WS);
      ws.close(TRY_AGAIN_LATER, "consumer too slow; resubscribe with after=<last seq received>");
      closeAll();
      return false;
    }
    return true;
  }

  private void reply(JsonObject frame) {
    if (!closed) ws.writeTextMessage(frame.encode());
  }

  private void error(Throwable failure) {
    ApiError e = failures.toApiError(failure, "websocket frame");
    reply(new JsonObject().put("op", "error").put("error", e.toJson().getJsonObject("error")));
  }

  private boolean stop(String key) {
    Runnable s = subscriptions.remove(key);
    if (s != null) s.run();
    return s != null;
  }

  private void closeAll() {
    if (closed) return;
    closed = true;
    subscriptions.values().forEach(Runnable::run);
    subscriptions.clear();
    if (expiry >= 0) vertx.cancelTimer(expiry);
    if (pinger >= 0) vertx.cancelTimer(pinger);
    undrain.run();
    metrics.closed(Transport.WS);
    onClose.run();
  }

  private static UUID caseIdOf(JsonObject frame) {
    Object v = frame.getValue("caseId");
    if (!(v instanceof String s)) throw DomainError.badRequest("caseId must be a string");
    return CaseAccess.caseId(s);
  }

  private static int afterOf(JsonObject frame) {
    Object v = frame.getValue("after");
    if (v == null) return 0;
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() >= 0 && n.longValue() <= Integer.MAX_VALUE) {
      return n.intValue();
    }
    throw DomainError.badRequest("after must be a whole number >= 0");
  }

  private static String applicantOf(JsonObject frame) {
    Object v = frame.getValue("applicant");
    if (!(v instanceof String s)) throw DomainError.badRequest("applicant must be an ID number or a credit code");
    return onego.server.offers.OfferHandler.subject(s, "applicant");
  }

  private static String departmentOf(JsonObject frame) {
    Object v = frame.getValue("department");
    if (!(v instanceof String s) || s.isEmpty()) throw DomainError.badRequest("department must be a department code");
    return s;
  }
}
