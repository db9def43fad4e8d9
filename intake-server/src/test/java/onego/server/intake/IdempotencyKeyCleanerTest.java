package onego.server.intake;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import onego.server.infra.Database;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyKeyCleanerTest {
  @Test
  void deletesOnlyKeysPastTheirRetention() throws Exception {
    TestServices.resetTables();
    String insert = "INSERT INTO idempotency_keys (caller, key, request_hash, case_id, status_code, response, created_at) "
        + "VALUES ('key:test', '%s', 'h', gen_random_uuid(), 201, '{}', now() - interval '%s')";
    TestServices.sql(String.format(insert, "old", "49 hours"));
    TestServices.sql(String.format(insert, "day-old", "25 hours"));
    TestServices.sql(String.format(insert, "fresh", "1 hour"));
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = Database.pool(vertx, TestServices.pgUrl(), 2);
      IdempotencyKeyCleaner cleaner = new IdempotencyKeyCleaner(new IntakeStore(pool), 48, ZoneId.of("Asia/Shanghai"));
      int deleted = cleaner.sweep().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(deleted).isEqualTo(1);
      assertThat(TestServices.count("SELECT count(*) FROM idempotency_keys WHERE key = 'old'")).isZero();
      assertThat(TestServices.count("SELECT count(*) FROM idempotency_keys")).as("keys younger than 48 h stay").isEqualTo(2);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
