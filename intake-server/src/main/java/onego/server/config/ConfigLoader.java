package onego.server.config;

import onego.domain.ConfigException;
import onego.domain.ConfigNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the configuration: {@code config/application.yaml}, then {@code config/profiles/<profile>.yaml},
 * then each file of {@code ONEGO_CONFIG} in order, then the {@code ONEGO_*} environment variables.
 * Mappings merge key by key; any other value (lists too) replaces the one before.
 */
public final class ConfigLoader {
  private final Path configDir;
  private final Map<String, String> env;
  private final Map<String, Object> tree = new LinkedHashMap<>();
  private final Map<String, String> origins = new HashMap<>();

  private ConfigLoader(Path configDir, Map<String, String> env) {
    this.configDir = configDir;
    this.env = env;
  }

  /** The configuration folder: {@code ONEGO_CONFIG_DIR}, else {@code ./config}. */
  public static Path configDir(Map<String, String> env) {
    return Path.of(env.getOrDefault("ONEGO_CONFIG_DIR", "config"));
  }

  /** The node's configuration for this environment; fails with a {@link ConfigException} naming file, path and problem. */
  public static AppConfig load(Map<String, String> env) {
    return AppConfig.read(tree(env), configDir(env));
  }

  /** The merged configuration tree, for readers of sections the node does not know (the dev runner's {@code devsim:}). */
  public static ConfigNode tree(Map<String, String> env) {
    return new ConfigLoader(configDir(env), env).merge();
  }

  private ConfigNode merge() {
    Path base = configDir.resolve("application.yaml");
    if (!Files.isRegularFile(base)) {
      throw new ConfigException(base.toString(), "", "file not found (run from the repository root or set ONEGO_CONFIG_DIR)");
    }
    overlay(base);
    String profile = env.getOrDefault("ONEGO_PROFILE", String.valueOf(tree.getOrDefault("profile", "dev")));
    Path profileFile = configDir.resolve("profiles").resolve(profile + ".yaml");
    if (Files.isRegularFile(profileFile)) overlay(profileFile);
    for (String f : env.getOrDefault("ONEGO_CONFIG", "").split(",")) {
      if (f.isBlank()) continue;
      Path p = Path.of(f.trim());
      if (!Files.isRegularFile(p)) throw new ConfigException(p.toString(), "", "file named in ONEGO_CONFIG not found");
      overlay(p);
    }
    set("profile", profile, "ONEGO_PROFILE");
    fromEnv("ONEGO_HTTP_PORT", "http.port");
    fromEnv("ONEGO_PG_URL", "postgres.url");
    fromEnv("ONEGO_REDIS_URL", "redis.url");
    fromEnv("ONEGO_CLUSTER", "cluster.enabled");
    fromEnv("ONEGO_DATA_DIR", "embedded.dataDir");
    fromEnv("ONEGO_SHARED_DATA_URL", "sharedData.url");
    if (env.containsKey("ONEGO_CLUSTER_MEMBERS")) {
      List<String> members = new ArrayList<>();
      for (String m : env.get("ONEGO_CLUSTER_MEMBERS").split(",")) if (!m.isBlank()) members.add(m.trim());
      set("cluster.members", members, "environment variable ONEGO_CLUSTER_MEMBERS");
    }
    return new ConfigNode(base.toString(), "", tree, origins);
  }

  private void overlay(Path file) {
    ConfigNode n = ConfigNode.read(file, file.toString());
    if (!n.isMap()) throw n.fail("the top level must be a mapping");
    merge(tree, n.map(), "", file.toString());
  }

  @SuppressWarnings("unchecked")
  private void merge(Map<String, Object> into, Map<String, Object> from, String prefix, String source) {
    for (Map.Entry<String, Object> e : from.entrySet()) {
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      Object old = into.get(e.getKey());
      if (old instanceof Map && e.getValue() instanceof Map) {
        merge((Map<String, Object>) old, (Map<String, Object>) e.getValue(), path, source);
      } else {
        into.put(e.getKey(), e.getValue() instanceof Map ? new LinkedHashMap<>((Map<String, Object>) e.getValue()) : e.getValue());
        origins.keySet().removeIf(k -> k.startsWith(path + ".") || k.startsWith(path + "["));
        origins.put(path, source);
      }
    }
  }

  private void fromEnv(String var, String path) {
    String v = env.get(var);
    if (v != null && !v.isBlank()) set(path, v.trim(), "environment variable " + var);
  }

  @SuppressWarnings("unchecked")
  private void set(String path, Object value, String source) {
    String[] parts = path.split("\\.");
    Map<String, Object> m = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = m.get(parts[i]);
      if (!(next instanceof Map)) {
        next = new LinkedHashMap<String, Object>();
        m.put(parts[i], next);
      }
      m = (Map<String, Object>) next;
    }
    m.put(parts[parts.length - 1], value);
    origins.put(path, source);
  }
}
