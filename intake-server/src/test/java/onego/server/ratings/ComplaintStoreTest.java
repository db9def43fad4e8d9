package onego.server.ratings;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import onego.domain.Actor;
import onego.domain.ComplaintState;
import onego.domain.DomainError;
import onego.domain.WorkingCalendar;
import onego.router.cases.CaseLog;
import onego.router.cases.EventPublisher;
import onego.server.audit.AuditTrail;
import onego.server.infra.Database;
import onego.server.support.LiveNodeTest;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ComplaintStore} on its own against the real database: the overdue mark and the state machine's refusals. */
class ComplaintStoreTest extends LiveNodeTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final Actor TEST = Actor.system("test");
  private static Pool pool;

  @BeforeAll
  static void start() {
    startNode("");
    pool = Database.pool(node.vertx(), TestServices.pgUrl(), 2);
  }

  @AfterAll
  static void closePool() {
    if (pool != null) pool.close();
  }

  private static ComplaintStore store() {
    CaseLog cases = new CaseLog(pool, new EventPublisher(node.vertx()), ZONE, new AuditTrail(pool, ZONE));
    return new ComplaintStore(pool, cases, new WorkingCalendar(ZONE, Set.of(), Set.of()), 5);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static UUID file(ComplaintStore store, String department) throws Exception {
    return await(store.file(new ComplaintStore.NewComplaint("complaint", "filed", null, null, "hotline", department, null, "办理太慢", null,
        "key:dev-hotline"), TEST)).complaintId();
  }

  private static void pastDue(UUID id) {
    TestServices.sql("UPDATE complaints SET due_at = now() - interval '1 minute' WHERE complaint_id = '" + id + "'");
  }

  @Test
  void anUnansweredComplaintPastItsDeadlineIsMarkedOnceHoweverOftenAndByWhomeverTheScanRuns() throws Exception {
    ComplaintStore store = store();
    UUID late = file(store, "health");
    UUID answered = file(store, "health");
    UUID notYetDue = file(store, "health");
    await(store.answer(answered, "health", "已整改", "已答复", TEST));
    pastDue(late);
    pastDue(answered);

    assertThat(await(store.markOverdue(100))).isEqualTo(1);
    assertThat(await(store.markOverdue(100))).as("a second scan").isZero();
    assertThat(await(store().markOverdue(100))).as("another node, or after a restart").isZero();
    assertThat(await(store.get(late)).overdueAt()).isNotNull();
    assertThat(await(store.get(answered)).overdueAt()).as("answered in time").isNull();
    assertThat(await(store.get(notYetDue)).overdueAt()).isNull();
    assertThat(TestServices.column("SELECT level || ' ' || kind || ' ' || department FROM cards WHERE cause = 'complaint:" + late + "'"))
        .as("one red complaint card for the overdue one").containsExactly("red complaint health");
    assertThat(TestServices.count("SELECT count(*) FROM cards WHERE kind = 'complaint'")).as("none for the others").isEqualTo(1);
  }

  @Test
  void aStepTheStateDoesNotAllowIsRefusedAndAnotherDepartmentsComplaintIsNotFound() throws Exception {
    ComplaintStore store = store();
    UUID id = file(store, "health");
    assertThatThrownBy(() -> await(store.close(id, TEST))).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(DomainError.class, e -> assertThat(e.kind()).isEqualTo(DomainError.Kind.ILLEGAL_TRANSITION));
    assertThatThrownBy(() -> await(store.answer(id, "public-security", "x", "y", TEST))).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(DomainError.class, e -> assertThat(e.kind()).isEqualTo(DomainError.Kind.NOT_FOUND));
    assertThat(await(store.answer(id, "health", "已整改", "已答复", TEST)).state()).isEqualTo(ComplaintState.ANSWERED);
    assertThat(await(store.settle(id, false, c -> true, TEST)).reopened()).isEqualTo(1);
    assertThat(await(store.get(id)).state()).isEqualTo(ComplaintState.OPEN);
  }
}
