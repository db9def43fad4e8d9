package onego.server.web;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import onego.domain.DomainError;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A node's graceful shutdown, as the HTTP edge sees it. Until {@link #begin}, every request passes
 * and is counted while in flight. From {@code begin} on: {@code /health/ready} says 503, a new
 * request (other than health and metrics) is refused with 503 OVERLOADED and {@code Retry-After}
 * (so a client goes to another node) and {@code Connection: close}, and everything that registered
 * with {@link #onDrain} (long polls, SSE streams, WebSockets, dispatch) is told on its own context
 * to finish what it holds. The node waits for {@link #inFlight} to reach 0 (bounded by
 * {@code http.drainSeconds}) before it closes.
 */
public final class Drain implements Handler<RoutingContext> {
  private static final String KEY = "onego.drain";

  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<Object, Runnable> listeners = new ConcurrentHashMap<>();
  private final List<IntSupplier> busy = new CopyOnWriteArrayList<>();

  /** The drain of the node serving {@code ctx} (every route passes this handler first). */
  public static Drain of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.put(KEY, this);
    if (draining.get()) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      if (!isOps(ctx.normalizedPath())) {
        ctx.fail(DomainError.overloaded("this node is shutting down; retry (another node answers)"));
        return;
      }
    } else if (!ctx.request().canUpgradeToWebSocket()) { // a WebSocket's end is its session's: the drain closes it with 1001
      inFlight.incrementAndGet();
      ctx.addEndHandler(v -> inFlight.decrementAndGet());
    }
    ctx.next();
  }

  private static boolean isOps(String path) {
    String p = path.startsWith("/api/v1/") ? path.substring("/api/v1".length()) : path;
    return p.startsWith("/health/") || p.equals("/metrics");
  }

  /** Starts the drain (once): readiness fails, new requests are refused, every registered action runs. */
  public void begin() {
    if (!draining.compareAndSet(false, true)) return;
    listeners.values().forEach(Runnable::run);
    listeners.clear();
  }

  public boolean draining() {
    return draining.get();
  }

  /**
   * Requests admitted before the drain and not yet answered (open SSE responses among them;
   * WebSockets not), plus the work of every {@link #track}ed counter.
   */
  public int inFlight() {
    return inFlight.get() + busy.stream().mapToInt(IntSupplier::getAsInt).sum();
  }

  /** Work besides requests the node waits for before it closes (push deliveries in flight). */
  public void track(IntSupplier work) {
    busy.add(work);
  }

  /**
   * Runs {@code action} on {@code context} (null: on the draining thread) when the drain begins, at
   * once if it already has. Returns what unregisters it (call it when the stream ends by itself).
   */
  public Runnable onDrain(Context context, Runnable action) {
    Object key = new Object();
    Runnable onContext = context == null ? action : () -> context.runOnContext(v -> action.run());
    listeners.put(key, onContext);
    if (draining.get() && listeners.remove(key) != null) onContext.run();
    return () -> listeners.remove(key);
  }

  /** {@link #onDrain} on the calling thread's Vert.x context. */
  public Runnable onDrain(Runnable action) {
    return onDrain(Vertx.currentContext(), action);
  }
}
