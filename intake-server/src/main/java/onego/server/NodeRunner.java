package onego.server;

import io.vertx.core.Future;
import onego.server.config.AppConfig;
import onego.server.infra.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs a node from a {@code main} thread until the JVM is told to stop: migrates, starts the
 * node, and on SIGTERM (or SIGINT) drains and closes it ({@link Running#close}) and exits 0 (1 when
 * the close failed or overran). Shared by the production {@link Main} and the dev runner.
 */
public final class NodeRunner {
  private static final Logger log = LoggerFactory.getLogger(NodeRunner.class);

  private NodeRunner() {}

  private static final List<String> SIGNALS = List.of("TERM", "INT");
  private static Boolean stopResult;

  /** A started node (with whatever runs beside it); closed once on shutdown. */
  public interface Running {
    Future<Void> close();

    /** How long {@link #close} may take before the process gives up on it (and exits 1): the drain time and a margin. */
    default int closeWithinSeconds() {
      return 60;
    }
  }

  /**
   * Migrates the configured PostgreSQL, starts the node with {@code start} and holds the calling
   * (main) thread until shutdown; {@code onStop} runs after the node closed (the dev runner stops
   * its embedded services there). Exits 0 after a drained stop on SIGTERM or SIGINT; 1 when the node
   * fails to start (a taken HTTP port says so in one line naming the port and {@code ONEGO_HTTP_PORT}) or
   * does not close in time; 2 when the database cannot be migrated or
   * {@code ONEGO_LOG_FORMAT} is neither {@code json} nor {@code text} (logback.xml would then log nothing).
   */
  public static void run(AppConfig config, Function<AppConfig, Future<? extends Running>> start, Runnable onStop) {
    String logFormat = System.getenv("ONEGO_LOG_FORMAT");
    if (logFormat != null && !logFormat.equals("json") && !logFormat.equals("text")) {
      onStop.run();
      exit("OneGo cannot start: ONEGO_LOG_FORMAT must be json or text, not " + logFormat);
      return;
    }
    String portTaken = portTaken(config.http().port());
    if (portTaken != null) {
      onStop.run();
      exit(1, portTaken);
      return;
    }
    try {
      Database.migrate(config.stores().pgUrl());
    } catch (RuntimeException e) {
      onStop.run();
      exit("OneGo cannot start: " + e);
      return;
    }
    // Vert.x runs on daemon threads: the main thread (never an event loop) holds the JVM until shutdown.
    CountDownLatch stopped = new CountDownLatch(1);
    CompletableFuture<Running> running = new CompletableFuture<>();
    start.apply(config).onComplete(ar -> {
      if (ar.failed()) {
        if (bindFailure(ar.cause())) {
          // taken between the check above and the listen: the same one line, no trace
          System.err.println(takenMessage(config.http().port()));
        } else {
          log.error("OneGo failed to start: {}", ar.cause().toString(), ar.cause());
        }
        onStop.run();
        System.exit(1);
      }
      running.complete(ar.result());
    });
    // SIGTERM and SIGINT drain the node and end the process with 0; any other exit still closes it (a shutdown hook).
    stopRequested(SIGNALS, stopped::countDown);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(running, onStop), "onego-stop-hook"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.exit(stop(running, onStop) ? 0 : 1);
  }

  /** Closes the node (once; the signal and the shutdown hook may both ask); true when it closed within its drain. */
  private static boolean stop(CompletableFuture<Running> running, Runnable onStop) {
    synchronized (NodeRunner.class) {
      if (stopResult != null) return stopResult;
      Running node = running.getNow(null);
      if (node == null) return stopResult = true;
      log.info("OneGo stopping");
      boolean clean;
      try {
        node.close().toCompletionStage().toCompletableFuture().get(node.closeWithinSeconds(), TimeUnit.SECONDS);
        clean = true;
      } catch (Exception e) {
        log.error("OneGo did not stop cleanly: {}", e.toString());
        clean = false;
      }
      onStop.run();
      log.info("OneGo stopped");
      return stopResult = clean;
    }
  }

  private static void stopRequested(List<String> signals, Runnable stop) {
    for (String name : signals) {
      try {
        Signal.handle(new Signal(name), s -> stop.run());
      } catch (IllegalArgumentException e) {
        log.debug("signal {} cannot be handled here: {}", name, e.toString());
      }
    }
  }

  /** Ends the process with a message meant for the operator as is, and exit code 2. */
  public static void exit(String message) {
    exit(2, message);
  }

  private static void exit(int code, String message) {
    System.err.println(message);
    System.exit(code);
  }

  /**
   * Null when {@code port} (0: any free one) can be listened on, else the operator's one-line message. Checked
   * before the migrations, the pools and the dev runner's simulators start, so a taken port stops the start
   * before anything runs that would then have to be closed again.
   */
  static String portTaken(int port) {
    if (port == 0) return null;
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true); // as Vert.x listens: a port whose last connections linger in TIME_WAIT is free
      probe.bind(new InetSocketAddress(port));
      return null;
    } catch (BindException e) {
      return takenMessage(port);
    } catch (IOException e) {
      return null; // not a taken port: let the listen itself say what is wrong
    }
  }

  private static String takenMessage(int port) {
    return "OneGo cannot start: port " + port + " is already in use (another OneGo or another program listens there); "
        + "stop it, or set ONEGO_HTTP_PORT to a free port";
  }

  private static boolean bindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof BindException) return true;
    return false;
  }
}
