package onego.router;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waits on the test thread (never on an event loop) for what the stores answer. The timeout is
 * generous and only turns a hang into a failure; no test asserts how long anything took.
 */
public final class Await {
  /** How long any one wait may take before the test fails as hung. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Await() {}

  /** The future's result; its failure is rethrown as is when unchecked (a {@code DomainError} stays one). */
  public static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error r) throw r;
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The failure of a future that must fail; an AssertionError if it succeeds. */
  public static Throwable failure(Future<?> future) {
    Object value;
    try {
      value = result(future);
    } catch (AssertionError e) {
      throw e;
    } catch (RuntimeException | Error e) {
      return e;
    }
    throw new AssertionError("expected a failure, got " + value);
  }

  /** Polls {@code condition} every 20 ms until it holds; fails naming {@code what} after {@link #TIMEOUT}. */
  public static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what);
      }
    }
  }
}
