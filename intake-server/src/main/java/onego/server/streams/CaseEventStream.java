package onego.server.streams;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import onego.router.cases.EventPublisher;
import onego.server.config.StreamSettings;

import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One case's events for one subscriber, every seq after the starting point exactly once and in
 * order, first from PostgreSQL and then live from the (clustered) event bus.
 *
 * <p>The consumer is registered first and live events are held while PostgreSQL is read; once the
 * read is done the held events are drained, skipping seqs already sent. A live event whose seq is
 * not the next one (a lost or overtaken publish) sends the stream back to PostgreSQL. Everything
 * runs on the context that called {@link #start}, so no field needs a lock.
 *
 * <p>The stream reads through two seams, {@link History} and {@link Live}; the public constructor
 * wires them to {@link EventQueries#after} and an event-bus consumer of {@code case.<id>}.
 */
public final class CaseEventStream {
  /** Where events go; answers false when the subscriber cannot take more (the stream then stops). */
  public interface Sink {
    boolean send(JsonObject event);
  }

  /** The case's stored events: up to {@code limit} with seq greater than {@code after}, in seq order. */
  @FunctionalInterface
  interface History {
    Future<List<JsonObject>> after(int after, int limit);
  }

  /** The case's live events: {@code onEvent} gets each one published from now on, until unsubscribed. */
  @FunctionalInterface
  interface Live {
    Subscription subscribe(Handler<JsonObject> onEvent);
  }

  /** A live subscription: {@code ready} completes once events flow; {@code unsubscribe} stops them. */
  record Subscription(Future<Void> ready, Runnable unsubscribe) {}

  private final History history;
  private final Live live;
  private final Sink sink;
  private final Handler<Throwable> onFailure;
  private final int page;
  private final int maxPending;
  private final TreeMap<Integer, JsonObject> pending = new TreeMap<>();

  private Subscription subscription;
  private int lastSent;
  private boolean catchingUp = true;
  private boolean pendingOverflowed;
  private boolean closed;
  /** A live event was held after the read in flight was issued: that read may predate its predecessors' commit. */
  private boolean heldSinceRead;

  public CaseEventStream(Vertx vertx, EventQueries queries, UUID caseId, int after, Sink sink, Handler<Throwable> onFailure,
                         StreamSettings settings) {
    this((from, limit) -> queries.after(caseId, from, limit), eventBus(vertx, caseId), after, sink, onFailure, settings);
  }

  CaseEventStream(History history, Live live, int after, Sink sink, Handler<Throwable> onFailure, StreamSettings settings) {
    this.history = history;
    this.live = live;
    this.lastSent = after;
    this.sink = sink;
    this.onFailure = onFailure;
    this.page = settings.catchUpPage();
    this.maxPending = settings.maxPendingLive();
  }

  /** The case's events on the (clustered) event bus, as {@link EventPublisher} publishes them. */
  private static Live eventBus(Vertx vertx, UUID caseId) {
    return onEvent -> {
      MessageConsumer<JsonObject> consumer = EventPublisher.dropsQueuedOnUnregister(
          vertx.eventBus().consumer(EventPublisher.CASE_PREFIX + caseId, m -> onEvent.handle(m.body())));
      return new Subscription(consumer.completion(), consumer::unregister);
    };
  }

  /** Subscribes, then catches up; completes when the stream is live. */
  public Future<Void> start() {
    subscription = live.subscribe(this::onLive);
    return subscription.ready().compose(v -> catchUp()).onFailure(e -> close());
  }

  public int lastSent() { return lastSent; }

  public void close() {
    if (closed) return;
    closed = true;
    pending.clear();
    if (subscription != null) subscription.unsubscribe().run();
  }

  private void onLive(JsonObject event) {
    if (closed) return;
    int seq = event.getInteger("seq");
    if (catchingUp) {
      hold(seq, event);
      return;
    }
    if (seq <= lastSent) return;
    if (seq == lastSent + 1) {
      deliver(event);
      return;
    }
    catchingUp = true;
    hold(seq, event);
    catchUp().onFailure(this::fail);
  }

  private void hold(int seq, JsonObject event) {
    if (seq <= lastSent) return;
    if (pending.size() >= maxPending) {
      pending.clear();
      pendingOverflowed = true;
      return;
    }
    pending.put(seq, event);
    heldSinceRead = true;
  }

  private Future<Void> catchUp() {
    pendingOverflowed = false;
    heldSinceRead = false;
    return history.after(lastSent, page).compose(this::afterRead);
  }

  private Future<Void> afterRead(List<JsonObject> events) {
    for (JsonObject e : events) {
      if (closed) return Future.succeededFuture();
      int seq = e.getInteger("seq");
      if (seq > lastSent) deliver(e);
    }
    if (closed) return Future.succeededFuture();
    if (events.size() == page || pendingOverflowed) return catchUp();
    return drainPending(events.isEmpty());
  }

  /**
   * Sends the held events in seq order. A hole sends the stream back to PostgreSQL. A published
   * event is committed after all its predecessors, so a read issued after it arrived sees them: a
   * hole that such a read found nothing for is not one any read will fill (an event published
   * without being committed), and waiting would loop; the held events are sent across it. A read
   * issued before the held event arrived proves nothing (the predecessor may have committed since,
   * its publish overtaken by a later one from another node): it is read again.
   */
  private Future<Void> drainPending(boolean readFoundNothing) {
    boolean holeIsFinal = readFoundNothing && !heldSinceRead;
    while (!pending.isEmpty() && !closed) {
      var first = pending.pollFirstEntry();
      int seq = first.getKey();
      if (seq <= lastSent) continue;
      if (seq != lastSent + 1 && !holeIsFinal) {
        pending.put(seq, first.getValue());
        return catchUp();
      }
      deliver(first.getValue());
    }
    catchingUp = false;
    return Future.succeededFuture();
  }

  private void deliver(JsonObject event) {
    lastSent = event.getInteger("seq");
    if (!sink.send(event)) close();
  }

  private void fail(Throwable e) {
    if (closed) return;
    close();
    onFailure.handle(e);
  }
}
