package onego.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A value read from a YAML file, with the file and the path to it, so that every problem
 * found while reading names exactly where it is ({@code catalog/things/newborn.yaml at items[2].department}).
 */
public final class ConfigNode {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String file;
  private final String path;
  private final Object value;
  private final Map<String, String> origins;

  public ConfigNode(String file, String path, Object value) {
    this(file, path, value, Map.of());
  }

  /** A node of a tree merged from several sources; {@code origins} maps a path to the source that set it. */
  public ConfigNode(String file, String path, Object value, Map<String, String> origins) {
    this.file = file;
    this.path = path;
    this.value = value;
    this.origins = origins;
  }

  public static ConfigNode read(Path file, String displayName) {
    try {
      Object value = YAML.readValue(Files.readAllBytes(file), Object.class);
      return new ConfigNode(displayName, "", value == null ? new LinkedHashMap<>() : value);
    } catch (IOException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw new ConfigException(displayName, "", "cannot be read as YAML: " + reason);
    }
  }

  /** The file (or other source) this value came from. */
  public String file() {
    for (String p = path; !p.isEmpty(); p = parent(p)) {
      String o = origins.get(p);
      if (o != null) return o;
    }
    return file;
  }

  private static String parent(String p) {
    int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    return cut < 0 ? "" : p.substring(0, cut);
  }
  public String path() { return path; }
  public Object raw() { return value; }

  public ConfigException fail(String problem) {
    return new ConfigException(file(), path, problem);
  }

  public boolean isMap() { return value instanceof Map; }
  public boolean has(String key) { return map().get(key) != null; }

  @SuppressWarnings("unchecked")
  public Map<String, Object> map() {
    if (!(value instanceof Map)) throw fail("expected a mapping, found " + describe(value));
    return (Map<String, Object>) value;
  }

  public Set<String> keys() { return map().keySet(); }

  public ConfigNode get(String key) {
    return new ConfigNode(file, child(key), map().get(key), origins);
  }

  /** A required mapping. */
  public ConfigNode obj(String key) {
    ConfigNode n = get(key);
    if (n.value == null) throw n.fail("is required");
    n.map();
    return n;
  }

  /** An optional mapping; an empty one when absent. */
  public ConfigNode optObj(String key) {
    ConfigNode n = get(key);
    return n.value == null ? new ConfigNode(file, n.path, new LinkedHashMap<>(), origins) : n.checkMap();
  }

  private ConfigNode checkMap() { map(); return this; }

  public String str(String key) {
    ConfigNode n = get(key);
    if (n.value == null) throw n.fail("is required");
    if (!(n.value instanceof String s)) throw n.fail("expected text, found " + describe(n.value));
    if (s.isBlank()) throw n.fail("must not be empty");
    return s;
  }

  public String optStr(String key, String dflt) {
    ConfigNode n = get(key);
    if (n.value == null) return dflt;
    if (n.value instanceof String s) return s;
    if (n.value instanceof Number || n.value instanceof Boolean) return String.valueOf(n.value);
    throw n.fail("expected text, found " + describe(n.value));
  }

  public long integer(String key) {
    ConfigNode n = get(key);
    if (n.value == null) throw n.fail("is required");
    return n.asLong();
  }

  public long optInt(String key, long dflt) {
    ConfigNode n = get(key);
    return n.value == null ? dflt : n.asLong();
  }

  /** The whole number at {@code key}, {@code dflt} when absent; fails naming the range when outside {@code min..max}. */
  public long range(String key, long dflt, long min, long max) {
    long v = optInt(key, dflt);
    if (v < min || v > max) throw get(key).fail("must be between " + min + " and " + max);
    return v;
  }

  private long asLong() {
    if (value instanceof Integer || value instanceof Long) return ((Number) value).longValue();
    if (value instanceof String s) {
      try { return Long.parseLong(s.trim()); } catch (NumberFormatException ignored) { /* reported below */ }
    }
    throw fail("expected a whole number, found " + describe(value));
  }

  public double optNumber(String key, double dflt) {
    ConfigNode n = get(key);
    if (n.value == null) return dflt;
    if (n.value instanceof Number num) return num.doubleValue();
    throw n.fail("expected a number, found " + describe(n.value));
  }

  public Double optNumberOrNull(String key) {
    return has(key) ? optNumber(key, 0) : null;
  }

  public boolean optBool(String key, boolean dflt) {
    ConfigNode n = get(key);
    if (n.value == null) return dflt;
    if (n.value instanceof Boolean b) return b;
    if (n.value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw n.fail("expected true or false, found " + describe(n.value));
  }

  /** A list of nodes; empty when absent. */
  public List<ConfigNode> list(String key) {
    ConfigNode n = get(key);
    if (n.value == null) return List.of();
    if (!(n.value instanceof List<?> l)) throw n.fail("expected a list, found " + describe(n.value));
    List<ConfigNode> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) out.add(new ConfigNode(file, n.path + "[" + i + "]", l.get(i), origins));
    return out;
  }

  /** A list of strings; empty when absent. A single string counts as a list of one. */
  public List<String> strList(String key) {
    ConfigNode n = get(key);
    if (n.value == null) return List.of();
    if (n.value instanceof String s) return List.of(s);
    List<String> out = new ArrayList<>();
    for (ConfigNode e : list(key)) {
      if (!(e.value instanceof String s) || s.isBlank()) throw e.fail("expected text, found " + describe(e.value));
      out.add(s);
    }
    return out;
  }

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String describe(Object v) {
    if (v == null) return "nothing";
    if (v instanceof Map) return "a mapping";
    if (v instanceof List) return "a list";
    if (v instanceof String s) return "text \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
    return v.getClass().getSimpleName().toLowerCase() + " " + v;
  }
}
