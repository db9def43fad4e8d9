package onego.server;

import onego.server.support.Overlays;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded, smaller run of the repository's bad-input storm ({@code load-tests/storm}, compiled
 * here from its sources) against a test node: no 5xx, the node alive, every 201 readable, every
 * valid submission answered 201 however much bad input it was mixed with.
 */
class BadInputStormTest {
  private static final Path SOURCES = Path.of("load-tests/storm");
  private static SharedDataTest.FakePlatform platform;
  private static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    platform = new SharedDataTest.FakePlatform();
    node = TestNode.start(Overlays.env("sharedData:\n  url: \"" + platform.url() + "\"\n  keySalt: \"" + UUID.randomUUID() + "\"\n"));
    TestServices.resetTables();
  }

  @AfterAll
  static void stop() {
    node.close();
    platform.close();
  }

  @Test
  void fourHundredRequestsOfBadInputGetNo5xxAndEvery201IsReadable() throws Exception {
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    int exit = runStorm(report, "--base", "http://localhost:" + node.port(), "--requests", "400", "--seed", "7", "--concurrency", "4",
        "--timeout-ms", "40000");
    String text = report.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(text).isZero();
    assertThat(text).contains("5xx: 0").contains("node alive: true").contains("PASSED");
    long created = TestServices.count("SELECT count(*) FROM cases");
    assertThat(created).as(text).isGreaterThan(20);
    assertThat(text).contains("created (201): " + created + ", read back: " + created);
  }

  /** Compiles the storm's sources into a temporary folder and runs {@code Storm.run(args, out)}. */
  private static int runStorm(ByteArrayOutputStream out, String... args) throws Exception {
    Path classes = Files.createTempDirectory("storm-classes");
    List<String> javac = new ArrayList<>(List.of("-d", classes.toString(), "-encoding", "UTF-8"));
    try (Stream<Path> files = Files.list(SOURCES)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> javac.add(p.toString()));
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler.run(null, null, null, javac.toArray(String[]::new))).as("the storm compiles").isZero();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Class<?> storm = loader.loadClass("Storm");
      return (int) storm.getMethod("run", String[].class, PrintStream.class)
          .invoke(null, args, new PrintStream(out, true, StandardCharsets.UTF_8));
    }
  }
}
