package onego.router.commit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import onego.router.commit.CommitPolicy.Isolation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins {@link GroupCommitter} under every policy, without a database: the store is a write
 * function of the test that records every call, answers by hand while {@link #hold} is set (so a
 * test decides when a write commits), and otherwise refuses any write holding a member whose name
 * starts with "bad". The first member goes alone at once, members arriving while a write runs share
 * the next one (up to the batch size, at most so many writes at once, or waiting for company), the
 * admission limit refuses at once, and a failed batch is retried whole, split or written member by
 * member as the policy says, so that one bad member fails only itself.
 */
class GroupCommitterTest {
  private static Vertx vertx;

  /** Every call of the write function, with its members, in order. */
  private final List<List<String>> writes = new ArrayList<>();
  /** The writes answered by hand, in the order of their calls. */
  private final List<Promise<List<String>>> held = new ArrayList<>();
  /** The batch sizes the committer reported. */
  private final List<Integer> sizes = new ArrayList<>();
  private boolean hold = true;
  private int transientFailures;

  /** A failure the tests' classifier calls transient (a lost connection, a rolled-back transaction). */
  private static final class LostConnection extends RuntimeException {
    LostConnection() {
      super("connection lost");
    }
  }

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Future<List<String>> write(List<String> members) {
    writes.add(members);
    if (transientFailures > 0) {
      transientFailures--;
      return Future.failedFuture(new LostConnection());
    }
    if (hold) {
      Promise<List<String>> p = Promise.promise();
      held.add(p);
      return p.future();
    }
    List<String> bad = members.stream().filter(m -> m.startsWith("bad")).toList();
    return bad.isEmpty() ? Future.succeededFuture(written(members)) : Future.failedFuture("refused " + String.join(",", bad));
  }

  private static List<String> written(List<String> members) {
    return members.stream().map(m -> "in batch " + m).toList();
  }

  private GroupCommitter<String, String> committer(CommitPolicy policy) {
    return new GroupCommitter<>("test", vertx, policy, this::write, sizes::add);
  }

  private static CommitPolicy policy(Isolation onFailure, int transientRetries) {
    return new CommitPolicy(64, 0, 1, 1_000, onFailure, transientRetries, e -> e instanceof LostConnection);
  }

  /** Holds the first write, queues {@code members} behind it, then lets the store judge: they go as one batch. */
  private List<Future<String>> oneBatchAfterAHeldWrite(GroupCommitter<String, String> c, List<String> members) {
    c.add("first");
    List<Future<String>> added = members.stream().map(c::add).toList();
    hold = false;
    held.get(0).complete(written(List.of("first")));
    return added;
  }

