package onego.server.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.Catalog;
import onego.domain.DomainError;
import onego.domain.FieldError;
import onego.domain.FormSchemas;
import onego.domain.ItemSpec;
import onego.domain.PrerequisiteProof;
import onego.domain.Material;
import onego.domain.Theme;
import onego.domain.Thing;
import onego.server.web.Request;
import onego.server.web.EntityTags;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The public catalog (一次告知): themes, things, the one-time notice, merged forms, departments. */
public final class CatalogHandler {
  private final Catalog catalog;
  private final FormSchemas forms;
  private final EntityTags.Tagged themes;
  private final EntityTags.Tagged departments;
  private final EntityTags.Tagged regions;
  /** E-certificate type → its name in the catalog (出生医学证明 for birth-medical-certificate). */
  private final Map<String, String> certificateNames;
  private final Map<String, JsonObject> summaries = new LinkedHashMap<>();
  /** The one-time notices, serialized and tagged once (they do not change while the node runs). */
  private final Map<String, EntityTags.Tagged> notices = new LinkedHashMap<>();

  /** {@code dispatchModes}: the configured mode per department, which may differ from the catalog's default. */
  public CatalogHandler(Catalog catalog, Map<String, String> dispatchModes) {
    this(catalog, dispatchModes, new FormSchemas(catalog));
  }

  /** {@code forms}: the form schemas intake validates with; the ones published here are those very objects. */
  public CatalogHandler(Catalog catalog, Map<String, String> dispatchModes, FormSchemas forms) {
    this(catalog, dispatchModes, Map.of(), forms);
  }

  /**
   * {@code offices}: per department, the divisions with an office of their own (就近办: dispatch per
   * (department, region)) and each one's dispatch mode, shown as the department's {@code offices}
   * ({@code [{region, name, dispatchMode}]}, only when it has any).
   */
  public CatalogHandler(Catalog catalog, Map<String, String> dispatchModes, Map<String, Map<String, String>> offices, FormSchemas forms) {
    this.catalog = catalog;
    this.forms = forms;
    JsonArray t = new JsonArray();
    catalog.themes().values().forEach(th -> t.add(th.toJson()));
    this.themes = EntityTags.Tagged.of(new JsonObject().put("themes", t));
    JsonArray d = new JsonArray();
    catalog.departments().values().forEach(dep -> {
      JsonObject j = dep.toJson().put("dispatchMode", dispatchModes.getOrDefault(dep.code(), dep.dispatchMode()));
      Map<String, String> own = offices.getOrDefault(dep.code(), Map.of());
      if (!own.isEmpty()) {
        JsonArray o = new JsonArray();
        own.forEach((region, mode) -> o.add(new JsonObject().put("region", region).put("name", catalog.regions().name(region)).put("dispatchMode", mode)));
        j.put("offices", o);
      }
      d.add(j);
    });
    this.departments = EntityTags.Tagged.of(new JsonObject().put("departments", d));
    this.regions = EntityTags.Tagged.of(regions(catalog.regions()));
    this.certificateNames = certificateNames(catalog);
    for (Thing thing : catalog.allThings()) {
      summaries.put(thing.code(), summary(thing));
      notices.put(thing.code(), EntityTags.Tagged.of(notice(thing)));
    }
  }

  public void themes(RoutingContext ctx) {
    EntityTags.json(ctx, themes);
  }

  public void departments(RoutingContext ctx) {
    EntityTags.json(ctx, departments);
  }

  /** {@code GET /regions}: where cases can be handled ({@code province}, {@code city}, {@code divisions}: each {code, name}). */
  public void regions(RoutingContext ctx) {
    EntityTags.json(ctx, regions);
  }

  private static JsonObject regions(onego.domain.Regions r) {
    JsonArray divisions = new JsonArray();
    r.divisions().forEach((code, name) -> divisions.add(new JsonObject().put("code", code).put("name", name)));
    return new JsonObject()
        .put("province", new JsonObject().put("code", r.province()).put("name", r.provinceName()))
        .put("city", new JsonObject().put("code", r.city()).put("name", r.cityName()))
        .put("divisions", divisions);
  }

