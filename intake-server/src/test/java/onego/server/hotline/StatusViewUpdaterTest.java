package onego.server.hotline;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import onego.domain.ProgressEvent;
import onego.server.infra.Redis;
import onego.server.infra.RedisCipher;
import onego.server.support.Await;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StatusViewUpdater} coalescing a burst: a case committed many times within its coalescing
 * window (push dispatch: one outcome per department, milliseconds apart) is re-read about twice,
 * and the Redis view still ends at the status committed last. The log is a counter here (seq and
 * status of the case now), the cache the real Redis one.
 */
class StatusViewUpdaterTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static StatusView view(UUID caseId, int seq, String status) {
    OffsetDateTime at = OffsetDateTime.parse("2026-12-07T10:00:00+08:00");
    return new StatusView(caseId, "newborn", "出生一件事", status, seq, null, at, at, new JsonObject(), null, List.of());
  }

  private static void commit(StatusViewUpdater updater, AtomicInteger committed, UUID caseId, int seq) {
    committed.set(seq);
    updater.accept(List.of(new ProgressEvent(caseId, seq, "ItemStatusChanged", null, "IN_PROGRESS", OffsetDateTime.now(), new JsonObject())));
  }

  private static void awaitView(StatusViewCache cache, UUID caseId, int seq) {
    Await.until("the view at seq " + seq, Duration.ofSeconds(10), () -> {
      try {
        StatusView v = await(cache.get(List.of(caseId))).get(caseId);
        return v != null && v.lastSeq() == seq;
      } catch (Exception e) {
        return false;
      }
    });
  }

  @Test
  void aBurstOfOneCaseIsReadAboutTwiceAndItsViewEndsAtTheLastStatus() throws Exception {
    Redis redis = await(Redis.connect(vertx, TestServices.redisUrl()));
    StatusViewCache cache = new StatusViewCache(vertx, redis, RedisCipher.randomForThisProcess(), 60);
    UUID caseId = UUID.randomUUID();
    int burst = 10;
    AtomicInteger committed = new AtomicInteger();
    AtomicInteger reads = new AtomicInteger();
    StatusViewUpdater updater = new StatusViewUpdater(ids -> {
      reads.incrementAndGet();
      int seq = committed.get();
      return Future.succeededFuture(Map.of(caseId, view(caseId, seq, seq == burst + 1 ? "COMPLETED" : "IN_PROGRESS")));
    }, cache);
    await(vertx.deployVerticle(updater));
    // a first commit, its view stored (Redis warmed up), then a quiet spell
    commit(updater, committed, caseId, 1);
    awaitView(cache, caseId, 1);
    Thread.sleep(2 * StatusViewUpdater.COALESCE_MS);
    int before = reads.get();

    // ten more commits of the case within 80 % of the coalescing window
    long gapMs = StatusViewUpdater.COALESCE_MS * 8 / 10 / burst;
    for (int seq = 2; seq <= burst + 1; seq++) {
      commit(updater, committed, caseId, seq);
      Thread.sleep(gapMs);
    }
    awaitView(cache, caseId, burst + 1);
    assertThat(await(cache.get(List.of(caseId))).get(caseId).status()).isEqualTo("COMPLETED");
    // the first commit after a quiet spell is read at once, the nine after it together one window later
    assertThat(reads.get() - before).as("ten commits within the window: re-read twice (three times if the machine stalled)").isBetween(1, 3);
  }
}
