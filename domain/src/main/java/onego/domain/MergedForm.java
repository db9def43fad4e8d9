package onego.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one form (一表申请) for a set of items: each field once, required when any chosen item
 * requires it, annotated with the items that use it.
 */
public final class MergedForm {
  private final Catalog catalog;
  private final String title;
  private final Map<String, List<String>> usedBy = new LinkedHashMap<>();
  private final Map<String, Boolean> required = new LinkedHashMap<>();

  public MergedForm(Catalog catalog, String title, List<ItemSpec> items) {
    this.catalog = catalog;
    this.title = title;
    for (ItemSpec i : items) {
      for (String f : i.fields()) add(f, i.code(), true);
      for (String f : i.optionalFields()) add(f, i.code(), false);
    }
  }

  private void add(String field, String item, boolean req) {
    usedBy.computeIfAbsent(field, k -> new ArrayList<>()).add(item);
    required.merge(field, req, Boolean::logicalOr);
  }

  public boolean has(String field) { return usedBy.containsKey(field); }
  public boolean isRequired(String field) { return required.getOrDefault(field, false); }
  public Iterable<String> fieldNames() { return usedBy.keySet(); }

  /** The merged JSON Schema (draft 2020-12) with {@code x-items} and {@code x-prefill} annotations. */
  public JsonObject toJsonSchema() {
    JsonObject props = new JsonObject();
    JsonArray req = new JsonArray();
    for (Map.Entry<String, List<String>> e : usedBy.entrySet()) {
      props.put(e.getKey(), property(catalog.field(e.getKey())).put("x-items", new JsonArray(e.getValue())));
      if (required.get(e.getKey())) req.add(e.getKey());
    }
    return new JsonObject()
        .put("$schema", "https://json-schema.org/draft/2020-12/schema")
        .put("title", title)
        .put("type", "object")
        .put("properties", props)
        .put("required", req)
        .put("additionalProperties", false);
  }

  private JsonObject property(FieldSpec f) {
    JsonObject p = new JsonObject().put("title", f.title());
    switch (f.type()) {
      case "date" -> p.put("type", "string").put("format", "date");
      case "date-time" -> p.put("type", "string").put("format", "date-time");
      default -> p.put("type", f.type());
    }
    if (f.format() != null) p.put("format", f.format());
    if (f.pattern() != null) p.put("pattern", f.pattern().pattern());
    if (f.enumValues() != null) p.put("enum", new JsonArray(f.enumValues()));
    if (f.minLength() != null) p.put("minLength", f.minLength());
    if (f.maxLength() != null) p.put("maxLength", f.maxLength());
    if (f.minimum() != null) p.put("minimum", f.minimum());
    if (f.maximum() != null) p.put("maximum", f.maximum());
    if (f.description() != null) p.put("description", f.description());
    if (f.prefill() != null) {
      p.put("x-prefill", new JsonObject().put("source", f.prefill()).put("name", catalog.sources().get(f.prefill())));
    }
    return p;
  }
}
