package onego.dev;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the browser tests only where Debian's Chromium and ChromeDriver are installed ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}, or {@code ONEGO_CHROMIUM} / {@code ONEGO_CHROMEDRIVER}); elsewhere they are
 * skipped, and the build's {@code SkipReasons} says why on the console. With {@code ONEGO_REQUIRE_BROWSER} set (as {@code .ci/run} does) a missing
 * browser fails them instead.
 */
public final class BrowserAvailable implements ExecutionCondition {
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("ONEGO_CHROMIUM", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("ONEGO_CHROMEDRIVER", "/usr/bin/chromedriver"));

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) return ConditionEvaluationResult.enabled("browser found");
    String why = "browser tests skipped: no " + (Files.isExecutable(CHROMIUM) ? CHROMEDRIVER : CHROMIUM)
        + " (apt-get install chromium chromium-driver; .ci/run installs them)";
    if (System.getenv("ONEGO_REQUIRE_BROWSER") != null) {
      return ConditionEvaluationResult.enabled(why + " but ONEGO_REQUIRE_BROWSER is set: failing");
    }
    return ConditionEvaluationResult.disabled(why);
  }
}
