package onego.server.hotline;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import onego.domain.Catalog;
import onego.domain.Department;
import onego.domain.KnownPii;
import onego.domain.Pii;
import onego.domain.StaffMask;
import onego.domain.Thing;
import onego.router.cases.CaseReads.CaseFile;
import onego.router.cases.CaseReads;
import onego.router.cases.CaseRow;
import onego.router.cases.ItemRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The hotline's reads of cases ({@link CaseReads}): status views of cases by id, and an applicant's recent case ids. */
public final class HotlineQueries {
  private final CaseReads reads;
  private final Catalog catalog;

  public HotlineQueries(CaseReads reads, Catalog catalog) {
    this.reads = reads;
    this.catalog = catalog;
  }

  public Future<List<UUID>> caseIdsByApplicant(String idNumber, int limit) {
    return reads.idsByApplicant(idNumber, limit);
  }

  public Future<List<UUID>> caseIdsByPhone(String phone, int limit) {
    return reads.idsByPhone(phone, limit);
  }

  /**
   * The views of the cases that exist among {@code ids}, keyed by case id. The notes are read after the cases (whose
   * row gives the view's {@code lastSeq}), never beside them: a view then never claims a seq newer than what it shows.
   * Read at once, a note committed between the two reads gave a view of the new seq without the note, and Redis,
   * newest seq wins, refused the right view of that same seq that followed: the note was lost until the next event.
   */
  public Future<Map<UUID, StatusView>> views(List<UUID> ids) {
    if (ids.isEmpty()) return Future.succeededFuture(Map.of());
    return reads.byIdsWithoutResults(ids).compose(cases -> reads.latestNotes(ids).map(notes -> {
      Map<UUID, StatusView> out = new LinkedHashMap<>();
      for (CaseFile f : cases) {
        CaseRow c = f.kase();
        KnownPii known = c.known();
        List<StatusView.Item> items = new ArrayList<>(f.items().size());
        for (ItemRow i : f.items()) {
          String dept = i.department();
          items.add(new StatusView.Item(i.code(), i.name(), dept, catalog.department(dept).map(Department::name).orElse(dept),
              i.status().name(), i.dueAt(), Pii.scrub(notes.get(i.itemId()), known),
              i.currentSuspension() == null ? null : i.currentSuspension().getString("procedure"),
              i.currentSuspension() == null ? null : i.currentSuspension().getString("until")));
        }
        JsonObject delivery = c.delivery();
        out.put(c.caseId(), new StatusView(c.caseId(), c.thing(), catalog.thing(c.thing()).map(Thing::name).orElse(c.thing()),
            c.status().name(), c.lastSeq(), delivery == null ? null : delivery.getString("method"), c.createdAt(), c.updatedAt(),
            StaffMask.applicant(c.applicant()), StaffMask.agent(c.agent()), items));
      }
      return out;
    }));
  }
}
