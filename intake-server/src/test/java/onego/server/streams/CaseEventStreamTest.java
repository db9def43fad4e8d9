package onego.server.streams;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import onego.server.config.StreamSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the catch-up-then-live policy of {@link CaseEventStream}: the contract (openapi.yaml, the events routes)
 * "Progress events": {@code seq} is 1, 2, 3, ... per case, gap-free, and a stream resumes after
 * {@code Last-Event-ID}/{@code after} and then delivers new events as they happen. So every seq after
 * the starting point goes out exactly once and in order: the live subscription is made first, the
 * stored log is read page by page while live events are held, the held ones are drained after the
 * read, and a live event that is not the next seq sends the stream back to the log. The log and the
 * event bus are replaced by hand-completed {@link Promise}s and a captured handler; no Vert.x
 * instance, database or event bus runs.
 */
class CaseEventStreamTest {
  private static final int PAGE = 10;
  private static final int MAX_PENDING = 10;

  /** One read of the log the stream asked for; the test answers it. */
  private record Read(int after, int limit, Promise<List<JsonObject>> answer) {
    void with(int... seqs) { answer.complete(events(seqs)); }
  }

  private final List<Read> reads = new ArrayList<>();
  private final Promise<Void> ready = Promise.promise();
  private Handler<JsonObject> live;
  private int unsubscribed;
  private final List<Integer> sent = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();
  private int sinkCapacity = Integer.MAX_VALUE;

  private CaseEventStream stream(int after, int page, int maxPending) {
    CaseEventStream.History history = (from, limit) -> {
      Promise<List<JsonObject>> p = Promise.promise();
      reads.add(new Read(from, limit, p));
      return p.future();
    };
    CaseEventStream.Live subscribe = onEvent -> {
      live = onEvent;
      return new CaseEventStream.Subscription(ready.future(), () -> unsubscribed++);
    };
    CaseEventStream.Sink sink = e -> {
      sent.add(e.getInteger("seq"));
      return sent.size() < sinkCapacity;
    };
    StreamSettings settings = new StreamSettings(15_000, 256 * 1024, 256 * 1024, 100, page, maxPending, 20, java.util.Map.of(), 30, 75);
    return new CaseEventStream(history, subscribe, after, sink, failures::add, settings);
  }

  /** A stream after {@code after} that is subscribed and has asked for its first read. */
  private Future<Void> started(CaseEventStream s) {
    Future<Void> started = s.start();
    ready.complete();
    return started;
  }

  private static JsonObject event(int seq) {
    return new JsonObject().put("seq", seq).put("type", "ItemStatusChanged");
  }

  private static List<JsonObject> events(int... seqs) {
    return Arrays.stream(seqs).mapToObj(CaseEventStreamTest::event).toList();
  }

  private void publish(int... seqs) {
    for (int seq : seqs) live.handle(event(seq));
  }

  private Read read(int i) { return reads.get(i); }

  @Test
  void subscribesBeforeReadingTheLog() {
    CaseEventStream s = stream(0, PAGE, MAX_PENDING);
    s.start();
    assertThat(live).isNotNull();
    assertThat(reads).isEmpty();
    ready.complete();
    assertThat(reads).hasSize(1);
    assertThat(read(0).after()).isZero();
    assertThat(read(0).limit()).isEqualTo(PAGE);
  }

  @Test
  void catchesUpFromTheLogThenDeliversLiveEventsInOrder() {
    CaseEventStream s = stream(0, PAGE, MAX_PENDING);
    Future<Void> started = started(s);
    assertThat(started.isComplete()).isFalse();
    read(0).with(1, 2);
    assertThat(started.succeeded()).isTrue();
    publish(3, 4);
    assertThat(sent).containsExactly(1, 2, 3, 4);
    assertThat(s.lastSent()).isEqualTo(4);
    assertThat(reads).hasSize(1);
  }

