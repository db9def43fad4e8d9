package onego.server.support;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's {@code promtool} (Debian package {@code prometheus}; {@code .ci/run} installs it), found
 * on the PATH or at {@code ONEGO_PROMTOOL}. Tests that need it skip with {@link #MISSING} when it is absent.
 */
public final class Promtool {
  public static final String MISSING = "promtool not found (install Debian's prometheus package or set ONEGO_PROMTOOL); .ci/run installs it";

  /** Exit code and combined output of one run. */
  public record Result(int exit, String output) {}

  private Promtool() {}

  /** The binary, or null when there is none. */
  public static Path find() {
    String configured = System.getenv("ONEGO_PROMTOOL");
    if (configured != null && Files.isExecutable(Path.of(configured))) return Path.of(configured);
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "promtool");
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }

  public static boolean available() { return find() != null; }

  /** Runs {@code promtool args...} with {@code stdin} (may be null), at most a minute. */
  public static Result run(String stdin, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(find().toString());
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(1, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("promtool did not finish: " + cmd);
      }
      return new Result(p.exitValue(), out);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
