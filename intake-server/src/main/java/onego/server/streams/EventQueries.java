package onego.server.streams;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import onego.domain.ProgressEvent;
import onego.domain.Times;
import onego.router.cases.CaseReads;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A case's progress log read back by seq ({@link CaseReads#eventsAfter}), as the JSON the event bus carries. */
public final class EventQueries {
  private final CaseReads reads;
  private final ZoneId zone;

  public EventQueries(CaseReads reads, ZoneId zone) {
    this.reads = reads;
    this.zone = zone;
  }

  /** Up to {@code limit} events of the case with seq greater than {@code after}, in seq order, times in the calendar's zone. */
  public Future<List<JsonObject>> after(UUID caseId, int after, int limit) {
    return reads.eventsAfter(caseId, after, limit).map(events -> {
      List<JsonObject> out = new ArrayList<>(events.size());
      for (ProgressEvent e : events) {
        out.add(new ProgressEvent(e.caseId(), e.seq(), e.type(), e.itemId(), e.status(), Times.in(e.at(), zone), e.data()).toJson());
      }
      return out;
    });
  }
}