  public void things(RoutingContext ctx) {
    Request in = Request.of(ctx);
    String lifecycle = in.text("lifecycle");
    String theme = in.text("theme");
    String q = in.text("q");
    if (theme != null && !catalog.themes().containsKey(theme)) {
      throw DomainError.badRequest("unknown theme " + theme, List.of(new FieldError("theme", "unknown theme")));
    }
    String needle = q == null ? null : q.trim().toLowerCase(Locale.ROOT);
    JsonArray out = new JsonArray();
    for (Thing t : catalog.allThings()) {
      if (lifecycle != null && !t.lifecycle().code().equals(lifecycle)) continue;
      if (theme != null && !t.theme().equals(theme)) continue;
      if (needle != null && !needle.isEmpty() && !matches(t, needle)) continue;
      out.add(summaries.get(t.code()));
    }
    EntityTags.json(ctx, new JsonObject().put("things", out));
  }

  private boolean matches(Thing t, String needle) {
    if (t.name().toLowerCase(Locale.ROOT).contains(needle) || t.code().contains(needle)) return true;
    Theme theme = catalog.themes().get(t.theme());
    if (theme.name().contains(needle)) return true;
    return t.items().stream().anyMatch(i -> i.name().toLowerCase(Locale.ROOT).contains(needle));
  }

  public void thing(RoutingContext ctx) {
    String code = Request.of(ctx).text("code");
    EntityTags.Tagged notice = notices.get(code);
    if (notice == null) throw DomainError.notFound("no thing " + code);
    EntityTags.json(ctx, notice);
  }

  public void form(RoutingContext ctx) {
    Request in = Request.of(ctx);
    Thing thing = catalog.thing(in.text("code")).orElseThrow(() -> DomainError.notFound("no thing " + in.text("code")));
    List<String> codes = in.get("items");
    List<ItemSpec> items = new ArrayList<>();
    if (codes == null) {
      items.addAll(thing.items());
    } else {
      List<FieldError> errors = new ArrayList<>();
      for (String code : codes) {
        if (items.stream().anyMatch(i -> i.code().equals(code))) continue;
        thing.item(code).ifPresentOrElse(items::add, () -> errors.add(new FieldError("items", "unknown item " + code + " of " + thing.code())));
      }
      if (!errors.isEmpty()) throw DomainError.badRequest("unknown items", errors);
    }
    EntityTags.json(ctx, forms.of(thing, items).published());
  }

  private static JsonObject summary(Thing t) {
    JsonArray items = new JsonArray();
    for (ItemSpec i : t.items()) {
      items.add(online(i, new JsonObject().put("code", i.code()).put("name", i.name()).put("department", i.department())));
    }
    return new JsonObject().put("code", t.code()).put("name", t.name()).put("theme", t.theme())
        .put("lifecycle", t.lifecycle().code()).put("applicantTypes", new JsonArray(t.applicantTypes()))
        .put("leadDepartment", t.leadDepartment()).put("national", t.national())
        .put("items", items);
  }

  /** {@code into} with the item's {@code onlineLevel}, {@code mobile} and {@code highFrequency} (FORMAT.md "Online levels and the plan's rates"). */
  private static JsonObject online(ItemSpec i, JsonObject into) {
    return into.put("onlineLevel", i.online().level().code()).put("mobile", i.online().mobile()).put("highFrequency", i.online().highFrequency());
  }

  /** {certificates: [{type, name}], values: [{name, title}]}: what the item's department returns on completion. */
  private JsonObject produces(ItemSpec i) {
    JsonArray certs = new JsonArray();
    i.produces().certificates().forEach(c -> certs.add(new JsonObject().put("type", c.type()).put("name", c.name())));
    JsonArray values = new JsonArray();
    i.produces().values().forEach(v -> values.add(new JsonObject().put("name", v).put("title", catalog.field(v).title())));
    return new JsonObject().put("certificates", certs).put("values", values);
  }

  /**
   * E-certificate types by their names in the catalog: what an item issues ({@code produces.certificates}) first,
   * else the material of that type. A portal shows these names; the types are codes for machines.
   */
  private static Map<String, String> certificateNames(Catalog catalog) {
    Map<String, String> names = new HashMap<>();
    catalog.allThings().forEach(t -> t.items().forEach(i -> i.produces().certificates().forEach(c -> names.putIfAbsent(c.type(), c.name()))));
    catalog.materials().values().forEach(m -> { if (m.ecertType() != null) names.putIfAbsent(m.ecertType(), m.name()); });
    return names;
  }

