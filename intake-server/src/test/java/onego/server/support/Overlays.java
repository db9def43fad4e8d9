package onego.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/** Writes a configuration overlay for a test node. */
public final class Overlays {
  public static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("a test signing key, 32 bytes ok!".getBytes());

  private Overlays() {}

  public static Map<String, String> env(String yaml) {
    try {
      Path p = Files.createTempFile("onego-test", ".yaml");
      p.toFile().deleteOnExit();
      Files.writeString(p, yaml);
      return Map.of("ONEGO_CONFIG", p.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A push department entry pointing at {@code url}, signed with {@link #SECRET}. */
  public static String push(String department, String url, int maxInFlight, int timeoutMs, int maxAttempts) {
    return "  " + department + ": {mode: push, endpoint: \"" + url + "\", secret: \"" + SECRET + "\", maxInFlight: " + maxInFlight
        + ", timeoutMs: " + timeoutMs + ", maxAttempts: " + maxAttempts + ", retrySchedule: [50ms, 100ms, 200ms]}\n";
  }

  /** A push department entry pointing at {@code url}, signing with every one of {@code secrets} (a rotation). */
  public static String pushRotating(String department, String url, java.util.List<String> secrets) {
    return "  " + department + ": {mode: push, endpoint: \"" + url + "\", secrets: [\"" + String.join("\", \"", secrets)
        + "\"], maxInFlight: 4, timeoutMs: 5000, maxAttempts: 3, retrySchedule: [50ms, 100ms, 200ms]}\n";
  }

  /** The {@code departments:} section pushing each of {@code departments} to {@code url} (see {@link #push}). */
  public static String pushAll(java.util.List<String> departments, String url, int maxInFlight, int timeoutMs, int maxAttempts) {
    StringBuilder yaml = new StringBuilder("departments:\n");
    for (String d : departments) yaml.append(push(d, url, maxInFlight, timeoutMs, maxAttempts));
    return yaml.toString();
  }
}
