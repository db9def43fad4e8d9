package onego.server;

import onego.domain.ConfigException;
import onego.server.config.AppConfig;
import onego.server.config.ApiKey;
import onego.server.config.ConfigLoader;
import onego.server.infra.Database;
import onego.server.infra.EmbeddedServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;


/**
 * Starts one node: configuration, the embedded PostgreSQL/Redis when no URL is given,
 * migrations, then {@link OneGoNode}. Problems an operator can fix end the process with a
 * plain message and exit code 2.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    AppConfig config;
    EmbeddedServices embedded = new EmbeddedServices();
    String pgUrl;
    String redisUrl;
    try {
      config = ConfigLoader.load(System.getenv());
      pgUrl = config.pgUrl() != null ? config.pgUrl() : embedded.startPostgres(config.dataDir());
      redisUrl = config.redisUrl() != null ? config.redisUrl() : embedded.startRedis();
      Database.migrate(pgUrl);
    } catch (ConfigException e) {
      exit(embedded, "OneGo cannot start: configuration problem in " + e.getMessage());
      return;
    } catch (EmbeddedServices.Refused e) {
      exit(embedded, e.getMessage());
      return;
    } catch (RuntimeException e) {
      exit(embedded, "OneGo cannot start: " + e);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-services-stop"));

    // Vert.x runs on daemon threads: the main thread (never an event loop) holds the JVM until shutdown.
    CountDownLatch stopped = new CountDownLatch(1);
    OneGoNode.start(config, pgUrl, redisUrl).onComplete(ar -> {
      if (ar.failed()) {
        log.error("OneGo failed to start: {}", ar.cause().toString(), ar.cause());
        embedded.close();
        System.exit(1);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        ar.result().close();
        stopped.countDown();
      }, "onego-stop"));
      if (config.devProfile()) printDevKeys(config);
    });
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void printDevKeys(AppConfig config) {
    StringBuilder sb = new StringBuilder("dev profile API keys (Authorization: Bearer <key>):\n");
    for (ApiKey k : config.apiKeys()) {
      if (k.key().startsWith("dev-dept-")) continue;
      sb.append("  ").append(k.key()).append("  role=").append(k.role())
          .append(k.channel() != null ? " channel=" + k.channel() : "").append('\n');
    }
    sb.append("  dev-dept-<code>  role=department, one per department of GET /api/v1/departments\n");
    sb.append("Try: curl -s localhost:").append(config.httpPort()).append("/api/v1/things/newborn");
    System.out.println(sb);
  }

  private static void exit(EmbeddedServices embedded, String message) {
    System.err.println(message);
    embedded.close();
    System.exit(2);
  }
}