  /** Per prerequisite: what can stand in for it when it is not chosen (an e-certificate or a shared-data check). */
  private JsonArray proofs(ItemSpec i) {
    JsonArray out = new JsonArray();
    for (PrerequisiteProof p : i.prerequisiteProofs()) {
      JsonArray ecerts = new JsonArray();
      p.ecertTypes().forEach(type -> ecerts.add(new JsonObject().put("type", type).put("name", certificateNames.getOrDefault(type, type))));
      JsonObject o = new JsonObject().put("item", p.item()).put("ecertTypes", new JsonArray(p.ecertTypes())).put("ecerts", ecerts)
          .put("holder", p.holder())
          .put("sharedData", p.sharedData() == null ? null
              : new JsonObject().put("source", p.sharedData().source()).put("sourceName", catalog.sources().get(p.sharedData().source()))
                  .put("field", p.sharedData().field()));
      if (p.basis() != null) o.put("basis", p.basis());
      out.add(o);
    }
    return out;
  }

  /**
   * Whose certificate a material must be in this thing ({@link Material#aboutIn}): its entries
   * ({@code applicant}, {@code agent}, a form field, {@code any}; one of them when several), null
   * for a material without an e-certificate.
   */
  private static JsonArray about(Material m, Set<String> formFields) {
    return m.ecertType() == null ? null : new JsonArray(m.aboutIn(formFields));
  }

  private JsonObject notice(Thing t) {
    JsonArray items = new JsonArray();
    Map<String, List<String>> usedBy = new LinkedHashMap<>();
    Map<String, JsonObject> fromItem = new LinkedHashMap<>();
    for (ItemSpec i : t.items()) {
      items.add(new JsonObject()
          .put("code", i.code())
          .put("name", i.name())
          .put("department", i.department())
          .put("departmentName", catalog.departments().get(i.department()).name())
          .put("timeLimitDays", i.timeLimitDays())
          .put("onlineLevel", i.online().level().code())
          .put("onlineReason", i.online().reason())
          .put("mobile", i.online().mobile())
          .put("highFrequency", i.online().highFrequency())
          .put("fee", i.fee())
          .put("legalBasis", i.legalBasis())
          .put("optional", i.optional())
          .put("conditions", i.conditions())
          .put("results", new JsonArray(i.results()))
          .put("dependsOn", new JsonArray(i.dependsOn()))
          .put("alternativeGroup", i.alternativeGroup())
          .put("mandatoryWith", new JsonArray(i.mandatoryWith()))
          .put("materials", new JsonArray(i.materials()))
          .put("fields", new JsonArray(i.fields()))
          .put("optionalFields", new JsonArray(i.optionalFields()))
          .put("produces", produces(i))
          .put("fromItem", new JsonObject(new java.util.TreeMap<>(i.fromItem())))
          .put("prerequisiteProofs", proofs(i))
          .put("completesAfter", new JsonArray(i.completesAfter()))
          .put("orderOnly", new JsonObject(new java.util.TreeMap<>(i.orderOnly())))
          .put("specialProcedures", specialProcedures(i)));
      for (String m : i.materials()) {
        usedBy.computeIfAbsent(m, k -> new ArrayList<>()).add(i.code());
        if (i.fromItem().containsKey(m)) fromItem.computeIfAbsent(m, k -> new JsonObject()).put(i.code(), i.fromItem().get(m));
      }
    }
    JsonArray materials = new JsonArray();
    Set<String> formFields = new HashSet<>();
    t.items().forEach(i -> formFields.addAll(i.allFields()));
    usedBy.forEach((code, users) -> {
      Material m = catalog.material(code);
      materials.add(new JsonObject().put("code", code).put("name", m.name()).put("usedBy", new JsonArray(users))
          .put("ecertType", m.ecertType()).put("about", about(m, formFields))
          .put("waivable", m.waivable()).put("waiverDays", m.waivable() ? m.waiverDays() : null)
          .put("commitmentAllowed", m.commitmentAllowed()).put("verificationDays", m.commitmentAllowed() ? m.verificationDays() : null)
          .put("fromItem", fromItem.getOrDefault(code, new JsonObject())));
    });
    return summary(t)
        .put("themeName", catalog.themes().get(t.theme()).name())
        .put("applicantTypes", new JsonArray(t.applicantTypes()))
        .put("items", items)
        .put("materials", materials)
        .put("form", forms.of(t).published())
        .put("deliveryMethods", new JsonArray(t.deliveryMethods()));
  }

  /** The item's special procedures that may stop its clock: [{procedure, name, maxDays, basis}]. */
  private static JsonArray specialProcedures(ItemSpec i) {
    JsonArray out = new JsonArray();
    i.specialProcedures().forEach(p -> out.add(new JsonObject().put("procedure", p.procedure().code()).put("name", p.procedure().chinese())
        .put("maxDays", p.maxDays()).put("basis", p.basis())));
    return out;
  }
}
