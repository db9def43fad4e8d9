package onego.server.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.AppenderAttachable;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * Every log line of this JVM as the configured console appender would write it (the same pattern,
 * so the same masking converters of {@code logback.xml}), kept in memory until closed.
 */
public final class LogCapture implements AutoCloseable {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
  private final Logger root;

  private LogCapture(LoggerContext context, String pattern) {
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    appender.setContext(context);
    appender.setName("capture");
    appender.setEncoder(encoder);
    appender.setOutputStream(bytes);
    appender.start();
    root.addAppender(appender);
  }

  /** Starts capturing with the pattern of the root logger's configured appender. */
  public static LogCapture start() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    return new LogCapture(context, configuredPattern(context));
  }

  /**
   * The pattern of the first pattern-encoded appender on the root logger, or behind one of its
   * appenders (logback.xml's stdout behind the async console appender).
   */
  public static String configuredPattern(LoggerContext context) {
    String pattern = patternOf(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders());
    if (pattern == null) throw new IllegalStateException("no pattern-encoded appender on the root logger: is logback.xml on the classpath?");
    return pattern;
  }

  @SuppressWarnings("unchecked")
  private static String patternOf(Iterator<Appender<ILoggingEvent>> it) {
    while (it.hasNext()) {
      Appender<ILoggingEvent> a = it.next();
      if (a instanceof OutputStreamAppender<ILoggingEvent> o) {
        Encoder<ILoggingEvent> e = o.getEncoder();
        if (e instanceof PatternLayoutEncoder p && !"capture".equals(a.getName())) return p.getPattern();
      } else if (a instanceof AppenderAttachable<?> wrapper) {
        String inner = patternOf(((AppenderAttachable<ILoggingEvent>) wrapper).iteratorForAppenders());
        if (inner != null) return inner;
      }
    }
    return null;
  }

  /** Everything written so far. */
  public synchronized String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
