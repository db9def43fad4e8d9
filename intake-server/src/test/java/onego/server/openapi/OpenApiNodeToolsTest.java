package onego.server.openapi;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * openapi.yaml through the Node.js tools portal teams use: Redocly's linter (recommended rules,
 * the repository's {@code redocly.yaml} and {@code .redocly.lint-ignore.yaml}) finds no error and
 * no warning; the types openapi-typescript makes compile with {@code tsc --strict} in a file that
 * sets free-form fields ({@code form.babyName}) and narrows the case by {@code view}.
 * The tools are those of {@code intake-server/src/test/node/package.json}, installed by
 * {@code .ci/run} into {@code target/node-tools}; without them (a laptop with only a JDK and
 * Maven) the tests are skipped, saying so.
 */
class OpenApiNodeToolsTest {
  private static final Path TOOLS = Path.of("target", "node-tools", "node_modules", ".bin");
  private static final Path WORK = Path.of("intake-server", "target", "openapi-ts");

  @BeforeEach
  void toolsInstalled() {
    assumeTrue(Files.isExecutable(TOOLS.resolve("redocly")) && Files.isExecutable(TOOLS.resolve("openapi-typescript"))
            && Files.isExecutable(TOOLS.resolve("tsc")),
        "Node tools not installed in " + TOOLS.toAbsolutePath() + " (.ci/run installs them: npm install from intake-server/src/test/node)");
  }

  private record Run(int exit, String out) {}

  private static Run run(String tool, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(TOOLS.resolve(tool).toString()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("openapi-tool", ".log");
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    b.environment().put("REDOCLY_TELEMETRY", "off");
    b.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    Process p = b.start();
    p.getOutputStream().close();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(tool + " did not finish");
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    return new Run(p.exitValue(), out);
  }

  @Test
  void redoclyFindsNoErrorAndNoWarning() throws Exception {
    Run lint = run("redocly", "lint", "--format=json", OpenApiDocument.FILE.toString());
    String json = lint.out().substring(lint.out().indexOf('{'));
    JsonObject totals = new JsonObject(json.substring(0, json.lastIndexOf('}') + 1)).getJsonObject("totals");
    assertThat(totals.getInteger("errors")).as(lint.out()).isZero();
    assertThat(totals.getInteger("warnings")).as(lint.out()).isZero();
    assertThat(lint.exit()).as(lint.out()).isZero();
  }

  @Test
  void typeScriptTypesCompileWithTheFreeFormFieldsUsable() throws Exception {
    Files.createDirectories(WORK);
    Run generate = run("openapi-typescript", OpenApiDocument.FILE.toString(), "-o", WORK.resolve("api.d.ts").toString());
    assertThat(generate.exit()).as(generate.out()).isZero();
    assertThat(Files.readString(WORK.resolve("api.d.ts"))).doesNotContain("form?: Record<string, never>");
    Files.copy(Path.of("intake-server", "src", "test", "resources", "openapi-ts", "usage.ts"), WORK.resolve("usage.ts"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Run tsc = run("tsc", "--noEmit", "--strict", "--target", "es2020", "--moduleResolution", "node", WORK.resolve("usage.ts").toString());
    assertThat(tsc.out()).as("tsc").isEmpty();
    assertThat(tsc.exit()).isZero();
  }
}
