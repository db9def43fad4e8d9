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
 *
 * <p>No announcement is lost between a poll's claim and its wait. Each department counts the announcements it has
 * heard, and a poll records that count before each of its claims: the caller reads it with {@link #seen} before the
 * claim that precedes {@link #await}, a turn when it takes the poll. A poll that starts or goes back to waiting with
 * announcements heard since (their burst may have found no poll to wake while its claim ran, and the claim's
 * snapshot may have missed their items) arms a burst as those announcements would have, unless one is armed.
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
   * The number of {@code ItemQueued} announcements of {@code department} this node has heard, to be read before the
   * claim that precedes {@link #await} and passed to it. The first call for a department registers its consumer and
   * answers once the registration has reached the cluster (an announcement published before that is not heard; a
   * claim made after it is), on the caller's context; later calls answer at once. A failed registration still
   * answers (the polls then rely on their deadline's claim).
   */
  Future<Long> seen(String department) {
    Department d = departments.computeIfAbsent(department, this::listen);
    if (d.listening.isComplete()) return Future.succeededFuture(d.arrivals());
    Context here = vertx.getOrCreateContext();
    Promise<Long> seen = Promise.promise();
    d.listening.onComplete(ar -> here.runOnContext(v -> seen.complete(d.arrivals())));
    return seen.future();
  }

  /**
   * Waits up to {@code ms} milliseconds for work of {@code department} in {@code lane} (a {@code DispatchSettings#lane}),
   * then answers what {@code claim} leased: at its turn in a burst, or once more at the deadline (the deadline's
   * claim finds what no turn took). Answers an empty list at once when the node drains.
   *
   * @param limit the poll's {@code limit}: a claim that leased this many passes the turn on
   * @param seen  what {@link #seen} answered before the poll's own claim: when announcements came since, a burst
   *              is armed for them at once
   */
  Future<JsonArray> await(String department, String lane, int limit, long ms, long seen, Supplier<Future<JsonArray>> claim) {
    Waiter w = new Waiter(lane, limit, System.nanoTime() + ms * 1_000_000, claim, Promise.promise(), vertx.getOrCreateContext());
    w.seen = seen;
    departments.computeIfAbsent(department, this::listen).wait(w, ms);
    return w.answer.future();
  }

  /** A node's shutdown: every waiting poll answers an empty list now, and new ones do not wait. */
  void drain() {
    draining = true;
    for (Department d : departments.values()) {
      for (Waiter w : d.takeAll()) {
        vertx.cancelTimer(w.timer);
        answerEmpty(w);
      }
    }
  }

  private static void answerEmpty(Waiter w) {
    w.context.runOnContext(v -> w.answer.tryComplete(new JsonArray()));
  }

  private Department listen(String department) {
    Department d = new Department();
    d.listening = EventPublisher.dropsQueuedOnUnregister(vertx.eventBus().<Object>consumer(EventPublisher.DEPT_PREFIX + department, m -> {
      if (m.body() instanceof JsonObject e && EventType.ItemQueued.name().equals(e.getString("type"))) d.arrived();
    })).completion();
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
    /** The department's announcement count before this poll's last claim; guarded by the department's lock. */
    long seen;

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
    private long arrivals;
    /** The consumer's registration; set once by {@link #listen} before the department is published. */
    volatile Future<Void> listening;

    synchronized long arrivals() {
      return arrivals;
    }

    void wait(Waiter w, long ms) {
      boolean refused;
      boolean wake = false;
      synchronized (this) {
        refused = draining;
        if (!refused) {
          w.timer = vertx.setTimer(Math.max(1, ms), t -> deadline(w));
          lanes.computeIfAbsent(w.lane, l -> new ArrayDeque<>()).addLast(w);
          wake = missed(w);
        }
      }
      if (refused) answerEmpty(w);
      else if (wake) gather();
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
        arrivals++;
        if (armed) return;
        armed = true;
      }
      gather();
    }

    /**
     * Whether {@code w}, waiting now, needs a burst armed for it: announcements came after its last claim began
     * (that claim may not have seen their items) and no burst is armed to turn its lane. Arms it when so. Under the lock.
     */
    private boolean missed(Waiter w) {
      if (w.seen == arrivals || armed) return false;
      armed = true;
      return true;
    }

    /** The burst's timer: after {@link #WAKE_DELAY_MS}, the first poll of every lane takes its turn. */
    private void gather() {
      vertx.setTimer(WAKE_DELAY_MS, t -> {
        List<String> waiting;
        synchronized (this) {
          armed = false;
          waiting = new ArrayList<>(lanes.keySet());
        }
        waiting.forEach(this::turn);
      });
    }

    /** Gives the first poll waiting in {@code lane} its turn, if there is one. */
    private void turn(String lane) {
      Waiter w;
      synchronized (this) {
        ArrayDeque<Waiter> q = lanes.get(lane);
        w = q == null ? null : q.pollFirst();
        if (w != null) w.seen = arrivals;
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
        if (!waitAgain(w)) w.answer.tryComplete(items);
      }));
    }

    /**
     * Puts {@code w}, whose turn found nothing, back at the head of its lane for the rest of its wait, with a burst
     * armed when announcements came during its claim; false when it is to answer now (its deadline passed, or the
     * node drains: checked under the lock, so a {@link #takeAll} cannot run between the check and the return).
     */
    private boolean waitAgain(Waiter w) {
      long left = (w.deadlineNanos - System.nanoTime()) / 1_000_000;
      boolean wake;
      synchronized (this) {
        if (left <= 0 || draining) return false;
        w.timer = vertx.setTimer(left, t -> deadline(w));
        lanes.computeIfAbsent(w.lane, l -> new ArrayDeque<>()).addFirst(w);
        wake = missed(w);
      }
      if (wake) gather();
      return true;
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
