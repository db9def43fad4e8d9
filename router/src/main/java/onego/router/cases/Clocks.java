package onego.router.cases;

import io.vertx.core.json.JsonObject;
import onego.domain.ItemClock;
import onego.domain.ItemStatus;
import onego.domain.WorkingCalendar;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * The item clocks of one change ({@link ItemClock} holds the rules): starts a clock when an item is
 * released (WAITING → QUEUED: {@code dueAt} counted afresh from that day, replacing the estimate
 * {@link CaseOpening} made from the prerequisites' due dates), stops it when the item is RETURNED or
 * SUSPENDED, and runs it again when the item leaves those states (supplement, resumption, a
 * withdrawal), moving {@code dueAt} by the working days the stop lasted.
 */
final class Clocks {
  private final WorkingCalendar calendar;

  Clocks(WorkingCalendar calendar) {
    this.calendar = calendar;
  }

  WorkingCalendar calendar() { return calendar; }

  /** The clock of {@code item} at {@code now}. */
  ItemClock of(ItemState item, OffsetDateTime now) {
    return item.toRow().clock(calendar, now);
  }

  /**
   * Ends the current stop of {@code item} at {@code now} (a suspension counts no further than its
   * {@code until}): its working days join {@code stoppedDays} and move {@code dueAt}; the
   * suspension is cleared. Answers the working days of this stop (0 when the clock was not stopped).
   */
  int restart(ItemState item, OffsetDateTime now) {
    if (item.clockStoppedAt == null) return 0;
    String until = item.suspension == null ? null : item.suspension.getString("until");
    int days = ItemClock.stopLength(calendar, item.clockStoppedAt, until == null ? null : LocalDate.parse(until), now);
    item.stoppedDays += days;
    item.dueAt = ItemClock.moved(calendar, item.dueAt, days);
    item.clockStoppedAt = null;
    item.suspension = null;
    item.dirty = true;
    return days;
  }

  /** Stops {@code item}'s clock at {@code now}; {@code suspension} {procedure, until, note} for a special procedure, else null. */
  void stop(ItemState item, OffsetDateTime now, JsonObject suspension) {
    if (item.clockStoppedAt == null) item.clockStoppedAt = now;
    item.suspension = suspension;
    item.dirty = true;
  }

  /**
   * After the work of a change: every item whose status changed gets its clock started, stopped or
   * run again as its new status says. Moves the flow already accounted for (a resumption that
   * reported its moved {@code dueAt}) are not counted twice.
   */
  void settle(CaseTransaction tx) {
    for (ItemState i : tx.items) {
      ItemStatus from = i.statusBefore();
      ItemStatus to = i.status;
      if (from == to) continue;
      if (from == ItemStatus.WAITING && to == ItemStatus.QUEUED) {
        i.dueAt = calendar.due(tx.now, i.limitDays);
        i.dirty = true;
      }
      if (ItemClock.stops(to)) {
        if (i.clockStoppedAt == null) stop(i, tx.now, i.suspension);
      } else if (i.clockStoppedAt != null) {
        restart(i, tx.now);
      }
    }
  }
}
