package onego.server.config;

import onego.domain.ConfigNode;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every key and secret that appears in the repository's own configuration files, so that a
 * production node can refuse to run with one (anyone who can read the repository knows them).
 * They are read at start from the copies the build bundles into the jar under {@value #BUNDLE}
 * ({@code config/application.yaml}, {@code config/profiles/*.yaml}, {@code config/federation/*.yaml} (the two-platform demo), {@code docker/*.example.yaml};
 * see {@code intake-server/pom.xml}), not from the configuration folder the node runs with: an
 * operator may keep real secrets there (a {@code profiles/prod.yaml} of their own). A value counts as a secret when its YAML key names one ({@code key}, {@code secret},
 * {@code password}, {@code salt}, {@code token}, or their plural, e.g. {@code hs256Secret}, {@code keySalt},
 * {@code encryptionKey}, each entry of a department's {@code secrets} list), or when it is the password of a URL
 * ({@code scheme://user:pass@host}).
 */
public final class RepositorySecrets {
  /** Where the build puts its copies of the repository's configuration files, inside the jar. */
  public static final String BUNDLE = "onego/repository-config";

  private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(key|secret|password|salt|token)s?");
  private static final Pattern URL_PASSWORD = Pattern.compile("^[a-z][a-z0-9+.-]*://[^/@:]*:([^/@]+)@", Pattern.CASE_INSENSITIVE);

  /** value → where it was found ({@code docker/prod-keys.example.yaml at auth.jwt.hs256Secret}). */
  private final Map<String, String> found = new HashMap<>();
  private int bundledFiles;

  private RepositorySecrets() {}

  /** The secrets of the configuration files bundled into this build. */
  public static RepositorySecrets load() {
    RepositorySecrets s = new RepositorySecrets();
    s.bundledFiles = s.readBundle();
    return s;
  }

  /** Where {@code value} appears in the repository, if it does. */
  public Optional<String> whereFound(String value) {
    return value == null ? Optional.empty() : Optional.ofNullable(found.get(value.trim()));
  }

  /** How many configuration files the build bundled; 0 means the jar was built without them. */
  public int bundledFiles() { return bundledFiles; }

  /** How many distinct secret values are known. */
  public int size() { return found.size(); }

  private int readBundle() {
    URL url = RepositorySecrets.class.getClassLoader().getResource(BUNDLE);
    if (url == null) return 0;
    try {
      URI uri = url.toURI();
      if (!"jar".equals(uri.getScheme())) return readTree(Path.of(uri));
      try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
        return readTree(jar.getPath(BUNDLE));
      } catch (FileSystemAlreadyExistsException open) {
        return readTree(FileSystems.getFileSystem(uri).getPath(BUNDLE));
      }
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot read the bundled configuration files at " + url, e);
    }
  }

  private int readTree(Path root) throws IOException {
    int n = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        read(p, root.relativize(p).toString().replace('\\', '/'));
        n++;
      }
    }
    return n;
  }

  private void read(Path file, String name) {
    collect(ConfigNode.read(file, name).raw(), "", null, name);
  }

  private void collect(Object value, String path, String key, String file) {
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> collect(v, path.isEmpty() ? String.valueOf(k) : path + "." + k, String.valueOf(k), file));
    } else if (value instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) collect(l.get(i), path + "[" + i + "]", key, file);
    } else if (value instanceof String s && !s.isBlank()) {
      if (key != null && SECRET_NAME.matcher(key).matches()) found.putIfAbsent(s.trim(), file + " at " + path);
      String password = urlPassword(s);
      if (password != null) found.putIfAbsent(password, file + " at " + path + " (URL password)");
    }
  }

  /** The password of {@code scheme://user:password@host...}, or null. */
  static String urlPassword(String url) {
    Matcher m = URL_PASSWORD.matcher(url.trim());
    return m.find() ? m.group(1) : null;
  }
}
