package onego.server.hotline;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import onego.domain.ProgressEvent;
import onego.router.store.DatabaseFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps the Redis status view current: every batch of events committed on this node marks its
 * cases; marked cases are re-read from PostgreSQL in batches (one query per batch) and written to
 * Redis newest-seq-wins. Bursts coalesce: after a quiet spell a mark is flushed within
 * {@link #QUIET_MS}, but a flush starts no sooner than {@link #COALESCE_MS} after the one before, and
 * takes every case marked by then; so under load (push dispatch: one outcome per department, a few
 * milliseconds apart) a case is re-read about once per that window however often it moved, and its
 * view shows the status committed last, at most about that long later. When Redis fails, the cases stay marked and are
 * retried; when PostgreSQL fails, their cached views are deleted so readers fall back to it.
 * The set of marked cases is bounded; past it a case's view may lag until its next event or TTL.
 */
public final class StatusViewUpdater extends VerticleBase implements Consumer<List<ProgressEvent>> {
  private static final Logger log = LoggerFactory.getLogger(StatusViewUpdater.class);
  static final int BATCH = 200;
  static final int MAX_MARKED = 50_000;
  /** How long a mark after a quiet spell waits for company. */
  static final long QUIET_MS = 10;
  /** The least time between the starts of two flushes, unless a full batch waits (a case changed again meanwhile is re-read once). */
  static final long COALESCE_MS = 100;
  private static final long RETRY_MS = 2_000;

  private final Function<List<UUID>, Future<Map<UUID, StatusView>>> views;
  private final StatusViewCache cache;
  private final LinkedHashSet<UUID> marked = new LinkedHashSet<>();
  private boolean flushing;
  private long lastFlushNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(COALESCE_MS);
  private boolean scheduled;
  private long overflowed;

  public StatusViewUpdater(HotlineQueries queries, StatusViewCache cache) {
    this(queries::views, cache);
  }

  /** {@code views}: the cases' current views, read from the log ({@link HotlineQueries#views} but for tests). */
  StatusViewUpdater(Function<List<UUID>, Future<Map<UUID, StatusView>>> views, StatusViewCache cache) {
    this.views = views;
    this.cache = cache;
  }

  /** Called by the event publisher on the committing thread; hops onto this verticle's context. */
  @Override
  public void accept(List<ProgressEvent> events) {
    if (context == null) return;
    List<UUID> ids = events.stream().map(ProgressEvent::caseId).distinct().toList();
    context.runOnContext(v -> mark(ids));
  }

  private void mark(List<UUID> ids) {
    for (UUID id : ids) {
      if (marked.size() >= MAX_MARKED && !marked.contains(id)) {
        if (overflowed++ % 10_000 == 0) log.warn("hotline view updates are {} cases behind; some views lag until their next event", MAX_MARKED);
        continue;
      }
      marked.add(id);
    }
    schedule(nextFlushMs());
  }

  /** When the next flush may start: {@link #QUIET_MS} from now, or {@link #COALESCE_MS} after the last one started if later. */
  private long nextFlushMs() {
    long since = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastFlushNanos);
    return Math.max(QUIET_MS, COALESCE_MS - since);
  }

  private void schedule(long delayMs) {
    if (scheduled || flushing || marked.isEmpty()) return;
    scheduled = true;
    Runnable run = () -> {
      scheduled = false;
      flush();
    };
    if (delayMs <= 0) context.runOnContext(v -> run.run());
    else vertx.setTimer(delayMs, t -> run.run());
  }

  private void flush() {
    if (marked.isEmpty()) return;
    if (!cache.available()) {
      schedule(RETRY_MS);
      return;
    }
    flushing = true;
    lastFlushNanos = System.nanoTime();
    List<UUID> batch = new ArrayList<>(Math.min(BATCH, marked.size()));
    var it = marked.iterator();
    while (it.hasNext() && batch.size() < BATCH) {
      batch.add(it.next());
      it.remove();
    }
    views.apply(batch)
        .compose(this::store, e -> {
          if (DatabaseFault.poolClosed(e)) log.debug("hotline view refresh met the closed pool (the node is stopping)");
          else log.warn("hotline view refresh could not read PostgreSQL: {}", e.toString());
          return cache.delete(batch);
        })
        .onComplete(ar -> {
          flushing = false;
          if (ar.failed()) {
            marked.addAll(batch);
            schedule(RETRY_MS);
          } else {
            // a full batch left over goes at once (a backlog); a partial one gathers for a while again
            schedule(marked.size() >= BATCH ? 0 : nextFlushMs());
          }
        });
  }

  private Future<Void> store(Map<UUID, StatusView> views) {
    List<Future<Boolean>> writes = views.values().stream().map(cache::put).toList();
    return Future.all(writes).mapEmpty();
  }
}
