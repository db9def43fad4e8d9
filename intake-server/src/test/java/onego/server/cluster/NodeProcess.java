package onego.server.cluster;

import onego.server.Main;
import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.TestServices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One clustered OneGo node as its own JVM running {@link Main}, as an operator starts it:
 * {@code ONEGO_CLUSTER=true}, {@code ONEGO_CLUSTER_MEMBERS}, its own {@code ONEGO_HTTP_PORT} and
 * its Hazelcast port from a configuration overlay ({@code cluster.port}). {@link #kill()} is
 * {@code kill -9}: no shutdown hook runs, no lease is given back, no cluster member says goodbye.
 */
final class NodeProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final int httpPort;
  private final Path log;

  private NodeProcess(String name, Process process, int httpPort, Path log) {
    this.name = name;
    this.process = process;
    this.httpPort = httpPort;
    this.log = log;
  }

  /**
   * Starts a node (dev profile, so the dev- keys work) and does not wait for it.
   *
   * @param members     {@code host:port} of every node's Hazelcast port, this one's included
   * @param overlayYaml configuration added after {@code cluster.port}
   */
  static NodeProcess launch(String name, int httpPort, int clusterPort, List<String> members, String overlayYaml) throws IOException {
    Path log = Files.createTempFile("onego-" + name, ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("ONEGO_CONFIG");
    pb.environment().putAll(Overlays.env("cluster: {port: " + clusterPort + "}\n" + overlayYaml));
    pb.environment().put("ONEGO_PROFILE", "dev");
    pb.environment().put("ONEGO_HTTP_PORT", String.valueOf(httpPort));
    pb.environment().put("ONEGO_PG_URL", TestServices.pgUrl());
    pb.environment().put("ONEGO_REDIS_URL", TestServices.redisUrl());
    pb.environment().put("ONEGO_CLUSTER", "true");
    pb.environment().put("ONEGO_CLUSTER_MEMBERS", String.join(",", members));
    return new NodeProcess(name, pb.redirectErrorStream(true).redirectOutput(log.toFile()).start(), httpPort, log);
  }

  String name() { return name; }
  int port() { return httpPort; }
  Http http() { return new Http(httpPort); }
  boolean alive() { return process.isAlive(); }

  /** Waits until {@code /health/ready} says 200 and the cluster check counts {@code members}. */
  NodeProcess awaitReady(int members, Duration timeout) {
    Await.until(name + " ready with " + members + " cluster members", timeout, () -> {
      if (!process.isAlive()) throw new AssertionError(name + " exited with " + process.exitValue() + "; log:\n" + log());
      return clusterMembers() == members;
    });
    return this;
  }

  /** What this node's readiness check says about the cluster, or -1 while it does not answer 200. */
  int clusterMembers() {
    try {
      Http.Response r = http().get("/health/ready");
      return r.status() == 200 ? r.json().getJsonObject("checks").getJsonObject("cluster").getInteger("members", -1) : -1;
    } catch (IllegalStateException notYet) {
      return -1;
    }
  }

  /** {@code kill -9}. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) return;
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) kill();
  }
}
