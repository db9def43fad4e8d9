package onego.router.dispatch;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.EventType;
import onego.router.cases.EventPublisher;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The long polls of this node waiting for a department's work, woken once per burst of arrivals instead of once
 * per item. One event-bus consumer per department (not one per poll) hears {@code ItemQueued} on
 * {@code dept.<code>}; the first announcement of a burst arms a timer of {@link #WAKE_DELAY_MS}, and the ones that
 * follow within it ride along. When it fires, the first poll waiting in each lane of the department claims
 * everything ready up to its limit; one that filled its limit passes the turn to the next poll of its lane (more may
 * be ready), one that got fewer ends the burst, and one that got nothing (another node or a poll without wait was
 * quicker) keeps its place at the head. So a burst costs one claim per poll that gets work, not one per waiting
 * poll, and the others go on waiting instead of answering an empty list at once.
 */
final class PullWaiters {
  /** How long the first announcement of a burst waits for the rest, in milliseconds: a few commits of a busy intake. */
  static final long WAKE_DELAY_MS = 5;

  private final Vertx vertx;
  private final Map<String, Department> departments = new ConcurrentHashMap<>();
  private volatile boolean draining;

  PullWaiters(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Waits up to {@code ms} milliseconds for work of {@code department} in {@code lane} (a {@code DispatchSettings#lane}),
   * then answers what {@code claim} leased: at its turn in a burst, or once more at the deadline (an announcement
   * may be lost; the deadline's claim finds its items). Answers an empty list at once when the node drains.
   *
   * @param limit the poll's {@code limit}: a claim that leased this many passes the turn on
   */
  Future<JsonArray> await(String department, String lane, int limit, long ms, Supplier<Future<JsonArray>> claim) {
    Waiter w = new Waiter(lane, limit, System.nanoTime() + ms * 1_000_000, claim, Promise.promise(), vertx.getOrCreateContext());
    Department d = departments.computeIfAbsent(department, this::listen);
    d.wait(w, ms);
    if (draining) drain();
    return w.answer.future();
  }

  /** A node's shutdown: every waiting poll answers an empty list now, and new ones do not wait. */
  void drain() {
    draining = true;
    for (Department d : departments.values()) {
      for (Waiter w : d.takeAll()) {
        vertx.cancelTimer(w.timer);
        w.context.runOnContext(v -> w.answer.tryComplete(new JsonArray()));
      }
    }
  }

  private Department listen(String department) {
    Department d = new Department();
    EventPublisher.dropsQueuedOnUnregister(vertx.eventBus().<Object>consumer(EventPublisher.DEPT_PREFIX + department, m -> {
      if (m.body() instanceof JsonObject e && EventType.ItemQueued.name().equals(e.getString("type"))) d.arrived();
    }));
    return d;
  }

  private static final class Waiter {
    final String lane;
    final int limit;
    final long deadlineNanos;
    final Supplier<Future<JsonArray>> claim;
    final Promise<JsonArray> answer;
    final Context context;
    volatile long timer;

    Waiter(String lane, int limit, long deadlineNanos, Supplier<Future<JsonArray>> claim, Promise<JsonArray> answer, Context context) {
      this.lane = lane;
      this.limit = limit;
      this.deadlineNanos = deadlineNanos;
      this.claim = claim;
      this.answer = answer;
      this.context = context;
    }
  }

  /** One department's waiting polls, per lane in arrival order; guarded by its own lock (polls come in on every event loop). */
  private final class Department {
    private final Map<String, ArrayDeque<Waiter>> lanes = new LinkedHashMap<>();
    private boolean armed;

    void wait(Waiter w, long ms) {
      synchronized (this) {
        w.timer = vertx.setTimer(Math.max(1, ms), t -> deadline(w));
        lanes.computeIfAbsent(w.lane, l -> new ArrayDeque<>()).addLast(w);
      }
    }

    private void deadline(Waiter w) {
      boolean mine;
      synchronized (this) {
        ArrayDeque<Waiter> q = lanes.get(w.lane);
        mine = q != null && q.remove(w);
      }
      // a poll taking its turn now answers from that turn
      if (mine) w.context.runOnContext(v -> w.claim.get().onComplete(w.answer));
    }

    void arrived() {
      synchronized (this) {
        if (armed) return;
        armed = true;
      }
      vertx.setTimer(WAKE_DELAY_MS, t -> {
        List<String> waiting;
        synchronized (this) {
          armed = false;
          waiting = new ArrayList<>(lanes.keySet());
        }
        waiting.forEach(this::turn);
      });
    }

    private void turn(String lane) {
      Waiter w;
      synchronized (this) {
        ArrayDeque<Waiter> q = lanes.get(lane);
        w = q == null ? null : q.pollFirst();
      }
      if (w == null) return;
      vertx.cancelTimer(w.timer);
      w.context.runOnContext(v -> w.claim.get().onComplete(ar -> {
        if (ar.failed()) {
          w.answer.tryFail(ar.cause());
          return;
        }
        JsonArray items = ar.result();
        if (!items.isEmpty()) {
          w.answer.tryComplete(items);
          if (items.size() >= w.limit) turn(lane);
          return;
        }
        long left = (w.deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0 || draining) {
          w.answer.tryComplete(items);
          return;
        }
        synchronized (this) {
          w.timer = vertx.setTimer(left, t -> deadline(w));
          lanes.computeIfAbsent(lane, l -> new ArrayDeque<>()).addFirst(w);
        }
      }));
    }

    synchronized List<Waiter> takeAll() {
      List<Waiter> all = new ArrayList<>();
      for (ArrayDeque<Waiter> q : lanes.values()) {
        all.addAll(q);
        q.clear();
      }
      return all;
    }
  }
}
