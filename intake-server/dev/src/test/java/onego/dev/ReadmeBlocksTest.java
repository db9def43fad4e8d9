package onego.dev;

import onego.server.support.Overlays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every shell block of the README and of {@code docs/} marked runnable runs as written on the embedded default
 * (docs/tests.md "Runnable README blocks"). A block is marked by the line
 * {@code <!-- runnable -->} or {@code <!-- runnable; expects: TEXT | TEXT -->} right before its {@code ```bash}
 * fence. Each marked block runs on its own in {@code bash -euo pipefail} (so it must set every variable it reads,
 * and every command in it must succeed) from the repository root, against a dev node with its simulated
 * departments and shared-data platform (departments working 300 ms instead of 5 s); the block must exit 0 and its
 * output must hold every expected text. The README's commands name the first command's address,
 * {@code localhost:8080}; the test's node listens on a free port, which replaces {@code localhost:8080} in the
 * block's text (the one substitution made).
 */
class ReadmeBlocksTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final List<Path> DOCUMENTS = List.of(Path.of("README.md"), Path.of("docs/walkthroughs.md"));
  private static final Pattern MARKER = Pattern.compile("^<!-- runnable(?:; expects: (.*))? -->$");
  private static final long BLOCK_TIMEOUT_SECONDS = 90;
  private static DevTestNode node;

  /** One marked block: where it is, its text, what its output must hold. */
  record Block(Path file, int line, String code, List<String> expects) {
    @Override
    public String toString() {
      return file + ":" + line;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Process curl = new ProcessBuilder("bash", "-c", "command -v curl").start();
    assertThat(curl.waitFor()).as("curl on the PATH: the README's commands use it (.ci/run installs it)").isZero();
    node = DevTestNode.start(Overlays.env("devsim:\n  enabled: true\n  workDelayMs: 300\n"
        + "sharedData:\n  url: null\n  keySalt: \"" + UUID.randomUUID() + "\"\n"));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
  }

  /** The marked blocks of {@code file}; a marker not followed by a {@code ```bash} fence is an error. */
  static List<Block> blocks(Path file) throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve(file), StandardCharsets.UTF_8);
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = MARKER.matcher(lines.get(i).strip());
      if (!m.matches()) continue;
      assertThat(i + 1 < lines.size() ? lines.get(i + 1) : "").as(file + ":" + (i + 1) + " a runnable marker opens a bash block")
          .isEqualTo("```bash");
      StringBuilder code = new StringBuilder();
      int j = i + 2;
      for (; j < lines.size() && !lines.get(j).equals("```"); j++) code.append(lines.get(j)).append('\n');
      assertThat(j).as(file + ":" + (i + 1) + " the block is closed").isLessThan(lines.size());
      List<String> expects = new ArrayList<>();
      if (m.group(1) != null) for (String e : m.group(1).split(" \\| ")) if (!e.isBlank()) expects.add(e.strip());
      out.add(new Block(file, i + 3, code.toString(), expects));
    }
    return out;
  }

  static List<Block> allBlocks() throws IOException {
    List<Block> all = new ArrayList<>();
    for (Path d : DOCUMENTS) all.addAll(blocks(d));
    return all;
  }

  @TestFactory
  Stream<DynamicTest> everyRunnableBlockRunsAsWritten() throws IOException {
    List<Block> blocks = allBlocks();
    for (Block b : blocks) {
      // head quits before the writer has written everything: under pipefail curl then fails (23) now and then
      assertThat(b.code()).as(b + ": no pipe into head (a writer cut off mid-answer fails the block at random)")
          .doesNotContainPattern("\\|\\s*head\\b");
    }
    assertThat(blocks.stream().filter(b -> b.file().equals(Path.of("README.md")))).as("runnable blocks in the README").hasSizeGreaterThanOrEqualTo(2);
    assertThat(blocks.stream().filter(b -> b.file().equals(Path.of("docs/walkthroughs.md")))).as("runnable walk-throughs").isNotEmpty();
    return blocks.stream().map(b -> DynamicTest.dynamicTest(b.toString(), () -> run(b)));
  }

  private static void run(Block b) throws Exception {
    String code = b.code().replace("localhost:8080", "localhost:" + node.port());
    Path output = Files.createTempFile("onego-readme-block", ".txt");
    try {
      Process p = new ProcessBuilder("bash", "-euo", "pipefail", "-c", code).directory(ROOT.toFile())
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      boolean ended = p.waitFor(BLOCK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!ended) p.destroyForcibly().waitFor();
      String text = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(ended).as(b + " ended within " + BLOCK_TIMEOUT_SECONDS + " s; output:\n" + text).isTrue();
      assertThat(p.exitValue()).as(b + " exit code; output:\n" + text).isZero();
      for (String e : b.expects()) assertThat(text).as(b + " output").contains(e);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /**
   * Every shell block of the how-to documents runs on a fresh machine: none needs {@code uuidgen} or {@code jq}
   * (not on a stock Debian), and none changes into a folder outside the repository.
   */
  @Test
  void noShellBlockNeedsToolsAFreshMachineLacks() throws IOException {
    List<Path> files = new ArrayList<>(DOCUMENTS);
    files.add(Path.of("load-tests/README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(f -> f.toString().endsWith(".md")).map(ROOT::relativize).filter(f -> !files.contains(f)).forEach(files::add);
    }
    Pattern fence = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    Pattern needs = Pattern.compile("\\b(uuidgen|jq)\\b|\\bcd\\s+(/|~)");
    int blocks = 0;
    for (Path f : files) {
      Matcher m = fence.matcher(Files.readString(ROOT.resolve(f), StandardCharsets.UTF_8));
      while (m.find()) {
        blocks++;
        Matcher n = needs.matcher(m.group(1));
        assertThat(n.find()).as(f + ": a shell block uses " + (n.find(0) ? n.group() : "") + ":\n" + m.group(1)).isFalse();
      }
    }
    assertThat(blocks).isGreaterThan(10);
  }
}
