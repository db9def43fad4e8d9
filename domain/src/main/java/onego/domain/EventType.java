package onego.domain;

/**
 * The types of a case's progress log ({@code openapi.yaml}, schema EventType); the {@code type} field of every
 * event is one of these names. Case events carry the case status, item events the item's.
 */
public enum EventType {
  /** Intake committed the case (一表申请); data: thing, channel, items. */
  CaseSubmitted,
  /** The case status followed from its items (IN_PROGRESS, NEEDS_SUPPLEMENT, ...). */
  CaseStatusChanged,
  CaseCompleted,
  CaseRejected,
  CaseWithdrawn,
  /**
   * 一次送达 (国办发〔2022〕32号 三(五)): the case ended (COMPLETED, REJECTED or WITHDRAWN) and what its
   * COMPLETED items issued is delivered once the way the applicant chose; data: outcome, method, status,
   * certificates, values, address, pickupCode (locker). Empty lists and status NOTHING_ISSUED when
   * nothing was issued.
   */
  ResultsDelivered,
  /** EMS: the logistics service issued the waybill; data: method, status (SHIPPED), waybill. */
  ResultsShipped,
  /** EMS: the logistics service reported a state on the way (IN_TRANSIT, OUT_FOR_DELIVERY); data: status, waybill. */
  ResultsTracked,
  /** EMS: the logistics service reported the parcel signed for (签收); data: status (SIGNED), waybill, signedAt. */
  ResultsSigned,
  /** EMS: every waybill request failed (logistics.maxAttempts); data: status (WAYBILL_FAILED), attempts, error. */
  ResultsShipmentFailed,
  /**
   * EMS: an operator asked for the waybill again after WAYBILL_FAILED ({@code POST /admin/waybills/{caseId}/replay});
   * data: status (WAYBILL_PENDING), attempts (those made before, now counted afresh).
   */
  ResultsShipmentRetried,
  /** 好差评: the applicant rated the finished case and the channel that took it; data: score, complaint, channel. */
  CaseRated,
  /** An item is ready for its department (at intake, once prerequisites completed, after a supplement or replay). */
  ItemQueued,
  /** The department has the item (a 2xx to the push, or a pull ack). */
  ItemDispatched,
  /** Every delivery attempt failed: the item is a dead letter until an admin replays it. */
  ItemDeliveryFailed,
  /** A department reported a status, or the flow cancelled the item. */
  ItemStatusChanged,
  /** 补正: the applicant supplied what a RETURNED item asked for. */
  SupplementSubmitted,
  /**
   * The department stopped the item's clock for one of its special procedures (status SUSPENDED);
   * data: code, procedure, procedureName, until (YYYY-MM-DD), note, dueAt.
   */
  ItemSuspended,
  /**
   * A special procedure ended (status IN_PROGRESS): the department resumed the item, or the watcher
   * did once {@code until} had passed; data: code, procedure, stoppedDays (of this suspension), dueAt (moved), reason.
   */
  ItemResumed,
  /** 容缺: owed materials handed in; data: materials (codes), items (codes); one event per item whose department needs them. */
  MaterialSupplied,
  /** 容缺: an owed material was not handed in by its due date; data: material, items, dueAt (a {@code waiver} card follows). */
  MaterialOverdue,
  /** 告知承诺 after-check by the department; data: code, material, outcome (confirmed|false), note. */
  CommitmentVerified,
  /** A COMPLETED item's approval withdrawn after a false commitment (status REVOKED); data: code, material, note, certificates. */
  ItemRevoked,
  /** 电子监察 yellow card: the item is due soon. */
  ItemDueSoon,
  /** 电子监察 red card: the item is overdue. */
  ItemOverdue,
  /** 好差评 of one item, booked to its department; data: code, department, score, complaint, complaintId. */
  ItemRated,
  /**
   * A complaint about the case was opened (a score ≤ 2, or filed by the hotline, admin or a channel);
   * data: complaintId, kind, department, state, dueAt. Never the complaint's contact or its filer.
   */
  ComplaintOpened,
  /** The department answered a complaint (整改 and reply); data: complaintId, kind, department, state. */
  ComplaintAnswered,
  /** The applicant or admin accepted the answer; data as ComplaintAnswered. */
  ComplaintConfirmed,
  /** The applicant or admin did not accept the answer: the complaint is OPEN again; data as ComplaintAnswered. */
  ComplaintReopened,
  /** Admin closed a confirmed complaint; data as ComplaintAnswered. */
  ComplaintClosed,
  /** An unanswered complaint passed its rectification deadline (raised once); data as ComplaintOpened. */
  ComplaintOverdue,
  /** 催办: the 12345 hotline urged the item's department; data: code, department, note. */
  ItemUrged;

  /** The event a case's move to {@code status} is announced with. */
  public static EventType ofCaseStatus(CaseStatus status) {
    return switch (status) {
      case COMPLETED -> CaseCompleted;
      case REJECTED -> CaseRejected;
      case WITHDRAWN -> CaseWithdrawn;
      default -> CaseStatusChanged;
    };
  }
}
