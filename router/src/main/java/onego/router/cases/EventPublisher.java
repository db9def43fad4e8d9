package onego.router.cases;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.impl.MessageConsumerImpl;
import io.vertx.core.json.JsonObject;
import onego.domain.ProgressEvent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * After a commit, tells everyone: the (clustered) event bus gets each event on
 * {@code case.<caseId>} and, for item events, {@code dept.<department>}; local listeners (the
 * hotline status view, metrics) get the batch. Subscribers that missed something read the log
 * back by seq, so a lost publish delays news but never loses it.
 */
public final class EventPublisher {
  public static final String CASE_PREFIX = "case.";
  public static final String DEPT_PREFIX = "dept.";

  private final Vertx vertx;
  private final List<Consumer<List<ProgressEvent>>> listeners = new CopyOnWriteArrayList<>();

  public EventPublisher(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Marks {@code consumer} (of {@code case.*} or {@code dept.*}) as one whose queued events may be dropped when it
   * unregisters: a stream closed for a slow client, an unsubscribe, a long poll answered by the first event of a
   * burst. That loss is by design (a subscriber reads the log back by seq), but Vert.x writes one WARN per
   * message still queued ("Discarding message since the consumer is not registered"), thousands for one slow
   * client, unless the consumer has a discard handler. Vert.x 5 offers that handler on its consumer
   * implementation only; a consumer of another kind is left as it is.
   *
   * @return {@code consumer}
   */
  public static <T> MessageConsumer<T> dropsQueuedOnUnregister(MessageConsumer<T> consumer) {
    if (consumer instanceof MessageConsumerImpl<T> impl) impl.discardHandler(m -> { });
    return consumer;
  }

  public void addListener(Consumer<List<ProgressEvent>> listener) {
    listeners.add(listener);
  }

  public void publish(List<ProgressEvent> events) {
    if (events.isEmpty()) return;
    for (ProgressEvent e : events) {
      JsonObject json = e.toJson();
      vertx.eventBus().publish(CASE_PREFIX + e.caseId(), json);
      String dept = e.data() == null ? null : e.data().getString("department");
      if (dept != null) vertx.eventBus().publish(DEPT_PREFIX + dept, json);
    }
    for (Consumer<List<ProgressEvent>> l : listeners) l.accept(events);
  }
}
