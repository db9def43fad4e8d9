package onego.server.intake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.CaseStatus;
import onego.domain.EventType;
import onego.domain.Ids;
import onego.domain.ItemSelection;
import onego.domain.ItemSpec;
import onego.domain.ItemStatus;
import onego.domain.PrerequisiteClaims;
import onego.domain.Times;
import onego.domain.WorkingCalendar;
import onego.router.cases.NewCase;
import onego.router.cases.NewEvent;
import onego.server.audit.Actors;
import onego.server.web.Caller;
import onego.server.web.CaseLinks;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a validated submission into the rows of a new case: items start QUEUED, or WAITING
 * while a chosen item they depend on is unfinished; each gets its due date from the calendar,
 * marked {@code dueAtProvisional} in the 201 body when it lies past the configured calendar.
 */
public final class CaseFactory {
  private final WorkingCalendar calendar;

  public CaseFactory(WorkingCalendar calendar) {
    this.calendar = calendar;
  }

  /** The case {@code s} makes, with its 201 body, ready for the {@link IntakeWriter} under {@code caller}'s {@code key}. */
  public IntakeRequest create(Submission s, Caller caller, String key, String requestHash) {
    UUID caseId = Ids.newId();
    OffsetDateTime now = Times.now(calendar.zone());
    List<NewCase.NewItem> items = new ArrayList<>();
    Map<String, OffsetDateTime> due = new HashMap<>();
    for (int i = 0; i < s.items().size(); i++) {
      ItemSpec spec = s.items().get(i);
      List<String> deps = ItemSelection.effectiveDependencies(spec, s.items());
      ItemStatus status = deps.isEmpty() ? ItemStatus.QUEUED : ItemStatus.WAITING;
      items.add(new NewCase.NewItem(Ids.newId(), i, spec.code(), spec.name(), spec.department(), status.name(), deps,
          dueAt(spec, s.items(), now, due)));
    }
    List<NewEvent> events = new ArrayList<>();
    JsonArray itemSummary = new JsonArray();
    items.forEach(it -> itemSummary.add(new JsonObject().put("itemId", it.itemId().toString()).put("code", it.code()).put("status", it.status())));
    events.add(NewEvent.ofCase(EventType.CaseSubmitted, CaseStatus.SUBMITTED.name(),
        new JsonObject().put("thing", s.thing().code()).put("channel", caller.channel()).put("items", itemSummary)));
    for (NewCase.NewItem it : items) {
      if (it.status().equals(ItemStatus.QUEUED.name())) {
        events.add(NewEvent.ofItem(EventType.ItemQueued, it.itemId(), it.status(), it.department(), new JsonObject().put("code", it.code())));
      }
    }
    NewCase newCase = new NewCase(caseId, s.thing().code(), caller.channel(), caller.id(), s.applicantId(), s.applicantPhone(),
        s.applicant(), s.form(), s.materials(), s.commitments(), s.delivery(), s.agent(), s.agentId(),
        new JsonArray(s.prerequisites().stream().map(PrerequisiteClaims.Claim::toJson).toList()), now, List.copyOf(items), List.copyOf(events),
        Actors.of(caller));
    return new IntakeRequest(caller.id(), key, requestHash, newCase, response(caseId, s, caller, now, items, calendar));
  }

  /**
   * A waiting item's clock starts when its prerequisites are due at the latest, so the
   * deadlines of a chain (出生医学证明 → 户口登记 → 社保卡) add up instead of overlapping.
   */
  private OffsetDateTime dueAt(ItemSpec item, List<ItemSpec> chosen, OffsetDateTime now, Map<String, OffsetDateTime> memo) {
    OffsetDateTime known = memo.get(item.code());
    if (known != null) return known;
    OffsetDateTime start = now;
    for (String dep : ItemSelection.effectiveDependencies(item, chosen)) {
      ItemSpec d = chosen.stream().filter(c -> c.code().equals(dep)).findFirst().orElseThrow();
      OffsetDateTime depDue = dueAt(d, chosen, now, memo);
      if (depDue.isAfter(start)) start = depDue;
    }
    OffsetDateTime result = calendar.due(start, item.timeLimitDays());
    memo.put(item.code(), result);
    return result;
  }

  private static JsonObject response(UUID caseId, Submission s, Caller caller, OffsetDateTime now, List<NewCase.NewItem> items,
                                     WorkingCalendar calendar) {
    JsonArray arr = new JsonArray();
    for (NewCase.NewItem it : items) {
      arr.add(new JsonObject().put("itemId", it.itemId().toString()).put("code", it.code()).put("name", it.name())
          .put("department", it.department()).put("status", it.status()).put("dueAt", Times.format(it.dueAt()))
          .put("dueAtProvisional", calendar.provisional(it.dueAt())));
    }
    return new JsonObject()
        .put("caseId", caseId.toString())
        .put("thing", s.thing().code())
        .put("status", "SUBMITTED")
        .put("channel", caller.channel())
        .put("createdAt", Times.format(now))
        .put("items", arr)
        .put("links", CaseLinks.of(caseId));
  }
}
