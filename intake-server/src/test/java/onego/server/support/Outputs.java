package onego.server.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Catalog;
import onego.domain.CatalogLoader;
import onego.domain.FieldSpec;
import onego.domain.ItemSpec;
import onego.domain.Produces;

import java.nio.file.Path;

/** What a department reports when it completes an item: exactly what the catalog says the item {@code produces}. */
public final class Outputs {
  private static final Catalog CATALOG = CatalogLoader.load(Path.of("config/catalog"));

  private Outputs() {}

  /**
   * A COMPLETED {@code result} for item {@code code} of {@code thing}: one certificate per produced
   * e-certificate type (about {@code holder}), a well-formed value per produced value; a certificate
   * named after the item when it declares none.
   */
  public static JsonObject of(String thing, String code, String holder) {
    ItemSpec item = CATALOG.thing(thing).flatMap(t -> t.item(code)).orElseThrow(() -> new IllegalArgumentException(thing + "/" + code));
    JsonArray certificates = new JsonArray();
    for (Produces.Certificate c : item.produces().certificates()) {
      certificates.add(new JsonObject().put("type", c.type()).put("number", "NO-" + c.type()).put("ecertRef", "EC-" + c.type() + "-" + holder));
    }
    if (certificates.isEmpty()) certificates.add(new JsonObject().put("type", code).put("number", "NO-" + code));
    JsonObject values = new JsonObject();
    for (String v : item.produces().values()) values.put(v, value(CATALOG.field(v), holder));
    return new JsonObject().put("certificates", certificates).put("values", values);
  }

  /** As {@link #of(String, String, String)} about an arbitrary valid ID number. */
  public static JsonObject of(String thing, String code) {
    return of(thing, code, Submissions.idNumber());
  }

  private static Object value(FieldSpec f, String holder) {
    JsonObject schema = new JsonObject().put("type", f.type().startsWith("date") ? "string" : f.type());
    if (f.type().startsWith("date")) schema.put("format", f.type());
    if (f.format() != null) schema.put("format", f.format());
    if (f.pattern() != null) schema.put("pattern", f.pattern().pattern());
    if (f.enumValues() != null) schema.put("enum", new JsonArray(f.enumValues()));
    if (f.minimum() != null) schema.put("minimum", f.minimum());
    if ("id-number".equals(f.format())) return holder;
    return Submissions.value(schema);
  }
}
