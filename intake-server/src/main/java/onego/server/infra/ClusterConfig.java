package onego.server.infra;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import onego.server.config.ClusterSettings;

/** Hazelcast settings for the Vert.x cluster: TCP/IP join to the configured members (no multicast). */
public final class ClusterConfig {
  private ClusterConfig() {}

  public static Config hazelcast(ClusterSettings config) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName("onego");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.getNetworkConfig().setPort(config.port()).setPortAutoIncrement(true);
    JoinConfig join = hz.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(config.members().isEmpty()
        ? java.util.List.of("127.0.0.1") : config.members());
    return hz;
  }
}
