package onego.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The served OpenAPI document, read from the module's resources, and the request examples in it. */
final class OpenApiDocument {
  static final Path FILE = Path.of("intake-server", "src", "main", "resources", "openapi.yaml");

  /** One example of a request body: its operation, where it goes, its JSON and the status the spec promises. */
  record RequestExample(String operationId, String method, String pathTemplate, String name, JsonNode body, int expectedStatus) {
    @Override
    public String toString() {
      return operationId + " / " + name;
    }
  }

  private OpenApiDocument() {}

  static JsonNode read() {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every named example of an {@code application/json} request body. The expected status is the
   * example's {@code x-expected-status} when it shows a refusal, else the operation's one 2xx.
   */
  static List<RequestExample> requestExamples() {
    List<RequestExample> out = new ArrayList<>();
    JsonNode paths = read().get("paths");
    for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext(); ) {
      Map.Entry<String, JsonNode> path = p.next();
      for (Iterator<Map.Entry<String, JsonNode>> m = path.getValue().fields(); m.hasNext(); ) {
        Map.Entry<String, JsonNode> method = m.next();
        JsonNode op = method.getValue();
        JsonNode examples = op.path("requestBody").path("content").path("application/json").path("examples");
        for (Iterator<Map.Entry<String, JsonNode>> e = examples.fields(); e.hasNext(); ) {
          Map.Entry<String, JsonNode> ex = e.next();
          int status = ex.getValue().has("x-expected-status") ? ex.getValue().get("x-expected-status").asInt() : successStatus(op);
          out.add(new RequestExample(op.get("operationId").asText(), method.getKey().toUpperCase(), path.getKey(), ex.getKey(), ex.getValue().get("value"), status));
        }
      }
    }
    return out;
  }

  private static int successStatus(JsonNode op) {
    List<Integer> ok = new ArrayList<>();
    op.get("responses").fieldNames().forEachRemaining(code -> {
      if (code.matches("2\\d\\d")) ok.add(Integer.parseInt(code));
    });
    if (ok.size() != 1) throw new IllegalStateException(op.get("operationId") + " documents " + ok + " as success; give its examples x-expected-status");
    return ok.get(0);
  }
}
