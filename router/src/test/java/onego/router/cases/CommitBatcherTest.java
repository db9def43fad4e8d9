package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins {@link CommitBatcher}'s group commit (used for dispatch outcomes and audited reads): the
 * first item goes out alone at once, items arriving while a write runs share the next one (up to
 * the batch size), every item is answered with its own result, and a failed batch is retried item
 * by item so that one bad item fails only itself.
 */
class CommitBatcherTest {
  private final List<List<String>> batches = new ArrayList<>();
  private final List<Promise<List<String>>> writes = new ArrayList<>();

  private Future<List<String>> write(List<String> items) {
    batches.add(items);
    Promise<List<String>> p = Promise.promise();
    writes.add(p);
    return p.future();
  }

  private static Future<String> single(String item) {
    return item.startsWith("bad") ? Future.failedFuture("refused " + item) : Future.succeededFuture("alone " + item);
  }

  private static List<String> written(List<String> items) {
    return items.stream().map(i -> "in batch " + i).toList();
  }

  @Test
  void itemsArrivingDuringAWriteShareTheNextOneUpToTheBatchSize() {
    CommitBatcher<String, String> b = new CommitBatcher<>(3, 1, this::write, CommitBatcherTest::single);
    Future<String> first = b.add("a");
    List<Future<String>> later = List.of(b.add("b"), b.add("c"), b.add("d"), b.add("e"));
    assertThat(batches).containsExactly(List.of("a"));
    assertThat(b.size()).isEqualTo(4);

    writes.get(0).complete(written(List.of("a")));
    assertThat(first.result()).isEqualTo("in batch a");
    assertThat(batches).containsExactly(List.of("a"), List.of("b", "c", "d"));
    writes.get(1).complete(written(List.of("b", "c", "d")));
    assertThat(batches).last().isEqualTo(List.of("e"));
    writes.get(2).complete(written(List.of("e")));

    assertThat(later).extracting(Future::result).containsExactly("in batch b", "in batch c", "in batch d", "in batch e");
    assertThat(b.size()).isZero();
  }

  @Test
  void concurrentWritesTakeFromTheSameQueue() {
    CommitBatcher<String, String> b = new CommitBatcher<>(10, 2, this::write, CommitBatcherTest::single);
    b.add("a");
    b.add("b");
    b.add("c");
    assertThat(batches).containsExactly(List.of("a"), List.of("b"));
    writes.get(1).complete(written(List.of("b")));
    assertThat(batches).last().isEqualTo(List.of("c"));
  }

  @Test
  void aFailedBatchIsWrittenItemByItemSoOnlyTheBadOneFails() {
    CommitBatcher<String, String> b = new CommitBatcher<>(10, 1, this::write, CommitBatcherTest::single);
    b.add("first");
    Future<String> good = b.add("good");
    Future<String> bad = b.add("bad-one");
    writes.get(0).complete(written(List.of("first")));
    writes.get(1).fail("the batch's transaction rolled back");

    assertThat(good.result()).isEqualTo("alone good");
    assertThat(bad.failed()).isTrue();
    assertThat(bad.cause()).hasMessage("refused bad-one");
  }

  @Test
  void aWriteThatThrowsFailsItsItemInsteadOfThrowingAtTheCaller() {
    CommitBatcher<String, String> b = new CommitBatcher<>(10, 1, items -> {
      throw new IllegalStateException("encoding failed");
    }, CommitBatcherTest::single);
    Future<String> x = b.add("x");                        // alone in its batch: the batch's failure is its own
    assertThat(x.failed()).isTrue();
    assertThat(x.cause()).hasMessage("encoding failed");
    assertThat(b.size()).isZero();
  }
}
