package onego.server.infra;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import onego.domain.PiiSamples;
import onego.server.support.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingConverterTest {
  @Test
  void logMessagesNeverCarryAClearIdNumberOrPhone() {
    LoggerContext ctx = new LoggerContext();
    LoggingEvent event = new LoggingEvent("test", ctx.getLogger("test"), Level.WARN,
        "submission from {} ({}) refused", null, new Object[] {"430102199001011238", "13800138000"});
    String line = new MaskingConverter().convert(event);
    assertThat(line).doesNotContain("430102199001011238").doesNotContain("13800138000");
    assertThat(line).contains("430***********1238").contains("138****8000");
  }

  @Test
  void percentEncodedUrlsAreDecodedBeforeTheScanAndStayOneLine() {
    String first17 = "43010219900101" + java.util.stream.IntStream.range(100, 1000).filter(n -> onego.domain.IdNumbers.checkChar("43010219900101" + n) == 'X')
        .findFirst().orElseThrow();
    assertThat(LoggedText.uri("/api/v1/applicants/" + first17.substring(0, 6) + "%20" + first17.substring(6, 14) + "%20" + first17.substring(14) + "x/cases"
        + "?phone=%2B86+138+0013+8000&q=a+b"))
        .isEqualTo("/api/v1/applicants/430***********" + first17.substring(14) + "X/cases?phone=138****8000&q=a b");
    StringBuilder once = new StringBuilder();
    for (byte b : ("４３" + "0102199001011238").getBytes(java.nio.charset.StandardCharsets.UTF_8)) once.append(String.format("%%%02X", b & 0xff));
    assertThat(LoggedText.mask("GET /x/" + once.toString().replace("%", "%25"))).as("escaped twice").isEqualTo("GET /x/430***********1238");
    assertThat(LoggedText.mask("q=%EF%BC%91%EF%BC%93%EF%BC%98 0013 8000")).isEqualTo("q=138****8000");
    assertThat(LoggedText.mask("a%0Ab%E2%80%A8c")).as("a decoded line break stays escaped").isEqualTo("a%0Ab%E2%80%A8c");
    assertThat(LoggedText.mask("bad %C3%28 and %FF")).as("bytes that are no UTF-8 stay escaped").isEqualTo("bad %C3( and %FF");
    assertThat(LoggedText.mask("50% off, 100%")).isEqualTo("50% off, 100%");
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 100);
  }

  /**
   * Through the production logback.xml (its pattern and converters), generated PII in many written
   * forms, in the message, its arguments and an exception's message, never reaches the output.
   * Names are logged after a label, the only way a pattern can know a name without the case.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void noGeneratedPiiReachesALogLineWrittenByTheConfiguredPattern(long seed) throws Exception {
    LoggerContext ctx = new LoggerContext();
    ctx.setMDCAdapter(new LogbackMDCAdapter());
    JoranConfigurator config = new JoranConfigurator();
    config.setContext(ctx);
    config.doConfigure(MaskingConverterTest.class.getResource("/logback.xml"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern(LogCapture.configuredPattern(ctx));
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(ctx);
    appender.setName("test");
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);

    PiiSamples g = new PiiSamples(seed);
    PiiSamples.Person p = g.person();
    String labelled = "收件人：" + p.name() + "，电话 " + g.writePhone(p.mobile()) + "，座机 " + g.writeLandline(p.landline())
        + "，地址 " + p.address().full() + "，代码 " + g.writeCreditCode(p.creditCode());
    Logger log = ctx.getLogger("onego.test");
    log.warn("refused: idNumber={} phone={} applicantName={} body={}", g.writeId(p.idNumber()), g.writePhone(p.mobile()), p.name(), labelled);
    log.error("department note for " + g.writeId(p.idNumber()) + ": " + labelled, new IllegalStateException("bad note: " + labelled
        + " / " + g.writeId(p.idNumber()), new RuntimeException("holder=" + p.name() + " " + g.writePhone(p.mobile()))));
    ctx.stop();

    String written = out.toString(StandardCharsets.UTF_8);
    assertThat(written).contains("refused: idNumber=").contains("IllegalStateException");
    assertThat(PiiSamples.leaks(written, p)).as(written).isEmpty();
  }
}
