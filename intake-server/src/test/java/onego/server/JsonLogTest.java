package onego.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.TestNode;
import onego.server.web.RequestIds;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ONEGO_LOG_FORMAT=json} through the production {@code logback.xml}: one JSON object a line,
 * carrying the request id (the caller's {@code X-Request-Id}, echoed), the principal and the case
 * id, with PII masked in the message and the stack trace.
 */
class JsonLogTest {
  private static final String ID_NUMBER = "430102199001011238";

  /** The encoder of logback.xml's {@code json} appender, configured as ONEGO_LOG_FORMAT=json configures it. */
  @SuppressWarnings("unchecked")
  private static Encoder<ILoggingEvent> jsonEncoder() throws Exception {
    LoggerContext ctx = new LoggerContext();
    ctx.setMDCAdapter(new LogbackMDCAdapter());
    ctx.putProperty("ONEGO_LOG_FORMAT", "json");
    JoranConfigurator config = new JoranConfigurator();
    config.setContext(ctx);
    config.doConfigure(JsonLogTest.class.getResource("/logback.xml"));
    var console = (ch.qos.logback.classic.AsyncAppender) ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("console");
    var appender = (OutputStreamAppender<ILoggingEvent>) console.getAppender("stdout");
    assertThat(appender).as("ONEGO_LOG_FORMAT=json selects the json appender").isNotNull();
    return appender.getEncoder();
  }

  private static List<JsonObject> lines(ByteArrayOutputStream out) {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
    }
  }

  @Test
  void aRequestsIdIsEchoedAndCarriedByItsLogLinesWithThePrincipalAndCaseIdAndPiiMasked() throws Exception {
    LoggerContext global = (LoggerContext) LoggerFactory.getILoggerFactory();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputStreamAppender<ILoggingEvent> capture = new OutputStreamAppender<>();
    capture.setContext(global);
    capture.setName("json-capture");
    capture.setEncoder(jsonEncoder());
    capture.setOutputStream(out);
    capture.start();
    Logger root = global.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(capture);
    try (TestNode node = TestNode.start()) {
      Http http = node.http();
      Http.Response byApplicant = http.send(http.request("/api/v1/applicants/" + ID_NUMBER + "/cases")
          .header("Authorization", "Bearer dev-portal").header(RequestIds.HEADER, "abc").GET().build());
      assertThat(byApplicant.status()).isEqualTo(200);
      assertThat(byApplicant.header(RequestIds.HEADER)).isEqualTo("abc");
      UUID caseId = UUID.randomUUID();
      Http.Response missing = http.send(http.request("/api/v1/cases/" + caseId)
          .header("Authorization", "Bearer dev-portal").header(RequestIds.HEADER, "req-2").GET().build());
      assertThat(missing.status()).isEqualTo(404);
      Http.Response unnamed = http.get("/api/v1/themes");
      assertThat(unnamed.header(RequestIds.HEADER)).as("a request without an id gets one").matches("[0-9a-f-]{36}");
      Http.Response odd = http.send(http.request("/api/v1/themes").header(RequestIds.HEADER, "has spaces\tand\u00e9").GET().build());
      assertThat(odd.header(RequestIds.HEADER)).as("an unusable id is replaced").matches("[0-9a-f-]{36}");

      onego.server.support.Await.until("the access log lines are written", Duration.ofSeconds(10),
          () -> lines(out).stream().anyMatch(l -> "req-2".equals(l.getString("requestId"))));
      JsonObject first = lines(out).stream().filter(l -> "abc".equals(l.getString("requestId"))).findFirst().orElseThrow();
      assertThat(first.getString("message")).contains("/api/v1/applicants/").contains("200").doesNotContain(ID_NUMBER);
      assertThat(first.getString("principal")).startsWith("channel:");
      assertThat(first.getString("level")).isEqualTo("INFO");
      assertThat(first.getString("@timestamp")).isNotBlank();
      JsonObject second = lines(out).stream().filter(l -> "req-2".equals(l.getString("requestId"))).findFirst().orElseThrow();
      assertThat(second.getString("caseId")).isEqualTo(caseId.toString());
      assertThat(second.getString("message")).contains("404");
      assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(ID_NUMBER);
    } finally {
      root.detachAppender(capture);
      capture.stop();
    }
  }

  @Test
  void anIdNumberInAMessageOrAStackTraceIsMaskedInJson() throws Exception {
    Encoder<ILoggingEvent> encoder = jsonEncoder();
    LoggerContext ctx = new LoggerContext();
    LoggingEvent event = new LoggingEvent("test", ctx.getLogger("onego.test"), Level.ERROR,
        "refused {} phone {}", null, new Object[] {ID_NUMBER, "13800138000"});
    event.setThrowableProxy(new ThrowableProxy(new IllegalStateException("bad holder " + ID_NUMBER,
        new RuntimeException("phone 13800138000"))));
    JsonObject line = new JsonObject(new String(encoder.encode(event), StandardCharsets.UTF_8));
    assertThat(line.getString("message")).isEqualTo("refused 430***********1238 phone 138****8000");
    assertThat(line.getString("stack_trace")).contains("IllegalStateException").contains("430***********1238")
        .doesNotContain(ID_NUMBER).doesNotContain("13800138000");
  }
}
