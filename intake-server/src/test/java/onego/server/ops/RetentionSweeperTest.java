package onego.server.ops;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.AuditEntry;
import onego.domain.Times;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import onego.server.audit.AuditSealer;
import onego.server.audit.AuditTrail;
import onego.server.config.AuditSettings;
import onego.server.audit.AuditVerifier;
import onego.server.infra.Database;
import onego.server.support.AuditTables;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
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

  @Test
  void auditDaysPastRetentionGoWholeAndTheDaysKeptStillVerify() throws Exception {
    AuditTables.reset();
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = Database.pool(vertx, TestServices.pgUrl(), 2);
      AuditTrail trail = new AuditTrail(pool, zone);
      List<AuditEntry> entries = new ArrayList<>();
      for (String at : List.of("2019-03-01T09:00:00+08:00", "2019-03-01T10:00:00+08:00", "2019-03-02T10:00:00+08:00")) {
        entries.add(new AuditEntry(OffsetDateTime.parse(at), Actor.system("test"), AuditAction.CASE_READ, "430102199001011238", null, "test", null));
      }
      entries.add(new AuditEntry(Times.now(zone), Actor.system("test"), AuditAction.CASE_READ, "430102199001011238", null, "test", null));
      pool.withTransaction(conn -> trail.append(conn, entries)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      AuditSealer sealer = new AuditSealer(pool, new AuditSettings(50, 2000, 1000, 3000), new SimpleMeterRegistry());
      vertx.deployVerticle(sealer).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      AuditTables.awaitSealed();
      assertThat(TestServices.count("SELECT count(*) FROM audit_days")).isEqualTo(3);

      RetentionSweeper sweeper = new RetentionSweeper(pool, zone, List.of(
          RetentionSweeper.Rule.wholeDays("audit_log", "audit_purge", Duration.ofDays(1825))));
      int deleted = sweeper.sweep().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(deleted).isEqualTo(3);
      assertThat(TestServices.column("SELECT day FROM audit_days")).containsExactly(LocalDate.now(zone).toString());
      assertThat(TestServices.count("SELECT count(*) FROM audit_log")).isEqualTo(1);
      var verified = new AuditVerifier(vertx, pool, sealer.backlog()).verify(null).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(verified.ok()).as(String.valueOf(verified)).isTrue();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
