package onego.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.router.cases.ItemFlow;
import onego.server.support.NodeTest;
import onego.server.web.JsonBody;
import onego.server.web.Param;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route table and the served OpenAPI document describe the same API: every route's declared
 * path and query parameters (name, place, required, type, format, range, default, length, values)
 * are the operation's documented ones, a route that reads a body has a documented request body
 * (the one a {@code documented()} body is checked against) and one that reads none has none, and
 * every documented {@code /api/v1} operation is a route of the table. Headers are not compared
 * (the reader reads none).
 */
class RouteTableMatchesOpenApiTest extends NodeTest {
  private static final List<String> COMPARED = List.of("type", "format", "enum", "minimum", "maximum", "maxLength", "default");
  private static final Set<String> NOT_IN_THE_TABLE = Set.of("/api/v1/health/live", "/api/v1/health/ready", "/api/v1/metrics", "/api/v1/openapi.yaml");

  private static JsonNode doc;
  private static List<ApiRoutes.Declared> routes;

  @BeforeAll
  static void read() throws IOException {
    try (var in = RouteTableMatchesOpenApiTest.class.getResourceAsStream("/openapi.yaml")) {
      doc = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
    routes = ApiRoutes.declared(node.node().vertx(), node.node().handlers());
  }

  @Test
  void everyRoutesParametersAreTheDocumentedOnes() {
    List<String> mismatches = new ArrayList<>();
    for (ApiRoutes.Declared r : routes) {
      JsonNode op = operation(r);
      assertThat(op.isMissingNode()).as("%s is documented", r).isFalse();
      Map<String, JsonObject> documented = new LinkedHashMap<>();
      for (JsonNode p : op.path("parameters")) {
        JsonNode param = resolve(p);
        if (param.path("in").asText().equals("header")) continue;
        documented.put(param.path("in").asText() + " " + param.path("name").asText(), normalized(param));
      }
      Map<String, JsonObject> declared = new LinkedHashMap<>();
      for (Param<?> p : r.reader().params()) declared.put(p.in().name().toLowerCase() + " " + p.name(), normalized(p.describe()));
      if (!declared.keySet().equals(documented.keySet())) {
        mismatches.add(r.method() + " " + r.pattern() + ": declares " + declared.keySet() + ", documents " + documented.keySet());
        continue;
      }
      declared.forEach((name, d) -> {
        if (!d.equals(documented.get(name))) mismatches.add(r.method() + " " + r.pattern() + " " + name + ": declares " + d + ", documents " + documented.get(name));
      });
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void aRouteReadsABodyExactlyWhenItsOperationDocumentsOne() {
    for (ApiRoutes.Declared r : routes) {
      JsonNode body = operation(r).path("requestBody");
      JsonBody declared = r.reader().body();
      assertThat(!body.isMissingNode()).as("%s documents a body", r).isEqualTo(declared != null);
      if (declared != null && declared.isDocumented()) {
        assertThat(body.path("required").asBoolean()).as("%s: a documented body is required", r).isTrue();
      }
    }
  }

  @Test
  void everyDocumentedApiOperationIsARouteOfTheTable() {
    Set<String> table = new TreeSet<>();
    for (ApiRoutes.Declared r : routes) table.add(r.method().name() + " " + documentedPath(r.pattern()));
    Set<String> documented = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> p = doc.path("paths").fields(); p.hasNext(); ) {
      Map.Entry<String, JsonNode> path = p.next();
      if (!path.getKey().startsWith("/api/v1/") || NOT_IN_THE_TABLE.contains(path.getKey())) continue;
      path.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path.getKey()));
    }
    assertThat(table).isEqualTo(documented);
  }

  @Test
  void theDocumentedStatusesAreTheOnesADepartmentMayReport() {
    JsonNode status = doc.path("paths").path("/api/v1/departments/{code}/items/{itemId}/status").path("post")
        .path("requestBody").path("content").path("application/json").path("schema").path("properties").path("status").path("enum");
    Set<String> documented = new TreeSet<>();
    status.forEach(s -> documented.add(s.asText()));
    Set<String> allowed = new TreeSet<>();
    ItemFlow.DEPARTMENT_STATUSES.forEach(s -> allowed.add(s.name()));
    assertThat(documented).isEqualTo(allowed);
  }

  private static JsonNode operation(ApiRoutes.Declared r) {
    return doc.path("paths").path(documentedPath(r.pattern())).path(r.method().name().toLowerCase());
  }

  private static String documentedPath(String pattern) {
    return pattern.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
  }

  /** A {@code $ref} to a component replaced by the component. */
  private static JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref == null) return node;
    JsonNode target = doc;
    for (String part : ref.asText().substring(2).split("/")) target = target.path(part);
    return resolve(target);
  }

  /** Name, place, required and the compared schema keywords, as JSON (numbers and arrays as Vert.x reads them). */
  private static JsonObject normalized(JsonNode param) {
    JsonObject p = new JsonObject(param.toString());
    JsonObject schema = new JsonObject(resolve(param.path("schema")).toString());
    JsonObject out = new JsonObject();
    for (String key : COMPARED) {
      Object v = schema.getValue(key);
      if (v instanceof Number n) v = n.longValue();
      if (v != null) out.put(key, v instanceof JsonArray a ? a.copy() : v);
    }
    return new JsonObject().put("name", p.getString("name")).put("in", p.getString("in"))
        .put("required", p.getBoolean("required", false)).put("schema", out);
  }

  private static JsonObject normalized(JsonObject described) {
    JsonObject schema = described.getJsonObject("schema");
    JsonObject out = new JsonObject();
    for (String key : COMPARED) {
      Object v = schema.getValue(key);
      if (v instanceof Number n) v = n.longValue();
      if (v != null) out.put(key, v);
    }
    return described.copy().put("schema", out);
  }
}
