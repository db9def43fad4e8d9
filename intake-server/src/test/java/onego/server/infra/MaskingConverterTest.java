package onego.server.infra;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

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
}
