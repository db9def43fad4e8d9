package onego.router.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Actor;
import onego.domain.CaseStatus;
import onego.domain.Catalog;
import onego.domain.Material;
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
 * every item and its status) and ItemQueued for each queued item. Each material the chosen items
 * need that was neither supplied, nor listed in {@code commitments}, nor produced by a chosen item is
 * accepted under 容缺 (intake checked it is {@code waivable}): an obligation due in its
 * {@code waiverDays} working days; each commitment is an obligation of its department's after-check,
 * due in the material's {@code verificationDays} ({@link ObligationRow}).
 */
public final class CaseOpening {
  /**
   * What the applicant filed, as intake checked it.
   *
   * @param submittedBy   the caller (API key name or JWT principal); {@code submitter} the same as the audit trail records it
   * @param applicantId   resident ID number or unified social credit code (canonical)
   * @param agent         who filed for the applicant (帮办代办): {name, idNumber, phone, relation, authorization}, or null
   * @param prerequisites proofs of prerequisites held elsewhere, as stored ({item, ecertRef | sharedData, ...})
   * @param traceparent   the W3C trace context of the submitting request ({@code 00-<trace id>-<span id>-<flags>}), or null
   * @param region        where the case is handled: a 6-digit administrative division code
   */
  public record Filing(String channel, String submittedBy, Actor submitter, String applicantId, String applicantPhone,
                       JsonObject applicant, JsonObject form, JsonArray materials, JsonArray commitments, JsonObject delivery,
                       JsonObject agent, String agentId, JsonArray prerequisites, String traceparent,
                       String region) {}

  private final WorkingCalendar calendar;
  private final Catalog catalog;

  /** Opening without the catalog's materials: no 容缺 or 告知承诺 follow-ups are recorded. */
  public CaseOpening(WorkingCalendar calendar) {
    this(calendar, null);
  }

  /** {@code catalog}: the materials' {@code waiverDays} and {@code verificationDays}. */
  public CaseOpening(WorkingCalendar calendar, Catalog catalog) {
    this.calendar = calendar;
    this.catalog = catalog;
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
        f.prerequisites(), events.size(), now, now, f.traceparent(), f.region());
    return new NewCase(row, List.copyOf(items), List.copyOf(events), f.submitter(), obligations(thing, chosen, f, caseId, now));
  }

  /** The 容缺 and 告知承诺 follow-ups of the filing, in the order of the items' materials. */
  private List<ObligationRow> obligations(Thing thing, List<ItemSpec> chosen, Filing f, UUID caseId, OffsetDateTime now) {
    if (catalog == null) return List.of();
    java.util.Set<String> supplied = new java.util.HashSet<>();
    f.materials().forEach(m -> supplied.add(((JsonObject) m).getString("code")));
    java.util.Set<String> committed = new java.util.HashSet<>();
    f.commitments().forEach(c -> committed.add(String.valueOf(c)));
    List<String> codes = chosen.stream().map(ItemSpec::code).toList();
    Map<String, List<String>> needed = new java.util.LinkedHashMap<>();
    for (ItemSpec i : chosen) {
      for (String m : i.materials()) {
        if (ItemSelection.chosenSource(thing, i, m, codes) == null) needed.computeIfAbsent(m, k -> new ArrayList<>()).add(i.code());
      }
    }
    List<ObligationRow> out = new ArrayList<>();
    needed.forEach((code, users) -> {
      Material m = catalog.material(code);
      if (m == null || supplied.contains(code) || m.alternatives().stream().anyMatch(a -> supplied.contains(a) || committed.contains(a))) return;
      if (committed.contains(code)) {
        out.add(ObligationRow.opened(caseId, ObligationRow.COMMITMENT, code, users, calendar.due(now, m.verificationDays())));
      } else if (m.waivable()) {
        out.add(ObligationRow.opened(caseId, ObligationRow.WAIVER, code, users, calendar.due(now, m.waiverDays())));
      }
    });
    return out;
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
