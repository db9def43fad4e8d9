package onego.domain;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class SecureRandomsTest {
  @Test
  void eachThreadHasItsOwnDrbgAndKeepsIt() throws Exception {
    SecureRandom mine = SecureRandoms.current();
    assertSame(mine, SecureRandoms.current());
    assertEquals("DRBG", mine.getAlgorithm());
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      assertNotSame(mine, other.submit(SecureRandoms::current).get(10, TimeUnit.SECONDS));
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void idsDrawnOnManyThreadsAtOnceAreUniqueVersion7() throws Exception {
    Set<UUID> ids = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Future<?>[] done = new Future<?>[8];
      for (int t = 0; t < done.length; t++) {
        done[t] = pool.submit(() -> {
          for (int i = 0; i < 20_000; i++) ids.add(Ids.newId());
        });
      }
      for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(160_000, ids.size());
    ids.forEach(id -> {
      assertEquals(7, id.version());
      assertEquals(2, id.variant());
    });
  }
}
