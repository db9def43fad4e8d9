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
  /** Annotation: the codes of the chosen items that use the field. */
  public static final String X_ITEMS = "x-items";
  /** Annotation: the shared-data source (共享数据) that can fill the field, {source, name, about?} ({@code about}: the field naming the person it describes). */
  public static final String X_PREFILL = "x-prefill";
  /** Annotation: the chosen item whose result supplies the field (一次联办); the applicant leaves it out. */
  public static final String X_FROM_ITEM = "x-from-item";
  /** Text fields without their own maxLength are capped here (and say so), so no single field can be a blob. */
  public static final int DEFAULT_MAX_LENGTH = 2000;
  static final String COMMENT = "Custom formats: id-number (公民身份号码, GB 11643 check character), credit-code"
      + " (统一社会信用代码, GB 32100 check character), phone (mobile: mainland 11 digits 13-19, or +852/+853"
      + " and 8 digits, or +886 and 9 digits starting 9; intake accepts a non-mainland one only from a holder of that region's"
      + " residence permit); annotations: "
      + X_ITEMS + " (items using the field), " + X_PREFILL + " (shared-data source), " + X_FROM_ITEM + " (readOnly: an"
      + " earlier item of the case produces it; do not send it). Register the formats with"
      + " intake-server/portal-kit/form-formats.js of the OneGo repository (Ajv). The server canonicalises identifiers (full-width folded, spaces and"
      + " hyphens dropped, upper case, +86 removed, +852/+853/+886 kept), leaves out null and blank values and the fields of unchosen"
      + " items, writes whole numbers of integer fields as integers and a leap second 23:59:60 as 23:59:59, then validates"
      + " with exactly this schema and checks dates for plausibility (a birth or death not in the future, a death not before"
      + " the birth in the ID number, a retirement date not before the age the law allows).";
  private final Catalog catalog;
  private final String title;
  private final Map<String, List<String>> usedBy = new LinkedHashMap<>();
  private final Map<String, Boolean> required = new LinkedHashMap<>();
  private final Map<String, Boolean> asked = new LinkedHashMap<>();
  private final Map<String, String> fromItem = new LinkedHashMap<>();

  /** The form of {@code items} of {@code thing}: a field an earlier chosen item produces is not asked of anyone. */
  public MergedForm(Catalog catalog, Thing thing, List<ItemSpec> items) {
    this.catalog = catalog;
    this.title = thing.name();
    List<String> chosen = items.stream().map(ItemSpec::code).toList();
    for (ItemSpec i : items) {
      for (String f : i.allFields()) {
        String source = ItemSelection.chosenSource(thing, i, f, chosen);
        usedBy.computeIfAbsent(f, k -> new ArrayList<>()).add(i.code());
        asked.merge(f, source == null, Boolean::logicalOr);
        required.merge(f, source == null && i.fields().contains(f), Boolean::logicalOr);
        if (source != null) fromItem.putIfAbsent(f, source);
      }
    }
    asked.forEach((f, a) -> { if (a) fromItem.remove(f); });
  }

  public boolean has(String field) { return usedBy.containsKey(field); }
  public boolean isRequired(String field) { return required.getOrDefault(field, false); }
  public Iterable<String> fieldNames() { return usedBy.keySet(); }

  /** The codes of the chosen items that use {@code field}, in the thing's order; empty when none does. */
  public List<String> itemsUsing(String field) { return List.copyOf(usedBy.getOrDefault(field, List.of())); }

  /** The chosen item that supplies {@code field} (so the applicant must not), or null when the applicant gives it. */
  public String fromItem(String field) { return fromItem.get(field); }

  /**
   * The merged JSON Schema (draft 2020-12) with {@code x-items} and {@code x-prefill} annotations
   * and the custom formats of {@link FormFormats}; a {@code $comment} names both. Serve and
   * validate with the cached one from {@link FormSchemas}, not a fresh build.
   */
  public JsonObject toJsonSchema() {
    JsonObject props = new JsonObject();
    JsonArray req = new JsonArray();
    for (Map.Entry<String, List<String>> e : usedBy.entrySet()) {
      JsonObject p = property(catalog.field(e.getKey())).put(X_ITEMS, new JsonArray(e.getValue()));
      String source = fromItem.get(e.getKey());
      if (source != null) p.put(X_FROM_ITEM, source).put("readOnly", true);
      props.put(e.getKey(), p);
      if (required.get(e.getKey())) req.add(e.getKey());
    }
    return new JsonObject()
        .put("$schema", "https://json-schema.org/draft/2020-12/schema")
        .put("$comment", COMMENT)
        .put("title", title)
        .put("type", "object")
        .put("properties", props)
        .put("required", req)
        .put("additionalProperties", false);
  }

  /**
   * The catalog's patterns match the whole value; JSON Schema's {@code pattern} searches, so an
   * unanchored one is published anchored.
   */
  static String anchored(String regex) {
    return regex.startsWith("^") && regex.endsWith("$") ? regex : "^(?:" + regex + ")$";
  }

  private JsonObject property(FieldSpec f) {
    JsonObject p = new JsonObject().put("title", f.title());
    switch (f.type()) {
      case "date" -> p.put("type", "string").put("format", "date");
      case "date-time" -> p.put("type", "string").put("format", "date-time");
      default -> p.put("type", f.type());
    }
    if (f.format() != null) p.put("format", f.format());
    if (f.pattern() != null) p.put("pattern", anchored(f.pattern().pattern()));
    if (f.enumValues() != null) p.put("enum", new JsonArray(f.enumValues()));
    if (f.minLength() != null) p.put("minLength", f.minLength());
    if (f.maxLength() != null) p.put("maxLength", f.maxLength());
    else if (f.type().equals("string")) p.put("maxLength", DEFAULT_MAX_LENGTH);
    if (f.minimum() != null) p.put("minimum", f.minimum());
    if (f.maximum() != null) p.put("maximum", f.maximum());
    if (f.description() != null) p.put("description", f.description());
    if (f.prefill() != null) {
      JsonObject prefill = new JsonObject().put("source", f.prefill()).put("name", catalog.sources().get(f.prefill()));
      if (f.about() != null) prefill.put("about", f.about()); // read from that person's record with about.<field> (prefill)
      p.put(X_PREFILL, prefill);
    }
    return p;
  }
}
