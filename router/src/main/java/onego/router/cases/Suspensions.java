package onego.router.cases;

import io.vertx.core.json.JsonObject;
import onego.domain.Catalog;
import onego.domain.DomainError;
import onego.domain.ItemSpec;
import onego.domain.ProcedureLimit;
import onego.domain.SpecialProcedure;
import onego.domain.WorkingCalendar;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The rules of a department's SUSPENDED report (contract "Departments": "SUSPENDED needs a
 * {@code suspension} whose procedure the item lists, else 422"): {@code suspension} is
 * {@code {"procedure", "until"}}, the procedure one of the item's catalog {@code specialProcedures},
 * {@code until} a date (YYYY-MM-DD, the last day of the procedure, inclusive) not before today and
 * no more than the procedure's {@code maxDays} working days after today. Each refusal is a 422
 * naming {@code suspension}, {@code suspension.procedure} or {@code suspension.until}.
 */
final class Suspensions {
  private final Catalog catalog;
  private final WorkingCalendar calendar;

  Suspensions(Catalog catalog, WorkingCalendar calendar) {
    this.catalog = catalog;
    this.calendar = calendar;
  }

  /** The suspension of item {@code code} of {@code thing} reported at {@code now}, as stored: {procedure, until}. */
  JsonObject check(String thing, String code, JsonObject suspension, OffsetDateTime now) {
    if (suspension == null) throw DomainError.invalid("suspension", "a SUSPENDED report needs a suspension {procedure, until}");
    List<ProcedureLimit> listed = catalog.thing(thing).flatMap(t -> t.items().stream().filter(i -> i.code().equals(code)).findFirst())
        .map(ItemSpec::specialProcedures).orElse(List.of());
    String procedure = suspension.getValue("procedure") instanceof String s ? s : null;
    ProcedureLimit limit = SpecialProcedure.of(procedure)
        .flatMap(p -> listed.stream().filter(l -> l.procedure() == p).findFirst())
        .orElseThrow(() -> DomainError.invalid("suspension.procedure", listed.isEmpty()
            ? "item " + code + " lists no special procedure, so its clock cannot be suspended"
            : "item " + code + " lists only " + listed.stream().map(l -> l.procedure().code()).toList()));
    LocalDate until = until(suspension.getValue("until"));
    LocalDate today = now.atZoneSameInstant(calendar.zone()).toLocalDate();
    if (until.isBefore(today)) throw DomainError.invalid("suspension.until", "must not be before today (" + today + ")");
    int days = calendar.workingDaysAfter(today, until);
    if (days > limit.maxDays()) {
      throw DomainError.invalid("suspension.until", limit.procedure().chinese() + " (" + limit.procedure().code() + ") of item " + code
          + " lasts at most " + limit.maxDays() + " working days (" + limit.basis() + "); " + until + " is " + days + " working days away");
    }
    return new JsonObject().put("procedure", limit.procedure().code()).put("until", until.toString());
  }

  private static LocalDate until(Object value) {
    if (!(value instanceof String s)) throw DomainError.invalid("suspension.until", "a date YYYY-MM-DD is required");
    try {
      return LocalDate.parse(s);
    } catch (DateTimeException e) {
      throw DomainError.invalid("suspension.until", "not a date YYYY-MM-DD");
    }
  }

  /** The plain Chinese name of procedure {@code code} (公示), or the code itself when unknown. */
  static String chinese(String code) {
    return SpecialProcedure.of(code).map(SpecialProcedure::chinese).orElse(code);
  }
}
