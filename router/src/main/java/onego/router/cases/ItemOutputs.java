package onego.router.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Catalog;
import onego.domain.CreditCodes;
import onego.domain.DomainError;
import onego.domain.FieldError;
import onego.domain.FieldSpec;
import onego.domain.IdNumbers;
import onego.domain.ItemSpec;
import onego.domain.ItemStatus;
import onego.domain.Material;
import onego.domain.Phones;
import onego.domain.Produces;
import onego.domain.Thing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Results as data (一次联办, 国办发〔2022〕32号 三(四)): what a department must report when an item
 * completes, and what a later item receives from the items it waited for.
 * <ul>
 *   <li>A COMPLETED report carries every certificate type and value the item {@code produces}
 *       ({@code result.certificates[].type}, {@code result.values.<name>}, values in their field's
 *       format), else 422 naming each missing or malformed output.</li>
 *   <li>An item with {@code completesAfter} (不动产登记 after 税费申报: 《契税法》第十一条) cannot
 *       complete while one of those items of the case is unfinished: 409 CONFLICT naming it.</li>
 *   <li>A released item's {@code inputs} are {@code {"values": {name: value}, "certificates": [{type, number,
 *       ecertRef, fromItem}]}}: exactly what its {@code fromItem} declares, taken from the completed source
 *       items of the case (data minimisation: nothing else).</li>
 * </ul>
 */
final class ItemOutputs {
  private final Catalog catalog;

  ItemOutputs(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Checks a COMPLETED report of {@code item}; throws {@link DomainError} (422 or 409). */
  void checkCompletion(String thingCode, ItemState item, List<ItemState> items, JsonObject result) {
    ItemSpec spec = spec(thingCode, item.code);
    if (spec == null) return;
    for (String after : spec.completesAfter()) {
      for (ItemState other : items) {
        if (other.code.equals(after) && other.status != ItemStatus.COMPLETED && other.status != ItemStatus.CANCELLED) {
          throw DomainError.conflict(item.code + " cannot complete before " + other.name + " (" + after + ") has completed;"
              + " it is " + other.status + " (《中华人民共和国契税法》第十一条: 先税后证)");
        }
      }
    }
    Produces p = spec.produces();
    if (p.isEmpty()) return;
    List<FieldError> missing = new ArrayList<>();
    JsonArray certs = result == null ? new JsonArray() : result.getJsonArray("certificates", new JsonArray());
    for (Produces.Certificate c : p.certificates()) {
      boolean given = certs.stream().anyMatch(o -> o instanceof JsonObject j && c.type().equals(j.getString("type")));
      if (!given) missing.add(new FieldError("result.certificates", "missing " + c.name() + " (type " + c.type() + "), which " + spec.code() + " produces"));
    }
    JsonObject values = result == null ? new JsonObject() : result.getJsonObject("values", new JsonObject());
    for (String v : p.values()) {
      Object value = values.getValue(v);
      FieldSpec f = catalog.field(v);
      if (value == null || value instanceof String s && s.isBlank()) {
        missing.add(new FieldError("result.values." + v, "missing " + f.title() + ", which " + spec.code() + " produces"));
      } else if (!wellFormed(f, value)) {
        missing.add(new FieldError("result.values." + v, "not a valid " + f.title()));
      }
    }
    if (!missing.isEmpty()) throw DomainError.invalid(missing);
  }

  private static boolean wellFormed(FieldSpec f, Object value) {
    if (!(value instanceof String s)) return f.type().equals("number") || f.type().equals("integer") ? value instanceof Number : false;
    if (f.format() == null) return f.pattern() == null || f.pattern().matcher(s).matches();
    return switch (f.format()) {
      case "id-number" -> IdNumbers.valid(s);
      case "credit-code" -> CreditCodes.problem(s) == null;
      case "phone" -> Phones.validInAnyRegion(s);
      default -> true;
    };
  }

  /** The inputs {@code item} receives from completed items of the case; null when it declares none. */
  JsonObject inputs(String thingCode, ItemState item, List<ItemState> items) {
    ItemSpec spec = spec(thingCode, item.code);
    if (spec == null || spec.fromItem().isEmpty()) return null;
    Thing thing = catalog.thing(thingCode).orElseThrow();
    JsonObject values = new JsonObject();
    JsonArray certificates = new JsonArray();
    for (Map.Entry<String, String> e : spec.fromItem().entrySet()) {
      ItemState source = completedSource(thing, e.getValue(), items);
      if (source == null || source.result == null) continue;
      Material m = catalog.material(e.getKey());
      if (spec.materials().contains(e.getKey()) && m != null) {
        for (Object o : source.result.getJsonArray("certificates", new JsonArray())) {
          if (o instanceof JsonObject c && m.ecertType().equals(c.getString("type"))) {
            certificates.add(c.copy().put("fromItem", source.code).put("material", m.code()));
          }
        }
      } else {
        Object v = source.result.getJsonObject("values", new JsonObject()).getValue(e.getKey());
        if (v != null) values.put(e.getKey(), v);
      }
    }
    return new JsonObject().put("values", values).put("certificates", certificates);
  }

  private static ItemState completedSource(Thing thing, String code, List<ItemState> items) {
    List<String> alternatives = thing.alternativesOf(thing.item(code).orElseThrow()).stream().map(ItemSpec::code).toList();
    return items.stream().filter(i -> alternatives.contains(i.code) && i.status == ItemStatus.COMPLETED).findFirst().orElse(null);
  }

  private ItemSpec spec(String thing, String item) {
    return catalog.thing(thing).flatMap(t -> t.item(item)).orElse(null);
  }
}
