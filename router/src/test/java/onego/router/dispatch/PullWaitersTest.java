package onego.router.dispatch;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.EventType;
import onego.router.Await;
import onego.router.cases.EventPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PullWaiters} driven by claims the test answers by hand (no database): an announcement heard while a
 * waiting poll's claim runs, or between a poll's first claim and its wait, still wakes that poll, long before its
 * deadline. Which burst has run is read from a poll of a second lane (a burst turns the lanes in the order they
 * first had a poll), never from the clock; a poll woken only by its deadline ({@link #WAIT_MS}) fails the test.
 */
class PullWaitersTest {
  private static final String DEPT = "pull-dept";
  /** Far beyond {@link Await#TIMEOUT}. */
  private static final long WAIT_MS = 600_000;
  private static final JsonArray NOTHING = new JsonArray();
  private static final JsonArray ONE_ITEM = new JsonArray().add(new JsonObject().put("itemId", "item-2"));

  private Vertx vertx;
  private PullWaiters waiters;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    waiters = new PullWaiters(vertx);
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  /** One poll's claim function: every claim stays open until the test answers it. */
  private static final class Claims implements Supplier<Future<JsonArray>> {
    private final List<Claim> made = new CopyOnWriteArrayList<>();

    @Override
    public Future<JsonArray> get() {
      Claim c = new Claim(Vertx.currentContext(), Promise.promise());
      made.add(c);
      return c.result.future();
    }

    /** The {@code n}th claim (from 1), once made. */
    Claim nth(int n) {
      Await.until("claim " + n, () -> made.size() >= n);
      return made.get(n - 1);
    }
  }

  private record Claim(Context context, Promise<JsonArray> result) {
    /** Answers the claim on the poll's context; returns once the waiters have acted on the answer. */
    void answer(JsonArray items) {
      Promise<Void> done = Promise.promise();
      context.runOnContext(v -> {
        result.complete(items);
        done.complete();
      });
      Await.result(done.future());
    }
  }

  /** Publishes one {@code ItemQueued} of the department and waits until the waiters have heard {@code total} of them. */
  private void announce(long total) {
    vertx.eventBus().publish(EventPublisher.DEPT_PREFIX + DEPT, new JsonObject().put("type", EventType.ItemQueued.name()));
    Await.until("announcement " + total + " heard", () -> Await.result(waiters.seen(DEPT)) == total);
  }

  @Test
  void anArrivalAnnouncedWhileTheOnlyWaitingPollIsClaimingWakesItAgain() {
    Claims poll = new Claims();
    Claims otherLane = new Claims();
    long seen = Await.result(waiters.seen(DEPT));
    Future<JsonArray> answer = waiters.await(DEPT, "a", 10, WAIT_MS, seen, poll);
    waiters.await(DEPT, "b", 10, WAIT_MS, seen, otherLane);

    announce(1);
    Claim first = poll.nth(1);
    otherLane.nth(1).answer(NOTHING);
    announce(2); // item 2 commits while the poll's first claim runs
    otherLane.nth(2); // item 2's burst has run: lane a had no poll waiting
    first.answer(NOTHING); // item 1 went elsewhere; item 2 was not in that claim's snapshot

    poll.nth(2).answer(ONE_ITEM);
    assertThat(Await.result(answer)).isEqualTo(ONE_ITEM);
  }

  @Test
  void anArrivalAnnouncedBetweenAPollsFirstClaimAndItsWaitWakesIt() {
    Claims poll = new Claims();
    Claims otherLane = new Claims();
    long seen = Await.result(waiters.seen(DEPT)); // read before the poll's first claim, which finds nothing
    waiters.await(DEPT, "b", 10, WAIT_MS, seen, otherLane);
    announce(1); // the poll's item commits after that claim, before the poll waits
    otherLane.nth(1); // its burst has run, with no poll of lane a to wake

    Future<JsonArray> answer = waiters.await(DEPT, "a", 10, WAIT_MS, seen, poll);

    poll.nth(1).answer(ONE_ITEM);
    assertThat(Await.result(answer)).isEqualTo(ONE_ITEM);
  }

  @Test
  void aPollClaimingWhenTheNodeDrainsAnswersWhenItsClaimComesBackAndNewPollsDoNotWait() {
    Claims poll = new Claims();
    Future<JsonArray> answer = waiters.await(DEPT, "a", 10, WAIT_MS, Await.result(waiters.seen(DEPT)), poll);
    announce(1);
    Claim turn = poll.nth(1);

    waiters.drain();
    turn.answer(NOTHING);

    assertThat(Await.result(answer)).isEmpty();
    assertThat(Await.result(waiters.await(DEPT, "a", 10, WAIT_MS, 1, new Claims()))).isEmpty();
  }
}
