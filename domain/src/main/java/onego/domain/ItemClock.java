package onego.domain;

import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * An item's clock (限时办结; contract "Item status": {@code clock} {@code {"state", "usedDays", "limitDays", "stoppedDays"}}),
 * in working days of the {@link WorkingCalendar}.
 *
 * <p>The rules, written once here and applied by the router's item flow and every view:
 * <ul>
 *   <li>The clock starts when the item is released to its department (queued at intake, or when
 *       its prerequisites completed): {@code dueAt} = {@code timeLimitDays} working days from that
 *       day ({@link WorkingCalendar#due}). A WAITING item's clock has not started.</li>
 *   <li>It runs while the item is QUEUED, DISPATCHED, ACCEPTED, IN_PROGRESS or DELIVERY_FAILED
 *       (the platform's own failure is not the applicant's). It stops while the item is RETURNED
 *       (补正: the applicant owes papers) and SUSPENDED (one of the item's special procedures), and
 *       for good once the item is final.</li>
 *   <li>A stop that began on day S and ended on day R lasted the working days after S up to and
 *       including R ({@link #stopLength}); a suspension counts at most through its {@code until}.
 *       When the clock runs again, {@code dueAt} moves by exactly that many working days, so a 公示
 *       across a weekend and a holiday moves it by its working days only.</li>
 *   <li>{@code usedDays} = {@code limitDays} − the working days left until {@code dueAt}, plus the
 *       working days past it, counted at now (running), at the stop (stopped) or at the last change
 *       (final); {@code stoppedDays} = every finished stop plus the current one so far.</li>
 * </ul>
 *
 * @param running     whether the clock runs now
 * @param usedDays    working days counted against the limit so far (more than {@code limitDays} when overdue)
 * @param limitDays   the item's {@code timeLimitDays}
 * @param stoppedDays working days the clock stood still (补正, special procedures) so far
 */
public record ItemClock(boolean running, int usedDays, int limitDays, int stoppedDays) {
  private static final Set<ItemStatus> RUNS = EnumSet.of(ItemStatus.QUEUED, ItemStatus.DISPATCHED, ItemStatus.ACCEPTED,
      ItemStatus.IN_PROGRESS, ItemStatus.DELIVERY_FAILED);
  private static final Set<ItemStatus> STOPS = EnumSet.of(ItemStatus.RETURNED, ItemStatus.SUSPENDED);

  /**
   * What the clock is computed from, as the item row stores it.
   *
   * @param stoppedAt   when the current stop began (RETURNED, SUSPENDED), else null
   * @param stoppedDays working days of the finished stops
   * @param until       the last day of the current suspension, else null
   * @param updatedAt   the item's last change (when a final item stopped for good)
   */
  public record Facts(ItemStatus status, int limitDays, OffsetDateTime dueAt, OffsetDateTime stoppedAt, int stoppedDays,
                      LocalDate until, OffsetDateTime updatedAt) {}

  /**
   * The two lines the due-soon rule ({@link #dueSoon}) compares a {@code dueAt} with at one moment:
   * the end of today and the end of the next working day (both as {@link WorkingCalendar#due} writes
   * a deadline), so that a query can apply the rule to many items at once.
   */
  public record DueSoonLines(OffsetDateTime endOfToday, OffsetDateTime endOfNextWorkingDay) {
    /** The lines at {@code now}. */
    public static DueSoonLines at(WorkingCalendar calendar, OffsetDateTime now) {
      LocalDate today = now.atZoneSameInstant(calendar.zone()).toLocalDate();
      return new DueSoonLines(java.time.ZonedDateTime.of(today, java.time.LocalTime.of(23, 59, 59), calendar.zone()).toOffsetDateTime(),
          calendar.due(now, 1));
    }
  }

  /**
   * Due soon (黄牌预警, contract "Supervision": a yellow card one working day before {@code dueAt}): an item
   * whose clock runs, not past {@code dueAt}, with at most one working day left after today, and fewer
   * than half its time limit ({@code 2 × daysLeft < limitDays}); {@code daysLeft} = the working days after
   * today up to and including {@code dueAt}'s day (0 on the due day). So an item of 3 or more working
   * days turns yellow one working day before its due day; one of 1 or 2 working days only on its due
   * day, never on the day it was filed (a 1-day item filed today is due tomorrow, and one day left is
   * its whole limit, not a warning); a 即办 item (0 days) never (it is due the day it was received).
   * The deadline watcher and {@code /supervision/alerts?level=yellow} query the same rule
   * ({@link DueSoonLines}: {@code dueAt ≤ endOfToday} and {@code limitDays ≥ 1}, or
   * {@code dueAt ≤ endOfNextWorkingDay} and {@code limitDays ≥ 3}).
   */
  public static boolean dueSoon(WorkingCalendar calendar, OffsetDateTime dueAt, int limitDays, OffsetDateTime now) {
    if (dueAt.isBefore(now)) return false;
    DueSoonLines lines = DueSoonLines.at(calendar, now);
    return !dueAt.isAfter(lines.endOfToday()) && limitDays >= 1 || !dueAt.isAfter(lines.endOfNextWorkingDay()) && limitDays >= 3;
  }

  /** Whether an item in {@code status} has its clock running. */
  public static boolean runs(ItemStatus status) { return RUNS.contains(status); }

  /** Whether {@code status} stops a started clock until the item moves on (RETURNED, SUSPENDED). */
  public static boolean stops(ItemStatus status) { return STOPS.contains(status); }

  /** The clock of an item with {@code f} at {@code now}. */
  public static ItemClock of(Facts f, WorkingCalendar calendar, OffsetDateTime now) {
    int current = f.stoppedAt() == null ? 0 : stopLength(calendar, f.stoppedAt(), f.until(), now);
    int stopped = f.stoppedDays() + current;
    if (f.status() == ItemStatus.WAITING) return new ItemClock(false, 0, f.limitDays(), stopped);
    boolean running = runs(f.status());
    OffsetDateTime at = running ? now : f.stoppedAt() != null ? f.stoppedAt() : f.updatedAt();
    int used = f.limitDays() - workingDays(calendar, at, f.dueAt()) + workingDays(calendar, f.dueAt(), at);
    return new ItemClock(running, Math.max(0, used), f.limitDays(), stopped);
  }

  /**
   * The working days a stop that began at {@code stoppedAt} and ends at {@code end} takes off the
   * clock: the working days after the stop's day up to and including the end's day, and no further
   * than {@code until} when it is given (a suspension's last day). 0 when it ends on the day it began.
   */
  public static int stopLength(WorkingCalendar calendar, OffsetDateTime stoppedAt, LocalDate until, OffsetDateTime end) {
    LocalDate from = stoppedAt.atZoneSameInstant(calendar.zone()).toLocalDate();
    LocalDate to = end.atZoneSameInstant(calendar.zone()).toLocalDate();
    if (until != null && until.isBefore(to)) to = until;
    return calendar.workingDaysAfter(from, to);
  }

  /** {@code dueAt} moved by {@code days} working days (the end of the day, as {@link WorkingCalendar#due}); unchanged for 0. */
  public static OffsetDateTime moved(WorkingCalendar calendar, OffsetDateTime dueAt, int days) {
    return days <= 0 ? dueAt : calendar.due(dueAt, days);
  }

  /** The working days after {@code from}'s day up to and including {@code to}'s day (0 when {@code to} is not later). */
  private static int workingDays(WorkingCalendar calendar, OffsetDateTime from, OffsetDateTime to) {
    return calendar.workingDaysAfter(from.atZoneSameInstant(calendar.zone()).toLocalDate(), to.atZoneSameInstant(calendar.zone()).toLocalDate());
  }

  /** The contract's {@code clock} object: {"state": "running|stopped", "usedDays", "limitDays", "stoppedDays"}. */
  public JsonObject toJson() {
    return new JsonObject().put("state", running ? "running" : "stopped").put("usedDays", usedDays).put("limitDays", limitDays)
        .put("stoppedDays", stoppedDays);
  }
}
