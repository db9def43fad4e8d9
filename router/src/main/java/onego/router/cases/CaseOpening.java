package onego.router.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Actor;
import onego.domain.CaseStatus;
import onego.domain.EventType;
import onego.domain.Ids;
import onego.domain.ItemSelection;
import onego.domain.ItemSpec;
import onego.domain.ItemStatus;
import onego.domain.Thing;
import onego.domain.Times;
import onego.domain.WorkingCalendar;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How a case opens (一表申请, 一窗受理; the rules of every later change are {@link ItemFlow}'s): the
 * case is SUBMITTED; each chosen item starts QUEUED, or WAITING while a chosen item it depends on
 * is unfinished (一次联办, the catalog's {@code dependsOn}); each gets its due date from the
 * working-day calendar (限时办结, the item's {@code timeLimitDays}); a waiting item's clock has not
 * started (contract: counted from release), so its {@code dueAt} is an estimate counted from when its
 * prerequisites are due at the latest, replaced by the count from the day it is released
 * ({@link Clocks#settle}); the first events are CaseSubmitted (with
 * every item and its status) and ItemQueued for each queued item.
 */
public final class CaseOpening {
  /**
   * What the applicant filed, as intake checked it.
   *
   * @param submittedBy   the caller (API key name or JWT principal); {@code submitter} the same as the audit trail records it
   * @param applicantId   resident ID number or unified social credit code (canonical)
   * @param agent         who filed for the applicant (帮办代办): {name, idNumber, phone, relation, authorization}, or null
   * @param prerequisites proofs of prerequisites held elsewhere, as stored ({item, ecertRef | sharedData, ...})
   */
  public record Filing(String channel, String submittedBy, Actor submitter, String applicantId, String applicantPhone,
                       JsonObject applicant, JsonObject form, JsonArray materials, JsonArray commitments, JsonObject delivery,
                       JsonObject agent, String agentId, JsonArray prerequisites) {}

  private final WorkingCalendar calendar;

  public CaseOpening(WorkingCalendar calendar) {
    this.calendar = calendar;
  }

  /** The new case of {@code thing} with the {@code chosen} items (in the catalog's order), opened now. */
  public NewCase open(Thing thing, List<ItemSpec> chosen, Filing f) {
    UUID caseId = Ids.newId();
    OffsetDateTime now = Times.now(calendar.zone());
    List<ItemRow> items = new ArrayList<>();
    Map<String, OffsetDateTime> due = new HashMap<>();
    for (int i = 0; i < chosen.size(); i++) {
      ItemSpec spec = chosen.get(i);
      List<String> deps = ItemSelection.effectiveDependencies(spec, chosen);
      ItemStatus status = deps.isEmpty() ? ItemStatus.QUEUED : ItemStatus.WAITING;
      items.add(ItemRow.opened(Ids.newId(), caseId, i, spec.code(), spec.name(), spec.department(), status, deps,
          dueAt(spec, chosen, now, due), spec.timeLimitDays(), now));
    }
    List<NewEvent> events = new ArrayList<>();
    JsonArray summary = new JsonArray();
    items.forEach(it -> summary.add(new JsonObject().put("itemId", it.itemId().toString()).put("code", it.code())
        .put("status", it.status().name())));
    events.add(NewEvent.ofCase(EventType.CaseSubmitted, CaseStatus.SUBMITTED.name(),
        new JsonObject().put("thing", thing.code()).put("channel", f.channel()).put("items", summary)));
    for (ItemRow it : items) {
      if (it.status() == ItemStatus.QUEUED) {
        events.add(NewEvent.ofItem(EventType.ItemQueued, it.itemId(), it.status().name(), it.department(), new JsonObject().put("code", it.code())));
      }
    }
    CaseRow row = new CaseRow(caseId, thing.code(), CaseStatus.SUBMITTED, f.channel(), f.submittedBy(), f.applicantId(),
        f.applicantPhone(), f.applicant(), f.form(), f.materials(), f.commitments(), f.delivery(), f.agent(), f.agentId(),
        f.prerequisites(), events.size(), now, now);
    return new NewCase(row, List.copyOf(items), List.copyOf(events), f.submitter());
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
}
