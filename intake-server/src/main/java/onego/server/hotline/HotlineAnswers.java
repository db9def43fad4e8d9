package onego.server.hotline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The hotline's rendered case answers (the masked JSON bytes of {@code GET /hotline/cases/{id}}, with
 * {@code handledBy}), kept per case <em>and view version</em> ({@link StatusView#lastSeq}): a look-up whose
 * current version is here answers these bytes without reading the view, rendering it again or asking the
 * federation table. A new event gives the case a new version and so a new key: an older version is never
 * answered for a newer one, whoever refreshes the view and whenever.
 *
 * <p>Bounds: at most {@value #MAX_BYTES} bytes of answers (least-used first out), each kept at most
 * {@value #MAX_AGE_SECONDS} s, and never past the instant its rendering would change with the clock alone
 * (an item turning overdue: {@link HotlineView#changesAt}). {@code handledBy} is the one part not versioned
 * by the case's events (a handoff is recorded before its item's dispatch event, so normally it is); it can lag
 * by up to {@value #MAX_AGE_SECONDS} s. Hits and misses are in {@code cache_gets_total{cache="hotline.answers"}}.
 */
public final class HotlineAnswers {
  static final long MAX_BYTES = 32L * 1024 * 1024;
  static final long MAX_AGE_SECONDS = 60;
  /** The metrics' {@code cache} tag. */
  public static final String NAME = "hotline.answers";

  private record Key(UUID caseId, int seq) {}

  /** {@code body}: the encoded answer; {@code changesAt}: when the clock alone changes it (null: never). */
  private record Answer(byte[] body, OffsetDateTime renderedAt, OffsetDateTime changesAt) {}

  private final Cache<Key, Answer> cache;

  /** An empty cache whose hit, miss, size and eviction figures go to {@code registry} under {@link #NAME}. */
  public HotlineAnswers(MeterRegistry registry) {
    cache = Caffeine.newBuilder()
        .maximumWeight(MAX_BYTES)
        .weigher((Key k, Answer a) -> a.body().length + 64)
        .expireAfter(Expiry.creating((Key k, Answer a) -> lifetime(a)))
        .recordStats()
        .build();
    CaffeineCacheMetrics.monitor(registry, cache, NAME);
  }

  private static Duration lifetime(Answer a) {
    Duration max = Duration.ofSeconds(MAX_AGE_SECONDS);
    if (a.changesAt() == null) return max;
    Duration left = Duration.between(a.renderedAt(), a.changesAt());
    return left.isNegative() ? Duration.ZERO : left.compareTo(max) < 0 ? left : max;
  }

  /** The answer of {@code caseId} at view version {@code seq}, or null when it is not here (or no longer true). */
  public byte[] get(UUID caseId, int seq) {
    Answer a = cache.getIfPresent(new Key(caseId, seq));
    return a == null ? null : a.body();
  }

  /** Keeps the answer rendered at {@code renderedAt} from version {@code seq}; {@code changesAt} as {@link HotlineView#changesAt}. */
  public void put(UUID caseId, int seq, byte[] body, OffsetDateTime renderedAt, OffsetDateTime changesAt) {
    cache.put(new Key(caseId, seq), new Answer(body, renderedAt, changesAt));
  }
}
