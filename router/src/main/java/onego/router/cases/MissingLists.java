package onego.router.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Catalog;
import onego.domain.DomainError;
import onego.domain.ItemSpec;

import java.util.List;

/**
 * The rules of a RETURNED report's {@code missing} list (补正, 一次性告知: contract "Departments",
 * "RETURNED lists in {@code missing} everything the applicant must supply, once"): an array of 1 to
 * 50 entries {@code {"material": "<code>", "reason"}} or {@code {"field": "<name>", "reason"}}, each
 * naming exactly one of the item's own catalog materials or form fields, {@code reason} optional
 * text of at most 500 characters. Each refusal is a 422 naming {@code missing} or
 * {@code missing[i].material} / {@code missing[i].field}.
 */
final class MissingLists {
  static final int MAX_ENTRIES = 50;
  static final int MAX_REASON = 500;
  private final Catalog catalog;

  MissingLists(Catalog catalog) {
    this.catalog = catalog;
  }

  /** {@code missing} of item {@code code} of {@code thing}, as stored and shown: [{material|field, reason}] with the reason trimmed or null. */
  JsonArray check(String thing, String code, JsonArray missing) {
    if (missing.isEmpty() || missing.size() > MAX_ENTRIES) {
      throw DomainError.invalid("missing", "1 to " + MAX_ENTRIES + " entries {material | field, reason}");
    }
    ItemSpec spec = catalog.thing(thing).flatMap(t -> t.item(code)).orElse(null);
    List<String> materials = spec == null ? List.of() : spec.materials();
    List<String> fields = spec == null ? List.of() : spec.allFields();
    JsonArray out = new JsonArray();
    for (int k = 0; k < missing.size(); k++) {
      String at = "missing[" + k + "]";
      if (!(missing.getValue(k) instanceof JsonObject entry)) throw DomainError.invalid(at, "an object {material | field, reason}");
      Object material = entry.getValue("material");
      Object field = entry.getValue("field");
      if ((material == null) == (field == null)) throw DomainError.invalid(at, "names exactly one of material or field");
      if (material != null && !(material instanceof String m && materials.contains(m))) {
        throw DomainError.invalid(at + ".material", "not a material of item " + code + " (its materials: " + materials + ")");
      }
      if (field != null && !(field instanceof String f && fields.contains(f))) {
        throw DomainError.invalid(at + ".field", "not a form field of item " + code + " (its fields: " + fields + ")");
      }
      Object reason = entry.getValue("reason");
      if (reason != null && !(reason instanceof String)) throw DomainError.invalid(at + ".reason", "text");
      String r = reason == null ? null : ((String) reason).strip();
      if (r != null && r.length() > MAX_REASON) throw DomainError.invalid(at + ".reason", "at most " + MAX_REASON + " characters");
      out.add(new JsonObject().put(material != null ? "material" : "field", material != null ? material : field)
          .put("reason", r == null || r.isEmpty() ? null : r));
    }
    return out;
  }
}
