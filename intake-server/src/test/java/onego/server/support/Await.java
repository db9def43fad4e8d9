package onego.server.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls until something holds; fails with {@code what} after {@code timeout}. Never asserts a duration. */
public final class Await {
  private Await() {}

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what);
      }
    }
  }

  public static <T> T value(String what, Duration timeout, Supplier<T> supplier) {
    Object[] box = new Object[1];
    until(what, timeout, () -> (box[0] = supplier.get()) != null);
    @SuppressWarnings("unchecked") T t = (T) box[0];
    return t;
  }
}
