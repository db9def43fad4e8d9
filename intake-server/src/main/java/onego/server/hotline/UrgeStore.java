package onego.server.hotline;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.DomainError;
import onego.domain.EventType;
import onego.domain.Ids;
import onego.domain.ItemStatus;
import onego.domain.KnownPii;
import onego.domain.Pii;
import onego.router.cases.CaseLog;
import onego.router.cases.ItemState;
import onego.router.cases.NewEvent;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * 催办 from the 12345 hotline (openapi.yaml, tag Hotline; 湖南方案 四(三) 12345 诉求办理到位): a change of the case
 * ({@link CaseLog#change}) that appends {@code ItemUrged} per item urged, with the item's {@code department}
 * in its data, so the department's stream ({@code dept.<code>}) carries it live, and keeps one {@code urges}
 * row per item for {@code /stats}. The note in the event is scanned for personal data (the row keeps it as given).
 */
public final class UrgeStore {
  /** Items a department holds or is about to get: what a 催办 without {@code itemId} urges. */
  static final Set<ItemStatus> HELD = EnumSet.of(ItemStatus.QUEUED, ItemStatus.DISPATCHED, ItemStatus.ACCEPTED, ItemStatus.IN_PROGRESS,
      ItemStatus.SUSPENDED, ItemStatus.DELIVERY_FAILED);
  private static final String INSERT = """
      INSERT INTO urges (urge_id, case_id, item_id, department, note, urged_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)""";

  /** One item urged: its department and the {@code seq} of its ItemUrged event. */
  public record Urged(UUID itemId, String code, String department, int seq) {}

  /** The urge as recorded: the items urged and when. */
  public record Urge(UUID caseId, List<Urged> items, OffsetDateTime at) {}

  private final CaseLog cases;

  public UrgeStore(CaseLog cases) {
    this.cases = cases;
  }

  /**
   * Urges {@code itemId} (NOT_FOUND when not an item of the case; CONFLICT when it has ended), or with
   * {@code itemId} null every item a department holds (CONFLICT when there is none). NOT_FOUND without the case.
   */
  public Future<Urge> urge(UUID caseId, UUID itemId, String note, String urgedBy, Actor actor) {
    return cases.change(caseId, actor, AuditAction.ITEM_URGED, tx -> {
      List<ItemState> urged;
      if (itemId != null) {
        ItemState item = tx.items().stream().filter(i -> i.itemId().equals(itemId)).findFirst()
            .orElseThrow(() -> DomainError.notFound("no item " + itemId + " in case " + caseId));
        if (item.status().isFinal()) throw DomainError.conflict("the item is " + item.status() + "; there is nothing to urge");
        urged = List.of(item);
      } else {
        urged = tx.items().stream().filter(i -> HELD.contains(i.status())).toList();
        if (urged.isEmpty()) throw DomainError.conflict("no item of this case is with a department; there is nothing to urge");
      }
      KnownPii known = KnownPii.of(tx.kase().applicant(), tx.kase().delivery(), tx.kase().form());
      String shown = note == null ? null : Pii.scrub(note, known);
      List<Tuple> rows = new ArrayList<>();
      List<Urged> out = new ArrayList<>();
      for (ItemState i : urged) {
        rows.add(Tuple.from(new Object[] {Ids.newId(), caseId, i.itemId(), i.department(), note, urgedBy, tx.now()}));
        int seq = tx.event(NewEvent.ofItem(EventType.ItemUrged, i.itemId(), i.status().name(), i.department(),
            new JsonObject().put("code", i.code()).put("note", shown)));
        out.add(new Urged(i.itemId(), i.code(), i.department(), seq));
      }
      return tx.connection().preparedQuery(INSERT).executeBatch(rows).map(r -> new Urge(caseId, out, tx.now()));
    });
  }
}
