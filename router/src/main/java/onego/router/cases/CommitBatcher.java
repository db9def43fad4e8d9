package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Group commit (the intake writer's idea, for anything written many small times): items queue
 * here and are written {@code maxBatch} at a time by {@code write}, at most {@code maxConcurrent}
 * writes at once. A batch goes out at once when a write slot is free, so nothing waits at low
 * load; under load, items gather while the writes run and share one transaction. When a batch
 * fails, each of its items is written on its own by {@code single}, so one bad item fails only
 * itself. Not thread-safe: one instance per event loop (dispatch outcomes: the dispatch verticle's,
 * bounded by the lanes' credits; audited reads: one per event loop, see the audit trail).
 *
 * @param <T> one item (a dispatch outcome, an audit entry)
 * @param <R> what writing it answers
 */
public final class CommitBatcher<T, R> {
  private record Pending<T, R>(T outcome, Promise<R> promise) {}

  private final int maxBatch;
  private final int maxConcurrent;
  private final Function<List<T>, Future<List<R>>> write;
  private final Function<T, Future<R>> single;
  private final ArrayDeque<Pending<T, R>> pending = new ArrayDeque<>();
  private int writing;

  /** {@code write} answers one result per outcome, in order; {@code single} writes one outcome alone. */
  public CommitBatcher(int maxBatch, int maxConcurrent, Function<List<T>, Future<List<R>>> write, Function<T, Future<R>> single) {
    this.maxBatch = maxBatch;
    this.maxConcurrent = maxConcurrent;
    this.write = write;
    this.single = single;
  }

  /** Queues one outcome; completes when it is committed (with its batch or alone). */
  public Future<R> add(T outcome) {
    Promise<R> p = Promise.promise();
    pending.add(new Pending<>(outcome, p));
    pump();
    return p.future();
  }

  /** Outcomes queued or being written. */
  public int size() {
    return pending.size();
  }

  private void pump() {
    while (!pending.isEmpty() && writing < maxConcurrent) {
      List<Pending<T, R>> batch = new ArrayList<>(Math.min(maxBatch, pending.size()));
      while (!pending.isEmpty() && batch.size() < maxBatch) batch.add(pending.poll());
      writing++;
      flush(batch).onComplete(v -> {
        writing--;
        pump();
      });
    }
  }

  private Future<Void> flush(List<Pending<T, R>> batch) {
    Future<List<R>> written;
    try {
      written = write.apply(batch.stream().map(Pending::outcome).toList());
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    return written.<Void>transform(ar -> {
      if (ar.succeeded()) {
        for (int k = 0; k < batch.size(); k++) batch.get(k).promise().complete(ar.result().get(k));
        return Future.succeededFuture();
      }
      if (batch.size() == 1) {
        batch.get(0).promise().fail(ar.cause());
        return Future.succeededFuture();
      }
      List<Future<R>> each = new ArrayList<>(batch.size());
      for (Pending<T, R> p : batch) {
        Future<R> f;
        try {
          f = single.apply(p.outcome());
        } catch (RuntimeException e) {
          f = Future.failedFuture(e);
        }
        each.add(f.onComplete(p.promise()));
      }
      return Future.join(each).<Void>mapEmpty().otherwiseEmpty();
    });
  }
}
