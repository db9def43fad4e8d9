package onego.server.infra;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import onego.router.store.DatabaseFault;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node's PostgreSQL pool ({@link Database#pool}): no acquisition timer (the race of
 * vertx-sql-client#1567 needs one), so a request waits for a connection until one is free; one beyond
 * the wait queue fails at once as UNAVAILABLE (a 503), not as a bug (a 500).
 */
class DatabasePoolTest {
  @Test
  void waitersHaveNoAcquisitionTimerAndOneBeyondTheQueueIsUnavailable() throws Exception {
    assertThat(Database.poolOptions(8).getConnectionTimeout()).as("no acquisition timer per waiter").isZero();
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = Database.pool(vertx, TestServices.pgUrl(), 1);
      SqlConnection held = await(pool.getConnection());
      List<Future<Integer>> waiting = new ArrayList<>();
      for (int k = 0; k < Database.MAX_WAITERS; k++) waiting.add(pool.query("SELECT 1").execute().map(rs -> rs.size()));
      Throwable beyond = await(pool.query("SELECT 1").execute().map(rs -> (Throwable) null).recover(Future::succeededFuture));
      assertThat(beyond).as("the request beyond the queue").isNotNull();
      assertThat(DatabaseFault.of(beyond)).isEqualTo(DatabaseFault.UNAVAILABLE);
      await(held.close());
      assertThat(await(Future.all(waiting)).list()).as("every waiter served once a connection is free").hasSize(Database.MAX_WAITERS)
          .containsOnly(1);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
