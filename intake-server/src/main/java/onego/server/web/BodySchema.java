package onego.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import io.vertx.core.json.JsonObject;
import onego.domain.FieldError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request body schema (JSON Schema 2020-12, as OpenAPI 3.1 writes it), checked with the
 * standard validator the form schemas use (networknt json-schema-validator, format assertions
 * on, 3.0 a whole number) and its output turned into the 422's details: one per failing field,
 * every failing field listed, the field written as the other 422s write it
 * ({@code result.certificates[0].type}). A member whose value is null counts as absent, as the
 * handlers have always read optional members. Thread-safe.
 */
public final class BodySchema {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012(),
      b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).losslessNarrowing(true).build()));

  private final Schema compiled;

  private BodySchema(Schema compiled) {
    this.compiled = compiled;
  }

  /** Compiles {@code schema}, which must be self-contained (no {@code $ref}). */
  public static BodySchema compile(JsonNode schema) {
    if (schema.findValue("$ref") != null) throw new IllegalStateException("a request body schema must be self-contained (no $ref): " + schema);
    return new BodySchema(REGISTRY.getSchema(schema));
  }

  /** Compiles {@code schema} given as JSON. */
  public static BodySchema compile(JsonObject schema) {
    return compile(node(schema));
  }

  /** What is wrong with {@code body}, one entry per field in the validator's order; empty when valid. */
  public List<FieldError> problems(JsonObject body) {
    JsonObject given = new JsonObject();
    body.forEach(e -> {
      if (e.getValue() != null) given.put(e.getKey(), e.getValue());
    });
    Map<String, FieldError> out = new LinkedHashMap<>();
    for (Error e : compiled.validate(node(given))) {
      boolean namesMember = e.getKeyword().equals("required") || e.getKeyword().equals("additionalProperties");
      String field = field(e, namesMember ? e.getProperty() : null);
      out.putIfAbsent(field, new FieldError(field, reason(e)));
    }
    return new ArrayList<>(out.values());
  }

  /** {@code a.b[0].c} for the error's instance location, and {@code member} below it. */
  private static String field(Error e, String member) {
    StringBuilder s = new StringBuilder();
    var at = e.getInstanceLocation();
    for (int i = 0; i < at.getNameCount(); i++) {
      Object part = at.getElement(i);
      if (part instanceof Integer index) s.append('[').append(index).append(']');
      else s.append(s.length() == 0 ? "" : ".").append(part);
    }
    if (member != null) s.append(s.length() == 0 ? "" : ".").append(member);
    return s.length() == 0 ? "body" : s.toString();
  }

  private static String reason(Error e) {
    JsonNode rule = e.getSchemaNode();
    return switch (e.getKeyword()) {
      case "required" -> "required";
      case "additionalProperties" -> "unknown field";
      case "type" -> "must be " + types(rule);
      case "minimum" -> "must be at least " + rule.asText();
      case "maximum" -> "must be at most " + rule.asText();
      case "minLength" -> "must be at least " + rule.asInt() + " characters";
      case "maxLength" -> "must be at most " + rule.asInt() + " characters";
      case "enum" -> "must be one of " + words(rule);
      case "format" -> switch (rule.asText()) {
        case "uuid" -> "must be a UUID";
        case "date" -> "must be a date YYYY-MM-DD";
        case "date-time" -> "must be an RFC 3339 date-time with offset";
        default -> "not a valid " + rule.asText();
      };
      default -> "does not satisfy " + e.getKeyword();
    };
  }

  private static String types(JsonNode rule) {
    if (!rule.isArray()) return type(rule.asText());
    List<String> each = new ArrayList<>();
    rule.forEach(t -> each.add(type(t.asText())));
    return String.join(" or ", each);
  }

  private static String type(String type) {
    return switch (type) {
      case "string" -> "a string";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "object" -> "an object";
      case "array" -> "an array";
      default -> type;
    };
  }

  private static String words(JsonNode rule) {
    List<String> each = new ArrayList<>();
    rule.forEach(v -> each.add(v.asText()));
    return String.join(", ", each);
  }

  private static JsonNode node(JsonObject json) {
    try {
      return JSON.readTree(json.encode());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
  }
}