  @Test
  void resumesAfterTheGivenSeq() {
    CaseEventStream s = stream(5, PAGE, MAX_PENDING);
    started(s);
    assertThat(read(0).after()).isEqualTo(5);
    read(0).with(6, 7);
    assertThat(sent).containsExactly(6, 7);
  }

  @Test
  void liveEventDuringCatchUpIsHeldAndDeliveredAfterTheRead() {
    CaseEventStream s = stream(0, PAGE, MAX_PENDING);
    started(s);
    publish(3);
    assertThat(sent).isEmpty();
    read(0).with(1, 2);
    assertThat(sent).containsExactly(1, 2, 3);
    assertThat(reads).hasSize(1);
  }

  @Test
  void liveEventHeldDuringCatchUpThatTheReadAlsoFoundGoesOutOnce() {
    CaseEventStream s = stream(0, PAGE, MAX_PENDING);
    started(s);
    publish(2, 3);
    read(0).with(1, 2, 3);
    assertThat(sent).containsExactly(1, 2, 3);
  }

  @Test
  void liveEventsAlreadySentAreDropped() {
    CaseEventStream s = stream(0, PAGE, MAX_PENDING);
    started(s);
    read(0).with(1, 2);
    publish(1, 2, 3, 3, 2);
    assertThat(sent).containsExactly(1, 2, 3);
    assertThat(reads).hasSize(1);
  }

  @Test
  void logEventsAtOrBeforeTheLastSentAreSkipped() {
    CaseEventStream s = stream(2, PAGE, MAX_PENDING);
    started(s);
    read(0).with(1, 2, 3);
    assertThat(sent).containsExactly(3);
  }