  private static List<String> members(int n, int... bad) {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < n; k++) out.add("m" + k);
    for (int k : bad) out.set(k, "bad-" + k);
    return out;
  }

  @Test
  void itemsArrivingDuringAWriteShareTheNextOneUpToTheBatchSize() {
    GroupCommitter<String, String> b = committer(CommitPolicy.eachAlone(3, 1));
    Future<String> first = b.add("a");
    List<Future<String>> later = List.of(b.add("b"), b.add("c"), b.add("d"), b.add("e"));
    assertThat(writes).containsExactly(List.of("a"));
    assertThat(b.waiting()).isEqualTo(4);

    held.get(0).complete(written(List.of("a")));
    assertThat(first.result()).isEqualTo("in batch a");
    assertThat(writes).containsExactly(List.of("a"), List.of("b", "c", "d"));
    held.get(1).complete(written(List.of("b", "c", "d")));
    assertThat(writes).last().isEqualTo(List.of("e"));
    held.get(2).complete(written(List.of("e")));

    assertThat(later).extracting(Future::result).as("each member its own result, in order")
        .containsExactly("in batch b", "in batch c", "in batch d", "in batch e");
    assertThat(b.waiting()).isZero();
    assertThat(sizes).containsExactly(1, 3, 1);
  }

  @Test
  void concurrentWritesTakeFromTheSameQueue() {
    GroupCommitter<String, String> b = committer(CommitPolicy.eachAlone(10, 2));
    b.add("a");
    b.add("b");
    b.add("c");
    assertThat(writes).as("no wait for company: a partial batch goes whenever a slot is free").containsExactly(List.of("a"), List.of("b"));
    assertThat(b.waiting()).as("both slots taken").isEqualTo(1);
    held.get(1).complete(written(List.of("b")));
    assertThat(writes).last().isEqualTo(List.of("c"));
  }

  @Test
  void everySlotTakenHoldsEvenAFullBatch() {
    GroupCommitter<String, String> b = committer(CommitPolicy.eachAlone(2, 1));
    b.add("a");
    Future<String> c = b.add("b");
    b.add("c");
    assertThat(writes).containsExactly(List.of("a"));
    held.get(0).complete(written(List.of("a")));
    assertThat(writes).containsExactly(List.of("a"), List.of("b", "c"));
    assertThat(c.isComplete()).isFalse();
  }

  @Test
  void aPartialBatchWaitsForCompanyWhileAnotherCommitsAndTheTimerSendsIt() throws Exception {
    Context context = vertx.getOrCreateContext();
    // maxWaitMs 20, three slots: only the wait, never a full house, holds a partial batch back
    GroupCommitter<String, String> b = onContext(context, () -> committer(new CommitPolicy(3, 20, 3, 100, Isolation.SPLIT, 0,
        CommitPolicy.NEVER_TRANSIENT)));
    List<List<List<String>>> seen = onContext(context, () -> {
      List<List<List<String>>> steps = new ArrayList<>();
      b.add("a");
      b.add("b");
      steps.add(List.copyOf(writes));
      b.add("c");
      b.add("d");
      steps.add(List.copyOf(writes));
      b.add("e");
      steps.add(List.copyOf(writes));
      return steps;
    });
    assertThat(seen.get(0)).as("a goes at once (nothing commits); b waits for company").containsExactly(List.of("a"));
    assertThat(seen.get(1)).as("a full batch goes at once, even while a commits").containsExactly(List.of("a"), List.of("b", "c", "d"));
    assertThat(seen.get(2)).as("e waits").hasSize(2);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (onContext(context, writes::size) < 3) {
      assertThat(System.nanoTime()).as("the timer sends e").isLessThan(deadline);
      Thread.sleep(5);
    }
    assertThat(onContext(context, () -> writes.get(2))).containsExactly("e");
    assertThat(onContext(context, () -> held.get(0).future().isComplete() || held.get(1).future().isComplete()))
        .as("sent by the timer: no write had finished").isFalse();
    assertThat(onContext(context, () -> List.copyOf(sizes))).containsExactly(1, 3, 1);
  }

  @Test
  void pastMaxPendingAddFailsAtOnceWithOverloaded() {
    GroupCommitter<String, String> b = committer(new CommitPolicy(10, 0, 1, 2, Isolation.SPLIT, 0, CommitPolicy.NEVER_TRANSIENT));
    b.add("a");
    b.add("b");
    assertThat(b.full()).isFalse();
    b.add("c");
    assertThat(b.full()).as("two waiting: the next one would be refused").isTrue();

    Future<String> refused = b.add("d");
    assertThat(refused.failed()).isTrue();
    assertThat(refused.cause()).isInstanceOf(GroupCommitter.Overloaded.class).hasMessageContaining("test");
    assertThat(b.waiting()).isEqualTo(2);

    held.get(0).complete(written(List.of("a")));
    assertThat(writes).last().isEqualTo(List.of("b", "c"));
    assertThat(b.full()).isFalse();
    assertThat(b.add("e").isComplete()).as("admitted again").isFalse();
    assertThat(b.waiting()).isEqualTo(1);
  }

  @Test
  void aFailedBatchIsWrittenItemByItemSoOnlyTheBadOneFails() {
    GroupCommitter<String, String> b = committer(CommitPolicy.eachAlone(10, 1));
    List<Future<String>> added = oneBatchAfterAHeldWrite(b, List.of("good", "bad-one"));
    Future<String> good = added.get(0);
    Future<String> bad = added.get(1);

    assertThat(good.result()).isEqualTo("in batch good");
    assertThat(bad.failed()).isTrue();
    assertThat(bad.cause()).hasMessage("refused bad-one");
    assertThat(writes).containsExactly(List.of("first"), List.of("good", "bad-one"), List.of("good"), List.of("bad-one"));
  }

  @Test
  void eachAloneFindsTwoBadMembers() {
    GroupCommitter<String, String> b = committer(CommitPolicy.eachAlone(10, 1));
    List<Future<String>> added = oneBatchAfterAHeldWrite(b, members(4, 0, 3));
    assertThat(added).extracting(Future::succeeded).containsExactly(false, true, true, false);
    assertThat(added.get(3).cause()).hasMessage("refused bad-3");
    assertThat(writes).hasSize(2 + 4);
  }

  @Test
  void splitWritesHalvesDownToTheOneBadMember() {
    GroupCommitter<String, String> b = committer(policy(Isolation.SPLIT, 0));
    List<String> members = members(8, 5);
    List<Future<String>> added = oneBatchAfterAHeldWrite(b, members);

    for (int k = 0; k < 8; k++) {
      if (k == 5) continue;
      assertThat(added.get(k).result()).isEqualTo("in batch m" + k);
    }
    assertThat(added.get(5).cause()).hasMessage("refused bad-5");
    assertThat(writes).containsExactly(List.of("first"), members,
        members.subList(0, 4), members.subList(4, 8),
        List.of("m4", "bad-5"), List.of("m4"), List.of("bad-5"),
        List.of("m6", "m7"));
    assertThat(sizes).as("batches, not their parts").containsExactly(1, 8);
  }

  @Test
  void splitFindsTwoBadMembersAndCommitsEveryoneElse() {
    GroupCommitter<String, String> b = committer(policy(Isolation.SPLIT, 0));
    List<Future<String>> added = oneBatchAfterAHeldWrite(b, members(8, 1, 6));

    assertThat(added).extracting(Future::succeeded).containsExactly(true, false, true, true, true, true, false, true);
    assertThat(added.get(1).cause()).hasMessage("refused bad-1");
    assertThat(added.get(6).cause()).hasMessage("refused bad-6");
    assertThat(writes).contains(List.of("bad-1"), List.of("bad-6"));
  }

  @Test
  void failAllFailsEveryMemberWithTheBatchFailure() {
    GroupCommitter<String, String> b = committer(policy(Isolation.FAIL_ALL, 0));
    List<Future<String>> added = oneBatchAfterAHeldWrite(b, members(3, 2));
    assertThat(added).allSatisfy(f -> assertThat(f.cause()).hasMessage("refused bad-2"));
    assertThat(writes).hasSize(2);
  }

  @Test
  void aTransientFailureIsRetriedWholeAndThenCommits() {
    GroupCommitter<String, String> b = committer(policy(Isolation.SPLIT, 1));
    b.add("first");
    List<Future<String>> added = List.of(b.add("x"), b.add("y"));
    hold = false;
    transientFailures = 1;
    held.get(0).complete(written(List.of("first")));

    assertThat(added).extracting(Future::result).containsExactly("in batch x", "in batch y");
    assertThat(writes).containsExactly(List.of("first"), List.of("x", "y"), List.of("x", "y"));
  }

  @Test
  void aTransientFailureThatOutlastsTheRetriesFailsEveryMemberUnsplit() {
    GroupCommitter<String, String> b = committer(policy(Isolation.SPLIT, 2));
    b.add("first");
    List<Future<String>> added = List.of(b.add("x"), b.add("y"), b.add("z"));
    hold = false;
    transientFailures = 100;
    held.get(0).complete(written(List.of("first")));

    assertThat(added).allSatisfy(f -> assertThat(f.cause()).isInstanceOf(LostConnection.class));
    assertThat(writes).as("the batch and two retries, never split").hasSize(1 + 3)
        .last().isEqualTo(List.of("x", "y", "z"));
  }

  @Test
  void withoutATransientClassifierALostConnectionIsIsolatedLikeAnyFailure() {
    GroupCommitter<String, String> b = committer(CommitPolicy.eachAlone(10, 1));
    b.add("first");
    List<Future<String>> added = List.of(b.add("x"), b.add("y"));
    hold = false;
    transientFailures = 1;
    held.get(0).complete(written(List.of("first")));

    assertThat(added).extracting(Future::result).containsExactly("in batch x", "in batch y");
    assertThat(writes).containsExactly(List.of("first"), List.of("x", "y"), List.of("x"), List.of("y"));
  }

  @Test
  void aWriteThatThrowsFailsItsItemInsteadOfThrowingAtTheCaller() {
    GroupCommitter<String, String> b = new GroupCommitter<>("test", vertx, CommitPolicy.eachAlone(10, 1), items -> {
      throw new IllegalStateException("encoding failed");
    });
    Future<String> x = b.add("x");                        // alone in its batch: the batch's failure is its own
    assertThat(x.failed()).isTrue();
    assertThat(x.cause()).hasMessage("encoding failed");
    assertThat(b.waiting()).isZero();
  }

  @Test
  void aWriteThatThrowsForEveryPartFailsEachMemberWithIt() {
    Promise<List<String>> first = Promise.promise();
    GroupCommitter<String, String> b = new GroupCommitter<>("test", vertx, policy(Isolation.SPLIT, 1), items -> {
      writes.add(items);
      if (items.equals(List.of("first"))) return first.future();
      throw new IllegalStateException("encoding failed");
    });
    b.add("first");
    List<Future<String>> added = List.of(b.add("x"), b.add("y"), b.add("z"));
    first.complete(written(List.of("first")));

    assertThat(added).allSatisfy(f -> assertThat(f.cause()).isInstanceOf(IllegalStateException.class).hasMessage("encoding failed"));
    assertThat(writes).as("not transient: split, not retried").containsExactly(List.of("first"), List.of("x", "y", "z"),
        List.of("x"), List.of("y", "z"), List.of("y"), List.of("z"));
  }

  @Test
  void anAnswerOfTheWrongLengthFailsTheWrite() {
    GroupCommitter<String, String> b = committer(policy(Isolation.FAIL_ALL, 0));
    b.add("first");
    Future<String> y = b.add("y");
    Future<String> z = b.add("z");
    held.get(0).complete(written(List.of("first")));
    held.get(1).complete(List.of("one result for two"));

    assertThat(y.cause()).isInstanceOf(IllegalStateException.class).hasMessageContaining("a write of 2 members answered 1 results");
    assertThat(z.cause()).isSameAs(y.cause());
  }

  private static <V> V onContext(Context context, Supplier<V> work) throws Exception {
    CompletableFuture<V> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        done.complete(work.get());
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    });
    return done.get(10, TimeUnit.SECONDS);
  }
}
