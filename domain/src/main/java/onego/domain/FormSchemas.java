package onego.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The published form schemas of a catalog, each built once per thing and item subset and kept:
 * what {@code GET /things/{code}} and {@code GET /things/{code}/form} publish is the same object the
 * intake validates with. Compiled for the standard JSON Schema 2020-12 validator
 * (networknt json-schema-validator) with format assertions on and the custom formats of
 * {@link FormFormats}. Thread-safe.
 */
public final class FormSchemas {
  /** Item subsets of the catalog's things are few, but a bound keeps a bug from growing the cache. */
  private static final int MAX_CACHED = 1_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry REGISTRY = registry();

  private final Catalog catalog;
  private final Map<String, FormSchema> cache = new ConcurrentHashMap<>();

  public FormSchemas(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The schema of {@code thing}'s whole form (一表申请 of every item). */
  public FormSchema of(Thing thing) {
    return of(thing, thing.items());
  }

  /**
   * The schema of the merged form of {@code items} (items of {@code thing}), taken in the thing's
   * order whatever order they come in, so that one subset is one schema.
   */
  public FormSchema of(Thing thing, List<ItemSpec> chosen) {
    List<ItemSpec> items = thing.items().stream().filter(chosen::contains).toList();
    String key = thing.code() + "|" + items.stream().map(ItemSpec::code).collect(Collectors.joining(","));
    FormSchema hit = cache.get(key);
    if (hit != null) return hit;
    FormSchema built = compile(new MergedForm(catalog, thing, items));
    if (cache.size() < MAX_CACHED) cache.putIfAbsent(key, built);
    return cache.getOrDefault(key, built);
  }

  /** Compiles {@code form}'s published schema for the standard validator. */
  public static FormSchema compile(MergedForm form) {
    io.vertx.core.json.JsonObject published = form.toJsonSchema();
    return new FormSchema(form, published, REGISTRY.getSchema(node(published.encode())));
  }

  static JsonNode node(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
  }

  private static SchemaRegistry registry() {
    Dialect dialect = Dialect.builder(Dialects.getDraft202012())
        .formats(FormFormats.all())
        .keyword(new AnnotationKeyword(MergedForm.X_ITEMS))
        .keyword(new AnnotationKeyword(MergedForm.X_PREFILL))
        .keyword(new AnnotationKeyword(MergedForm.X_FROM_ITEM))
        .build();
    SchemaRegistryConfig config = SchemaRegistryConfig.builder()
        .formatAssertionsEnabled(true)
        .losslessNarrowing(true)
        .build();
    return SchemaRegistry.withDefaultDialect(dialect, b -> b.schemaRegistryConfig(config));
  }
}
