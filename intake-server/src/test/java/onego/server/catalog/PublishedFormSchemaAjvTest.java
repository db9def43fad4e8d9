package onego.server.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.FormFormats;
import onego.domain.Phones;
import onego.server.support.NodeTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every published form schema compiles in Ajv's strict mode (JSON Schema 2020-12, ajv-formats, the
 * formats and annotations of {@code intake-server/portal-kit/form-formats.js}), and Ajv with those formats fails
 * exactly the fields the server refuses. Needs Node.js with {@code ajv} and {@code ajv-formats}
 * under {@code target/node-tools} ({@code .ci/run} installs them); skipped without them unless
 * {@code ONEGO_REQUIRE_NODE_TOOLS} is set, as in CI, where their absence fails the test.
 */
class PublishedFormSchemaAjvTest extends NodeTest {
  private static final Path TOOLS = Path.of("target", "node-tools", "node_modules");
  private static final Path SCRIPT = Path.of("intake-server", "portal-kit", "check-schemas.js");

  @Test
  void everyPublishedFormSchemaCompilesInAjvStrictMode() throws Exception {
    requireNodeTools();
    JsonObject schemas = new JsonObject();
    for (Object o : http.get("/api/v1/things").json().getJsonArray("things")) {
      String code = ((JsonObject) o).getString("code");
      schemas.put(code, http.get("/api/v1/things/" + code).json().getJsonObject("form"));
      for (Object i : ((JsonObject) o).getJsonArray("items")) {
        String item = ((JsonObject) i).getString("code");
        schemas.put(code + "?items=" + item, http.get("/api/v1/things/" + code + "/form?items=" + item).json());
      }
    }
    assertThat(schemas.size()).isGreaterThan(29);
    JsonObject out = ajv(new JsonObject().put("schemas", schemas).put("cases", new JsonArray()));
    assertThat(out.getJsonArray("compiled")).hasSize(schemas.size());
  }

  @Test
  void ajvWithThePortalKitFormatsFailsExactlyTheFieldsTheServerRefuses() throws Exception {
    requireNodeTools();
    JsonObject notice = PublishedFormSchemaTest.newbornNotice();
    List<PublishedFormSchemaTest.Case> cases = PublishedFormSchemaTest.cases(
        PublishedFormSchemaTest.validBody(notice).getJsonObject("form"));
    Map<String, Set<String>> server = PublishedFormSchemaTest.serverAnswers(notice, cases);
    JsonArray input = new JsonArray();
    cases.forEach(c -> input.add(new JsonObject().put("schema", "newborn").put("values", c.form())));
    JsonObject out = ajv(new JsonObject().put("schemas", new JsonObject().put("newborn", PublishedFormSchemaTest.publishedWholeForm()))
        .put("cases", input));
    JsonArray failing = out.getJsonArray("failing");
    for (int i = 0; i < cases.size(); i++) {
      Set<String> ajv = new TreeSet<>();
      failing.getJsonArray(i).forEach(f -> ajv.add((String) f));
      assertThat(server.get(cases.get(i).name())).as(cases.get(i).name()).isEqualTo(ajv);
    }
  }

  /**
   * The {@code phone} format of {@code form-formats.js} accepts exactly the numbers the server's
   * accepts (the four regions, canonical), and its {@code phoneFitsApplicant} answers as
   * {@link Phones#problemFor} does; needs Node.js only.
   */
  @Test
  void thePhoneFormatAndTheApplicantRuleAgreeInJavaAndJavaScript() throws Exception {
    assumeTrue(nodeRuns() || System.getenv("ONEGO_REQUIRE_NODE_TOOLS") != null, "skipped: needs Node.js");
    List<String> numbers = List.of("13800138000", "12800138000", "1380013800", "+85291234567", "+8529123456", "+85366123456",
        "+853661234567", "+886912345678", "+886812345678", "+88691234567", "+86913800138000", "85291234567", "+4477009001234", "");
    List<String> ids = List.of("810000199001011230", "820000199001011230", "830000199001011230", "430102199001011230");
    JsonArray expected = new JsonArray();
    for (String n : numbers) {
      JsonArray fits = new JsonArray();
      ids.forEach(id -> fits.add(Phones.problemFor(n, id) == null));
      expected.add(new JsonObject().put("phone", n).put("format", FormFormats.problem("phone", n) == null).put("fits", fits));
    }
    String script = "const f = require('./intake-server/portal-kit/form-formats.js');"
        + "const ids = " + new JsonArray(ids).encode() + ";"
        + "console.log(JSON.stringify(" + new JsonArray(numbers).encode()
        + ".map(n => ({ phone: n, format: f.FORMATS.phone(n), fits: ids.map(id => f.phoneFitsApplicant(n, id)) }))));";
    Process p = new ProcessBuilder("node", "-e", script).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(new JsonArray(out)).isEqualTo(expected);
  }

  private static void requireNodeTools() {
    boolean available = Files.isDirectory(TOOLS.resolve("ajv")) && Files.isDirectory(TOOLS.resolve("ajv-formats")) && nodeRuns();
    if (System.getenv("ONEGO_REQUIRE_NODE_TOOLS") != null) {
      assertThat(available).as("ONEGO_REQUIRE_NODE_TOOLS is set but node, ajv or ajv-formats under " + TOOLS + " is missing").isTrue();
    }
    assumeTrue(available, "skipped: needs Node.js and `npm install --prefix target/node-tools ajv ajv-formats` (.ci/run does it)");
  }

  private static boolean nodeRuns() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs intake-server/portal-kit/check-schemas.js on {@code input}; fails the test with Ajv's message when it exits non-zero. */
  private static JsonObject ajv(JsonObject input) throws Exception {
    Path in = Files.createTempFile("onego-forms", ".json");
    try {
      Files.writeString(in, input.encode(), StandardCharsets.UTF_8);
      Process p = new ProcessBuilder("node", SCRIPT.toString(), in.toString())
          .redirectError(ProcessBuilder.Redirect.PIPE).start();
      byte[] stdout = p.getInputStream().readAllBytes();
      String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
      assertThat(p.exitValue()).as("Ajv strict mode: " + stderr).isZero();
      return new JsonObject(new String(stdout, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(in);
    }
  }
}
