package onego.server.config;

import onego.domain.ConfigNode;

import java.util.List;

/**
 * The Vert.x cluster over Hazelcast ({@code cluster:}).
 *
 * @param enabled whether this node joins a cluster ({@code ONEGO_CLUSTER})
 * @param members {@code host:port} of the other members, TCP/IP join ({@code ONEGO_CLUSTER_MEMBERS})
 * @param port    this node's Hazelcast port
 */
public record ClusterSettings(boolean enabled, List<String> members, int port) {
  public static ClusterSettings read(ConfigNode n) {
    return new ClusterSettings(n.optBool("enabled", false), n.strList("members"), (int) n.range("port", 5701, 1, 65535));
  }
}
