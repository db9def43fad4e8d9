package onego.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The 一次联办 declarations of a thing's items, read and cross-checked for {@link CatalogLoader}:
 * what each item {@code produces}, which fields and materials come {@code fromItem} an earlier item,
 * what can stand in for a prerequisite ({@code prerequisiteProofs}) and {@code completesAfter}.
 * Also the rule that a thing never asks up front for what one of its own items produces
 * ({@link #circles}).
 */
public final class CatalogFlow {
  private static final Pattern TYPE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private CatalogFlow() {}

  static Produces produces(ConfigNode item, Map<String, FieldSpec> fields) {
    if (!item.has("produces")) return Produces.NOTHING;
    ConfigNode p = item.obj("produces");
    for (String k : p.keys()) if (!k.equals("certificates") && !k.equals("values")) throw p.get(k).fail("unknown key (certificates, values)");
    List<Produces.Certificate> certs = new ArrayList<>();
    for (ConfigNode c : p.has("certificates") ? p.list("certificates") : List.<ConfigNode>of()) {
      String type = c.str("type");
      if (!TYPE.matcher(type).matches()) throw c.get("type").fail("\"" + type + "\" is not a kebab-case e-certificate type");
      certs.add(new Produces.Certificate(type, c.str("name")));
    }
    List<String> values = p.strList("values");
    for (String v : values) if (!fields.containsKey(v)) throw p.get("values").fail("unknown field " + v + " (a produced value is a field of fields.yaml)");
    return new Produces(List.copyOf(certs), List.copyOf(values));
  }

  static Map<String, String> fromItem(ConfigNode item) {
    if (!item.has("fromItem")) return Map.of();
    ConfigNode f = item.obj("fromItem");
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : f.keys()) out.put(k, f.str(k));
    return Map.copyOf(out);
  }

  /**
   * {@code orderOnly}: map of {@code dependsOn} item → why nothing passes from it to this item (the item
   * only has to wait until the earlier one is done), each reason not blank.
   */
  static Map<String, String> orderOnly(ConfigNode item) {
    if (!item.has("orderOnly")) return Map.of();
    ConfigNode o = item.obj("orderOnly");
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : o.keys()) {
      String why = o.str(k);
      if (why == null || why.isBlank()) throw o.get(k).fail("needs a reason: why the later department needs nothing from " + k);
      out.put(k, why.strip());
    }
    return Map.copyOf(out);
  }

  /**
   * 一次联办 passes what the later department needs: every {@code dependsOn} entry is either the source (it or an
   * alternative of it) of a {@code fromItem} entry, or listed in {@code orderOnly} with why nothing passes; an
   * {@code orderOnly} entry names a {@code dependsOn} item that is not also a {@code fromItem} source.
   */
  static void checkPasses(List<ItemSpec> items, Map<String, ConfigNode> nodes) {
    Map<String, ItemSpec> byCode = new LinkedHashMap<>();
    items.forEach(i -> byCode.put(i.code(), i));
    for (ItemSpec i : items) checkPasses(i, nodes.get(i.code()), byCode);
  }

  private static void checkPasses(ItemSpec i, ConfigNode n, Map<String, ItemSpec> byCode) {
    for (String k : i.orderOnly().keySet()) {
      if (!i.dependsOn().contains(k)) throw n.obj("orderOnly").get(k).fail(k + " is not in dependsOn");
    }
    for (String d : i.dependsOn()) {
      ItemSpec dep = byCode.get(d);
      boolean passes = i.fromItem().values().stream().map(byCode::get).anyMatch(src -> src != null && (src.code().equals(d)
          || (dep.alternativeGroup() != null && dep.alternativeGroup().equals(src.alternativeGroup()))));
      boolean said = i.orderOnly().containsKey(d);
      if (passes && said) throw n.obj("orderOnly").get(d).fail(d + " passes a fromItem input to this item; it is not order-only");
      if (!passes && !said) {
        throw n.get("dependsOn").fail(d + " passes nothing to this item: declare fromItem for what this department needs from it"
            + " (and produces on " + d + "), or say in orderOnly why nothing passes");
      }
    }
  }

  static List<PrerequisiteProof> declaredProofs(ConfigNode item, Map<String, String> sources, Map<String, FieldSpec> fields) {
    List<PrerequisiteProof> out = new ArrayList<>();
    for (ConfigNode n : item.has("prerequisiteProofs") ? item.list("prerequisiteProofs") : List.<ConfigNode>of()) {
      String holder = n.optStr("holder", PrerequisiteProof.APPLICANT);
      if (!holder.equals(PrerequisiteProof.APPLICANT) && !fields.containsKey(holder)) {
        throw n.get("holder").fail("must be applicant or a field of fields.yaml");
      }
      PrerequisiteProof.SharedDataCheck check = null;
      if (n.has("sharedData")) {
        ConfigNode s = n.obj("sharedData");
        if (!sources.containsKey(s.str("source"))) throw s.get("source").fail("unknown source " + s.str("source"));
        if (!fields.containsKey(s.str("field"))) throw s.get("field").fail("unknown field " + s.str("field"));
        check = new PrerequisiteProof.SharedDataCheck(s.str("source"), s.str("field"));
      }
      out.add(new PrerequisiteProof(n.str("item"), n.strList("ecertTypes"), holder, check, n.optStr("basis", null)));
    }
    return out;
  }

  /**
   * Checks the thing's flow declarations against its items and returns the items with a proof for
   * every {@code dependsOn}: the declared one, else the e-certificates the prerequisite (or any item of
   * its alternative group) produces, held by the applicant.
   */
  static List<ItemSpec> link(List<ItemSpec> items, Map<String, ConfigNode> nodes, Map<String, Material> materials) {
    Map<String, ItemSpec> byCode = new LinkedHashMap<>();
    items.forEach(i -> byCode.put(i.code(), i));
    List<ItemSpec> out = new ArrayList<>();
    for (ItemSpec i : items) {
      ConfigNode n = nodes.get(i.code());
      Set<String> before = prerequisitesOf(i, byCode);
      for (Map.Entry<String, String> e : i.fromItem().entrySet()) {
        String key = e.getKey();
        ConfigNode at = n.obj("fromItem").get(key);
        ItemSpec source = byCode.get(e.getValue());
        if (source == null) throw at.fail("unknown item " + e.getValue());
        if (!before.contains(source.code())) throw at.fail(source.code() + " is not among the items this item waits for (dependsOn, directly or not)");
        if (i.allFields().contains(key)) {
          if (!source.produces().values().contains(key)) throw at.fail(source.code() + " does not produce the value " + key);
        } else if (i.materials().contains(key)) {
          String type = materials.get(key).ecertType();
          if (type == null || !source.produces().certificate(type)) throw at.fail(source.code() + " does not produce the e-certificate of material " + key);
        } else {
          throw at.fail(key + " is neither a field nor a material of this item");
        }
      }
      for (String c : i.completesAfter()) {
        if (!byCode.containsKey(c) || c.equals(i.code())) throw n.get("completesAfter").fail("must name other items of this thing");
      }
      List<PrerequisiteProof> proofs = new ArrayList<>();
      for (PrerequisiteProof p : i.prerequisiteProofs()) {
        if (!i.dependsOn().contains(p.item())) throw n.get("prerequisiteProofs").fail(p.item() + " is not in dependsOn");
      }
      for (String d : i.dependsOn()) {
        PrerequisiteProof declared = i.proofFor(d).orElse(null);
        Set<String> types = new LinkedHashSet<>();
        byCode.values().stream().filter(o -> o.code().equals(d)
                || (byCode.get(d).alternativeGroup() != null && byCode.get(d).alternativeGroup().equals(o.alternativeGroup())))
            .forEach(o -> types.addAll(o.produces().certificateTypes()));
        if (declared == null) {
          proofs.add(new PrerequisiteProof(d, List.copyOf(types), PrerequisiteProof.APPLICANT, null, null));
        } else {
          List<String> merged = new ArrayList<>(declared.ecertTypes());
          if (declared.ecertTypes().isEmpty()) merged.addAll(types);
          proofs.add(new PrerequisiteProof(d, List.copyOf(merged), declared.holder(), declared.sharedData(), declared.basis()));
        }
      }
      out.add(i.withProofs(proofs));
    }
    return out;
  }

  /** Every item {@code item} waits for, directly or through others (an alternative of one counts too). */
  static Set<String> prerequisitesOf(ItemSpec item, Map<String, ItemSpec> byCode) {
    Set<String> seen = new HashSet<>();
    List<String> todo = new ArrayList<>(item.dependsOn());
    while (!todo.isEmpty()) {
      String c = todo.remove(todo.size() - 1);
      ItemSpec d = byCode.get(c);
      if (d == null || !seen.add(c)) continue;
      todo.addAll(d.dependsOn());
      if (d.alternativeGroup() != null) {
        byCode.values().stream().filter(o -> d.alternativeGroup().equals(o.alternativeGroup())).forEach(o -> {
          if (seen.add(o.code())) todo.addAll(o.dependsOn());
        });
      }
    }
    return seen;
  }

  /**
   * The places where {@code thing} would ask the applicant up front for what one of its own items
   * produces: a field or material of an item that another item of the thing produces, not declared
   * {@code fromItem} (unless that item itself waits for the asking one: it then issues a new version of
   * what the applicant already holds); or an enterprise-only applicant (credit code up front) while an item produces the
   * {@code creditCode}. Empty for a sound thing; {@link CatalogLoader} refuses any other.
   */
  public static List<String> circles(Thing thing, Map<String, Material> materials) {
    List<String> out = new ArrayList<>();
    Map<String, ItemSpec> byCode = new LinkedHashMap<>();
    thing.items().forEach(i -> byCode.put(i.code(), i));
    for (ItemSpec i : thing.items()) {
      for (ItemSpec p : thing.items()) {
        // a producer that waits for this item issues a new version of what it already holds (户口簿 after a change)
        if (p == i || prerequisitesOf(p, byCode).contains(i.code())) continue;
        for (String f : i.allFields()) {
          if (p.produces().values().contains(f) && !i.fromItem().containsKey(f)) {
            out.add(thing.code() + ": field " + f + " of " + i.code() + " is produced by " + p.code() + " but not declared fromItem");
          }
        }
        for (String m : i.materials()) {
          String type = materials.get(m).ecertType();
          if (type != null && p.produces().certificate(type) && !i.fromItem().containsKey(m)) {
            out.add(thing.code() + ": material " + m + " of " + i.code() + " is produced by " + p.code() + " but not declared fromItem");
          }
        }
      }
    }
    boolean producesCreditCode = thing.items().stream().anyMatch(i -> i.produces().values().contains("creditCode"));
    if (producesCreditCode && thing.applicantTypes().equals(List.of("enterprise"))) {
      out.add(thing.code() + ": only enterprise applicants (credit code up front) while an item produces creditCode");
    }
    return out;
  }
}
