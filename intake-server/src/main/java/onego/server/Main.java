package onego.server;

import onego.domain.ConfigException;
import onego.server.config.AppConfig;
import onego.server.config.ConfigLoader;

/**
 * Starts one production node: configuration, migrations, then {@link OneGoNode}. PostgreSQL and
 * Redis are the operator's ({@code ONEGO_PG_URL}, {@code ONEGO_REDIS_URL}); the embedded default
 * and the simulators are the dev runner's ({@code intake-server/dev}). Problems an operator can
 * fix end the process with a plain message and exit code 2.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    AppConfig config;
    try {
      config = ConfigLoader.load(System.getenv());
    } catch (ConfigException e) {
      NodeRunner.exit("OneGo cannot start: configuration problem in " + e.getMessage());
      return;
    }
    if (config.stores().pgUrl() == null || config.stores().redisUrl() == null) {
      NodeRunner.exit("""
          OneGo cannot start: no PostgreSQL or Redis is configured. Set ONEGO_PG_URL \
          (postgresql://user:pass@host:port/db) and ONEGO_REDIS_URL (redis://host:port), or postgres.url \
          and redis.url in a configuration file. For a laptop with only a JDK, run the dev jar \
          (intake-server/dev/target/onego-dev.jar), which starts embedded ones.""");
      return;
    }
    NodeRunner.run(config, OneGoNode::start, () -> { });
  }
}
