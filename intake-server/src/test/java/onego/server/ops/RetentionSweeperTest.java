package onego.server.ops;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import onego.server.infra.Database;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionSweeperTest {
  @Test
  void deletesOnlyRowsPastTheirRetention() throws Exception {
    TestServices.resetTables();
    String key = "INSERT INTO idempotency_keys (caller, key, request_hash, case_id, status_code, response, created_at) "
        + "VALUES ('key:test', '%s', 'h', gen_random_uuid(), 201, '{}', now() - interval '%s')";
    TestServices.sql(String.format(key, "old", "49 hours"));
    TestServices.sql(String.format(key, "day-old", "25 hours"));
    TestServices.sql(String.format(key, "fresh", "1 hour"));
    String callback = "INSERT INTO department_callbacks (department, event_id, item_id, response, created_at) "
        + "VALUES ('health', '%s', gen_random_uuid(), '{}', now() - interval '%s')";
    TestServices.sql(String.format(callback, "e-old", "31 days"));
    TestServices.sql(String.format(callback, "e-new", "29 days"));
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = Database.pool(vertx, TestServices.pgUrl(), 2);
      RetentionSweeper sweeper = new RetentionSweeper(pool, ZoneId.of("Asia/Shanghai"), List.of(
          new RetentionSweeper.Rule("idempotency_keys", "created_at", Duration.ofHours(48)),
          new RetentionSweeper.Rule("department_callbacks", "created_at", Duration.ofDays(30))));
      int deleted = sweeper.sweep().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(deleted).isEqualTo(2);
      assertThat(TestServices.column("SELECT key FROM idempotency_keys ORDER BY key")).containsExactly("day-old", "fresh");
      assertThat(TestServices.column("SELECT event_id FROM department_callbacks")).containsExactly("e-new");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
