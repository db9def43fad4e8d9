package onego.router.cases;

import io.vertx.core.Vertx;
import onego.domain.ProgressEvent;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real {@link EventPublisher} and what its local listeners were handed, one list per publish call. */
public final class PublishedEvents {
  private final EventPublisher publisher;
  private final List<List<ProgressEvent>> batches = new CopyOnWriteArrayList<>();

  public PublishedEvents(Vertx vertx) {
    publisher = new EventPublisher(vertx);
    publisher.addListener(batches::add);
  }

  public EventPublisher publisher() { return publisher; }

  /** Each publish call's events, in call order. */
  public List<List<ProgressEvent>> batches() { return List.copyOf(batches); }

  /** Every published event of {@code caseId}, in publish order. */
  public List<ProgressEvent> of(UUID caseId) {
    return batches.stream().flatMap(List::stream).filter(e -> e.caseId().equals(caseId)).toList();
  }

  /** The seqs of {@link #of}. */
  public List<Integer> seqsOf(UUID caseId) {
    return of(caseId).stream().map(ProgressEvent::seq).toList();
  }

  public void clear() { batches.clear(); }
}
