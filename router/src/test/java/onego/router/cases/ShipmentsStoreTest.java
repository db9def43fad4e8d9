package onego.router.cases;

import io.vertx.core.Future;
import onego.domain.Actor;
import onego.domain.DomainError;
import onego.domain.ProgressEvent;
import onego.router.Await;
import onego.router.StoreTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static onego.router.StoreTestDatabase.column;
import static onego.router.cases.CaseFixtures.created;
import static onego.router.cases.CaseFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * EMS deliveries as rows (一次送达 by EMS邮寄): a due waybill request goes to one claimer at a time,
 * shipping and giving up happen once each, a failed one is listed and replayed once, and a logistics
 * report is applied once per webhook-id.
 */
class ShipmentsStoreTest {
  private static PublishedEvents published;
  private static CaseLog log;
  private static Shipments shipments;

  @BeforeAll
  static void wire() {
    published = new PublishedEvents(StoreTestDatabase.vertx());
    log = new CaseLog(StoreTestDatabase.pool(), published.publisher(), CaseFixtures.ZONE, new RecordingAuditSink());
    shipments = new Shipments(StoreTestDatabase.pool(), log);
  }

  @BeforeEach
  void reset() {
    StoreTestDatabase.resetTables();
  }

  /** A case with an EMS delivery due for its waybill request, as its end leaves it. */
  private UUID pending() {
    UUID caseId = created(log, item("a", "dept-a")).caseId();
    StoreTestDatabase.sql("INSERT INTO result_deliveries (case_id, method, address, certificates, created_at, outcome, status, next_attempt_at,"
        + " updated_at) VALUES ($1, 'ems', '湖南省衡阳市蒸湘区解放大道1号', '[]', now(), 'COMPLETED', 'WAYBILL_PENDING', now(), now())", caseId);
    return caseId;
  }

  private List<String> types(UUID caseId) {
    return published.of(caseId).stream().map(ProgressEvent::type).toList();
  }

  @Test
  void aDueRequestGoesToOneClaimerAtATime() {
    UUID caseId = pending();
    var first = shipments.claimDue(10, 60_000);
    var second = shipments.claimDue(10, 60_000);
    Await.result(Future.all(first, second));
    assertThat(first.result().size() + second.result().size()).as("claimed once").isEqualTo(1);
    assertThat(column("SELECT attempts FROM result_deliveries WHERE case_id = $1", caseId)).containsExactly("1");
    assertThat(Await.result(shipments.claimDue(10, 60_000))).as("not due again within its lease").isEmpty();
  }

  @Test
  void givingUpAndShippingHappenOnceEach() {
    UUID caseId = pending();
    Await.result(shipments.failed(caseId, "HTTP 503"));
    Await.result(shipments.failed(caseId, "HTTP 503"));
    assertThat(types(caseId).stream().filter(t -> t.equals("ResultsShipmentFailed"))).hasSize(1);
    assertThat(Await.result(shipments.shipped(caseId, "EMS1CN"))).as("a failed delivery is not shipped after all").isFalse();

    UUID other = pending();
    assertThat(Await.result(shipments.shipped(other, "EMS2CN"))).isTrue();
    assertThat(Await.result(shipments.shipped(other, "EMS2CN"))).isFalse();
    assertThat(types(other).stream().filter(t -> t.equals("ResultsShipped"))).hasSize(1);
  }

  @Test
  void aReportIsAppliedOncePerWebhookIdAndNothingAfterSigned() {
    UUID caseId = pending();
    Await.result(shipments.shipped(caseId, "EMS3CN"));
    assertThat(Await.result(shipments.track("w-0", "EMS404CN", "SIGNED"))).isEqualTo(Shipments.Tracked.UNKNOWN_WAYBILL);
    assertThat(Await.result(shipments.track("w-1", "EMS3CN", "SIGNED"))).isEqualTo(Shipments.Tracked.APPLIED);
    assertThat(Await.result(shipments.track("w-1", "EMS3CN", "SIGNED"))).isEqualTo(Shipments.Tracked.REPEATED);
    assertThat(Await.result(shipments.track("w-2", "EMS3CN", "IN_TRANSIT"))).isEqualTo(Shipments.Tracked.IGNORED);
    assertThat(column("SELECT status FROM result_deliveries WHERE case_id = $1", caseId)).containsExactly("SIGNED");
    assertThat(types(caseId).stream().filter(t -> t.startsWith("Results"))).containsExactly("ResultsShipped", "ResultsSigned");
  }

  @Test
  void aFailedRequestIsListedAndReplayedOnceThenClaimedAfresh() {
    UUID failed = pending();
    UUID waiting = pending();
    Await.result(shipments.claimDue(10, 0)); // one attempt each
    Await.result(shipments.failed(failed, "HTTP 503"));
    List<Shipments.FailedWaybill> list = Await.result(shipments.failedList(10));
    assertThat(list).extracting(Shipments.FailedWaybill::caseId).containsExactly(failed);
    assertThat(list.get(0).attempts()).isEqualTo(1);
    assertThat(list.get(0).lastError()).isEqualTo("HTTP 503");

    Actor admin = new Actor("key:ops", "admin", null);
    Await.result(shipments.replay(admin, failed));
    assertThat(column("SELECT status || ':' || attempts FROM result_deliveries WHERE case_id = $1", failed)).containsExactly("WAYBILL_PENDING:0");
    assertThat(types(failed)).endsWith("ResultsShipmentFailed", "ResultsShipmentRetried");
    assertThat(Await.result(shipments.failedList(10))).isEmpty();
    assertThat(((DomainError) Await.failure(shipments.replay(admin, failed))).kind()).as("a second replay")
        .isEqualTo(DomainError.Kind.ILLEGAL_TRANSITION);
    assertThat(((DomainError) Await.failure(shipments.replay(admin, waiting))).kind()).as("one that never failed")
        .isEqualTo(DomainError.Kind.ILLEGAL_TRANSITION);
    UUID noDelivery = created(log, item("a", "dept-a")).caseId();
    assertThat(((DomainError) Await.failure(shipments.replay(admin, noDelivery))).kind()).isEqualTo(DomainError.Kind.NOT_FOUND);
    assertThat(types(failed).stream().filter(t -> t.equals("ResultsShipmentRetried"))).as("one event for one replay").hasSize(1);

    assertThat(Await.result(shipments.claimDue(10, 60_000))).extracting(Shipments.Due::caseId).as("due again at once, attempts afresh")
        .contains(failed);
    assertThat(column("SELECT attempts FROM result_deliveries WHERE case_id = $1", failed)).containsExactly("1");
  }
}
