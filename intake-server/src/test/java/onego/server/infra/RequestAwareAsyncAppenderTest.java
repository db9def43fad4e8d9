package onego.server.infra;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The async console appender of logback.xml: a line logged for a request is written by the queue's
 * own thread (not the event loop), and still carries the request's {@link LogContext} fields.
 */
class RequestAwareAsyncAppenderTest {
  /** What the appender behind the queue saw: the request fields as the encoders read them, and on which thread. */
  private static final class Recording extends AppenderBase<ILoggingEvent> {
    final List<Map<String, String>> fields = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      fields.add(LogContext.of(event));
      threads.add(Thread.currentThread().getName());
    }
  }

  @Test
  void aLineLoggedForARequestIsWrittenOffTheEventLoopWithTheRequestsFields() throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    Recording recording = new Recording();
    recording.setContext(context);
    recording.start();
    RequestAwareAsyncAppender async = new RequestAwareAsyncAppender();
    async.setContext(context);
    async.addAppender(recording);
    async.start();
    Logger logger = context.getLogger("test");
    logger.addAppender(async);
    Vertx vertx = Vertx.vertx();
    try {
      ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
      CompletableFuture<String> loggedOn = new CompletableFuture<>();
      request.runOnContext(v -> {
        LogContext.bind(() -> Map.of("requestId", "r-1", "principal", "channel:key:dev-portal"));
        logger.info("POST /api/v1/cases 201");
        loggedOn.complete(Thread.currentThread().getName());
      });
      String eventLoop = loggedOn.get(10, TimeUnit.SECONDS);
      logger.info("outside a request");
      async.stop(); // drains the queue
      assertThat(recording.fields).containsExactly(Map.of("requestId", "r-1", "principal", "channel:key:dev-portal"), Map.of());
      assertThat(recording.threads).doesNotContain(eventLoop);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
