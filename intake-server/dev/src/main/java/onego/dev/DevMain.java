package onego.dev;

import onego.domain.ConfigException;
import onego.domain.ConfigNode;
import onego.embedded.EmbeddedServices;
import onego.server.NodeRunner;
import onego.server.config.AppConfig;
import onego.server.config.ConfigLoader;
import onego.server.config.StoreSettings;

import java.util.Map;

/**
 * The README's first command: OneGo out of the box on a machine with only a JDK. Without
 * {@code ONEGO_PG_URL} / {@code ONEGO_REDIS_URL} it starts an embedded PostgreSQL (data kept in
 * {@code ~/.onego/pg}) and Redis; in the dev profile it starts the simulated departments and
 * shared-data platform ({@link DevNode}) and prints the dev API keys. Exit code 2 for what an
 * operator can fix (a configuration problem, PostgreSQL refusing to run as root).
 */
public final class DevMain {
  private DevMain() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    EmbeddedServices embedded = new EmbeddedServices();
    AppConfig config;
    DevSettings dev;
    try {
      ConfigNode tree = ConfigLoader.tree(env);
      config = AppConfig.read(tree, ConfigLoader.configDir(env));
      dev = DevSettings.read(tree);
      for (var e : dev.offices().entrySet()) DevDepartments.checkOffices(config.catalog().regions(), e.getKey(), e.getValue());
      StoreSettings s = config.stores();
      String pg = s.pgUrl() != null ? s.pgUrl() : embedded.startPostgres(dev.dataDir());
      String redis = s.redisUrl() != null ? s.redisUrl() : embedded.startRedis();
      config = config.withStores(s.withUrls(pg, redis));
    } catch (ConfigException e) {
      embedded.close();
      NodeRunner.exit("OneGo cannot start: configuration problem in " + e.getMessage());
      return;
    } catch (EmbeddedServices.Refused e) {
      embedded.close();
      NodeRunner.exit(e.getMessage());
      return;
    }
    DevSettings settings = dev;
    NodeRunner.run(config, c -> DevNode.start(c, settings).onSuccess(n -> {
      if (c.devProfile()) System.out.println(DevKeys.describe(c));
    }), embedded::close);
  }
}
