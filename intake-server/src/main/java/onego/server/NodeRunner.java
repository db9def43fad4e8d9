package onego.server;

import io.vertx.core.Future;
import onego.server.config.AppConfig;
import onego.server.infra.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Runs a node from a {@code main} thread until the JVM is told to stop: migrates, starts the
 * node, stops it on SIGTERM. Shared by the production {@link Main} and the dev runner.
 */
public final class NodeRunner {
  private static final Logger log = LoggerFactory.getLogger(NodeRunner.class);

  private NodeRunner() {}

  /** A started node (with whatever runs beside it); closed once on shutdown. */
  public interface Running {
    Future<Void> close();
  }

  /**
   * Migrates the configured PostgreSQL, starts the node with {@code start} and holds the calling
   * (main) thread until shutdown; {@code onStop} runs after the node closed (the dev runner stops
   * its embedded services there). Exits 1 when the node fails to start, 2 when the database cannot
   * be migrated.
   */
  public static void run(AppConfig config, Function<AppConfig, Future<? extends Running>> start, Runnable onStop) {
    try {
      Database.migrate(config.stores().pgUrl());
    } catch (RuntimeException e) {
      onStop.run();
      exit("OneGo cannot start: " + e);
      return;
    }
    // Vert.x runs on daemon threads: the main thread (never an event loop) holds the JVM until shutdown.
    CountDownLatch stopped = new CountDownLatch(1);
    start.apply(config).onComplete(ar -> {
      if (ar.failed()) {
        log.error("OneGo failed to start: {}", ar.cause().toString(), ar.cause());
        onStop.run();
        System.exit(1);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        log.info("OneGo stopping");
        ar.result().close().toCompletionStage().toCompletableFuture().join();
        onStop.run();
        log.info("OneGo stopped");
        stopped.countDown();
      }, "onego-stop"));
    });
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Ends the process with a message meant for the operator as is, and exit code 2. */
  public static void exit(String message) {
    System.err.println(message);
    System.exit(2);
  }
}
