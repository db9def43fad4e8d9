package onego.server.support;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Says on the console why a test or a test class did not run: a disabled one (its condition's reason) and an
 * aborted one (its failed assumption's message). Maven's summary only counts them ("Skipped: 1"), and surefire
 * keeps the reason in its report files. Registered for every test JVM of the build through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener} (the dev module's tests get it
 * from this module's test classes). Every test that can skip says why: an assumption carries a message.
 */
public final class SkipReasons implements TestExecutionListener {
  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    say(test, reason);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
      say(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted (no reason given)"));
    }
  }

  private static void say(TestIdentifier test, String reason) {
    System.out.println("SKIPPED " + name(test) + ": " + reason);
  }

  private static String name(TestIdentifier test) {
    TestSource source = test.getSource().orElse(null);
    if (source instanceof MethodSource m) return simple(m.getClassName()) + "." + m.getMethodName();
    if (source instanceof ClassSource c) return simple(c.getClassName());
    return test.getDisplayName();
  }

  private static String simple(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