  @Test
  void gapInLiveEventsGoesBackToTheLogAndFillsIt() {
    CaseEventStream s = stream(0, PAGE, MAX_PENDING);
    started(s);
    read(0).with(1, 2);
    publish(5);
    assertThat(sent).containsExactly(1, 2);
    assertThat(reads).hasSize(2);
    assertThat(read(1).after()).isEqualTo(2);
    publish(6, 4);
    read(1).with(3, 4, 5);
    assertThat(sent).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(reads).hasSize(2);
    publish(7);
    assertThat(sent).containsExactly(1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void holeLeftAfterANonEmptyReadIsReadAgain() {
    CaseEventStream s = stream(0, PAGE, MAX_PENDING);
    started(s);
    publish(3);
    read(0).with(1);
    assertThat(sent).containsExactly(1);
    assertThat(reads).hasSize(2);
    assertThat(read(1).after()).isEqualTo(1);
    read(1).with(2);
    assertThat(sent).containsExactly(1, 2, 3);
  }

  @Test
  void aHoleThatAReadIssuedAfterTheHeldEventsCannotFillIsCrossed() {
    CaseEventStream s = stream(0, PAGE, MAX_PENDING);
    Future<Void> started = started(s);
    publish(2, 3);
    read(0).with();
    assertThat(sent).as("the first read was issued before 2 and 3 arrived: it proves nothing").isEmpty();
    assertThat(reads).hasSize(2);
    read(1).with();
    assertThat(sent).containsExactly(2, 3);
    assertThat(reads).hasSize(2);
    assertThat(started.succeeded()).isTrue();
    publish(4);
    assertThat(sent).containsExactly(2, 3, 4);
  }

  /** 1 commits while the first read runs, but its publish is overtaken by 2's (another node): 1 must not be lost. */
  @Test
  void aPredecessorCommittedDuringTheReadIsReadAgainNotLost() {
    CaseEventStream s = stream(0, PAGE, MAX_PENDING);
    started(s);
    publish(2);
    read(0).with();
    assertThat(sent).isEmpty();
    assertThat(read(1).after()).isZero();
    read(1).with(1, 2);
    publish(1);
    assertThat(sent).containsExactly(1, 2);
  }

  @Test
  void tooManyHeldEventsAreDroppedAndTheLogIsReadAgain() {
    CaseEventStream s = stream(0, PAGE, 2);
    started(s);
    publish(1, 2, 3);
    read(0).with();
    assertThat(sent).isEmpty();
    assertThat(reads).hasSize(2);
    assertThat(read(1).after()).isZero();
    read(1).with(1, 2, 3);
    assertThat(sent).containsExactly(1, 2, 3);
    assertThat(reads).hasSize(2);
  }

  @Test
  void eventsHeldAfterAnOverflowAreStillDelivered() {
    CaseEventStream s = stream(0, PAGE, 2);
    started(s);
    publish(1, 2, 3, 4);
    read(0).with(1);
    assertThat(read(1).after()).isEqualTo(1);
    read(1).with(2, 3);
    assertThat(sent).containsExactly(1, 2, 3, 4);
  }

  @Test
  void fullPagesAreFollowedByAnotherReadUntilAShortPage() {
    CaseEventStream s = stream(0, 2, MAX_PENDING);
    Future<Void> started = started(s);
    read(0).with(1, 2);
    read(1).with(3, 4);
    assertThat(started.isComplete()).isFalse();
    read(2).with(5);
    assertThat(reads).extracting(Read::after).containsExactly(0, 2, 4);
    assertThat(reads).extracting(Read::limit).containsOnly(2);
    assertThat(sent).containsExactly(1, 2, 3, 4, 5);
    assertThat(started.succeeded()).isTrue();
  }

  @Test
  void fullLastPageEndsWithAnEmptyRead() {
    CaseEventStream s = stream(0, 2, MAX_PENDING);
    Future<Void> started = started(s);
    read(0).with(1, 2);
    read(1).with();
    assertThat(reads).hasSize(2);
    assertThat(started.succeeded()).isTrue();
  }

  @Test
  void sinkThatRefusesClosesTheStreamAndUnsubscribes() {
    sinkCapacity = 2;
    CaseEventStream s = stream(0, PAGE, MAX_PENDING);
    started(s);
    publish(4);
    read(0).with(1, 2, 3);
    assertThat(sent).containsExactly(1, 2);
    assertThat(unsubscribed).isEqualTo(1);
    publish(5);
    assertThat(sent).containsExactly(1, 2);
    assertThat(reads).hasSize(1);
  }

  @Test
  void sinkThatRefusesALiveEventClosesTheStream() {
    sinkCapacity = 3;
    CaseEventStream s = stream(0, PAGE, MAX_PENDING);
    started(s);
    read(0).with(1, 2);
    publish(3, 4);
    assertThat(sent).containsExactly(1, 2, 3);
    assertThat(unsubscribed).isEqualTo(1);
  }

  @Test
  void closeUnsubscribesOnceAndStopsDelivery() {
    CaseEventStream s = stream(0, PAGE, MAX_PENDING);
    started(s);
    read(0).with(1);
    s.close();
    s.close();
    publish(2);
    assertThat(sent).containsExactly(1);
    assertThat(unsubscribed).isEqualTo(1);
  }

  @Test
  void failedFirstReadFailsTheStartAndUnsubscribes() {
    CaseEventStream s = stream(0, PAGE, MAX_PENDING);
    Future<Void> started = started(s);
    read(0).answer().fail("database down");
    assertThat(started.failed()).isTrue();
    assertThat(unsubscribed).isEqualTo(1);
    assertThat(failures).isEmpty();
  }

  @Test
  void failedSubscriptionFailsTheStartWithoutReading() {
    CaseEventStream s = stream(0, PAGE, MAX_PENDING);
    Future<Void> started = s.start();
    ready.fail("event bus down");
    assertThat(started.failed()).isTrue();
    assertThat(reads).isEmpty();
    assertThat(unsubscribed).isEqualTo(1);
  }

  @Test
  void failedReadAfterAGapReportsTheFailureAndCloses() {
    CaseEventStream s = stream(0, PAGE, MAX_PENDING);
    started(s);
    read(0).with(1);
    publish(3);
    read(1).answer().fail("database down");
    assertThat(failures).hasSize(1);
    assertThat(unsubscribed).isEqualTo(1);
    publish(2);
    assertThat(sent).containsExactly(1);
  }
}
