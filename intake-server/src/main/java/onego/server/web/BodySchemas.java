package onego.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The request body schemas of the served OpenAPI document ({@code openapi.yaml}), by operation:
 * what a route that declares {@link JsonBody#documented()} is checked against, so the document
 * and the check cannot drift apart.
 */
public final class BodySchemas {
  private final JsonNode paths;

  private BodySchemas(JsonNode paths) {
    this.paths = paths;
  }

  /** The schemas of the OpenAPI document {@code yaml}. */
  public static BodySchemas of(String yaml) {
    try {
      return new BodySchemas(new ObjectMapper(new YAMLFactory()).readTree(yaml).path("paths"));
    } catch (IOException e) {
      throw new UncheckedIOException("the OpenAPI document is not YAML", e);
    }
  }

  /**
   * The compiled JSON request body schema of {@code method} on the Vert.x route {@code pattern}
   * ({@code /api/v1/cases/:caseId/rating}, the document's {@code /api/v1/cases/{caseId}/rating});
   * IllegalStateException when the document gives it none.
   */
  public BodySchema of(String method, String pattern) {
    String path = pattern.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
    JsonNode schema = paths.path(path).path(method.toLowerCase(Locale.ROOT)).path("requestBody").path("content").path("application/json").path("schema");
    if (!schema.isObject()) throw new IllegalStateException("openapi.yaml gives " + method + " " + path + " no application/json request body schema");
    return BodySchema.compile(schema);
  }
}
