package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import onego.domain.Actor;
import onego.domain.CaseStatus;
import onego.domain.Catalog;
import onego.domain.EventType;
import onego.domain.ItemStatus;
import onego.domain.Times;
import onego.router.Await;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one place the store tests make new cases (so that a change of {@link NewCase} is adapted
 * here only). A fixture case is of a synthetic thing ({@link #THING}, in no catalog: the stores
 * never look it up) with the items given; like {@link CaseOpening}, an item waiting for nothing
 * starts QUEUED and one waiting for other items of the case starts WAITING, and the case's first
 * events are CaseSubmitted then ItemQueued per queued item. Later states come through the stores.
 */
public final class CaseFixtures {
  /** The time zone of every store under test (the calendar's default). */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  /** The thing code of fixture cases. */
  public static final String THING = "store-test-thing";
  /** The channel that submits fixture cases, as the audit trail names it. */
  public static final Actor CHANNEL = new Actor("key:store-tests", "channel", "pc");
  /** How long after submission a fixture item is due (calendar days; the stores only store it). */
  private static final int DUE_DAYS = 20;

  private CaseFixtures() {}

  /** A catalog with nothing in it: the stores then check no outputs and hand out no inputs. */
  public static Catalog emptyCatalog() {
    return new Catalog(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }

  /** One item of a fixture case: its code, its department, and the codes of the case's items it waits for. */
  public record ItemDraft(String code, String department, List<String> dependsOn) {}

  /** An item of {@code department} waiting for the items {@code dependsOn} (none: it starts QUEUED). */
  public static ItemDraft item(String code, String department, String... dependsOn) {
    return new ItemDraft(code, department, List.of(dependsOn));
  }

  /** A case about to be created, with the ids it will have. */
  public record CaseDraft(NewCase newCase) {
    public UUID caseId() { return newCase.caseId(); }

    /** The id of the item with {@code code}. */
    public UUID itemId(String code) {
      return newCase.items().stream().filter(i -> i.code().equals(code)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no item " + code)).itemId();
    }

    /** How many events the case starts with (seq 1 to this). */
    public int firstEvents() { return newCase.events().size(); }
  }

  /** A case of {@link #THING} with these items, in this order. */
  public static CaseDraft newCase(ItemDraft... items) {
    return newCase(THING, Arrays.asList(items));
  }

  /** A case of {@code thing} with these items, in this order. */
  public static CaseDraft newCase(String thing, List<ItemDraft> drafts) {
    return newCase(thing, drafts, "430400");
  }

  /** A case of {@link #THING} handled in {@code region} (a division code) with these items. */
  public static CaseDraft newCaseIn(String region, ItemDraft... items) {
    return newCase(THING, Arrays.asList(items), region);
  }

  private static CaseDraft newCase(String thing, List<ItemDraft> drafts, String region) {
    UUID caseId = UUID.randomUUID();
    OffsetDateTime now = Times.now(ZONE);
    List<ItemRow> items = new ArrayList<>();
    for (int k = 0; k < drafts.size(); k++) {
      ItemDraft d = drafts.get(k);
      ItemStatus status = d.dependsOn().isEmpty() ? ItemStatus.QUEUED : ItemStatus.WAITING;
      items.add(ItemRow.opened(UUID.randomUUID(), caseId, k, d.code(), "item " + d.code(), d.department(), status, d.dependsOn(),
          now.plusDays(DUE_DAYS), DUE_DAYS, now));
    }
    List<NewEvent> events = new ArrayList<>();
    events.add(NewEvent.ofCase(EventType.CaseSubmitted, CaseStatus.SUBMITTED.name(), new JsonObject().put("thing", thing)
        .put("channel", CHANNEL.unit())));
    for (ItemRow i : items) {
      if (i.status() == ItemStatus.QUEUED) {
        events.add(NewEvent.ofItem(EventType.ItemQueued, i.itemId(), i.status().name(), i.department(), new JsonObject().put("code", i.code())));
      }
    }
    String applicantId = "11010119900307" + String.format("%04d", Math.floorMod(caseId.hashCode(), 10_000));
    JsonObject applicant = new JsonObject().put("name", "测试申请人").put("idNumber", applicantId);
    CaseRow row = new CaseRow(caseId, thing, CaseStatus.SUBMITTED, CHANNEL.unit(), CHANNEL.id(), applicantId, null, applicant,
        new JsonObject(), new JsonArray(), new JsonArray(), new JsonObject().put("method", "electronic"), null, null, new JsonArray(),
        events.size(), now, now, null, region);
    NewCase c = new NewCase(row, List.copyOf(items), List.copyOf(events), CHANNEL);
    return new CaseDraft(c);
  }

  /** Writes {@code drafts} through {@link CaseLog#create}; {@code claim} answers which of them to write. */
  public static Future<Set<UUID>> create(CaseLog log, List<CaseDraft> drafts, Function<SqlConnection, Future<Set<UUID>>> claim) {
    return log.create(drafts.stream().map(CaseDraft::newCase).toList(), claim);
  }

  /** Writes every one of {@code drafts} and waits for the commit. */
  public static void createAll(CaseLog log, List<CaseDraft> drafts) {
    Set<UUID> all = drafts.stream().map(CaseDraft::caseId).collect(Collectors.toSet());
    Await.result(create(log, drafts, conn -> Future.succeededFuture(all)));
  }

  /** A new case with these items, written and committed. */
  public static CaseDraft created(CaseLog log, ItemDraft... items) {
    CaseDraft d = newCase(items);
    createAll(log, List.of(d));
    return d;
  }
}
