package onego.domain;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/** Reads {@code config/catalog/} (see its FORMAT.md) and checks every cross-reference. */
public final class CatalogLoader {
  private static final Pattern CODE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern FIELD_NAME = Pattern.compile("[a-z][A-Za-z0-9]*");
  private static final Set<String> DELIVERY = Set.of("electronic", "window", "ems", "locker");

  private final Path dir;
  private final Path regionsFile;

  private CatalogLoader(Path dir, Path regionsFile) {
    this.dir = dir;
    this.regionsFile = regionsFile;
  }

  public static Catalog load(Path dir) {
    return new CatalogLoader(dir, null).load();
  }

  /**
   * As {@link #load(Path)}, reading the regions from {@code regionsFile} instead of the folder's
   * {@code regions.yaml} (null: the folder's): one catalog serving a platform of another province
   * (跨省通办, the two-platform demo).
   */
  public static Catalog load(Path dir, Path regionsFile) {
    return new CatalogLoader(dir, regionsFile).load();
  }

  private Catalog load() {
    if (!Files.isDirectory(dir)) throw new ConfigException(dir.toString(), "", "catalog folder not found");
    Map<String, Department> departments = departments(file("departments.yaml"));
    Map<String, String> sources = sources(file("sources.yaml"));
    ConfigNode materialsFile = file("materials.yaml");
    Map<String, Material> materials = materials(materialsFile);
    Map<String, FieldSpec> fields = fields(file("fields.yaml"), sources);
    checkAbout(materialsFile, fields);
    ConfigNode themesFile = file("themes.yaml");
    Map<String, ThemeDraft> themeDrafts = themes(themesFile, departments);
    Map<String, Thing> things = new LinkedHashMap<>();
    Map<String, SameMatter> matters = new HashMap<>();
    for (Path p : thingFiles()) {
      ConfigNode node = ConfigNode.read(p, display(p));
      Thing t = thing(node, departments, materials, fields, sources, themeDrafts);
      String expected = p.getFileName().toString().replaceFirst("\\.ya?ml$", "");
      if (!t.code().equals(expected)) throw node.get("code").fail("must equal the file name (" + expected + ")");
      checkSameMatterAgrees(t, node, matters);
      things.put(t.code(), t);
      themeDrafts.get(t.theme()).things.add(t.code());
    }
    Map<String, Theme> themes = new LinkedHashMap<>();
    for (ThemeDraft d : themeDrafts.values()) {
      if (d.things.isEmpty()) throw d.node.fail("theme " + d.code + " has no thing in things/");
      themes.put(d.code, new Theme(d.code, d.name, d.lifecycle, d.leads, List.copyOf(d.things)));
    }
    Path offersFile = dir.resolve("offers.yaml");
    OfferRules offers = OfferRules.load(offersFile, display(offersFile), sources, things);
    return new Catalog(Map.copyOf(departments), themes, Map.copyOf(sources), Map.copyOf(materials), Map.copyOf(fields), things,
        Regions.read(regionsFile == null ? file("regions.yaml") : regions(regionsFile)), offers);
  }

  private ConfigNode regions(Path p) {
    if (!Files.isRegularFile(p)) throw new ConfigException(display(p), "", "regions file not found");
    return ConfigNode.read(p, display(p));
  }

  private ConfigNode file(String name) {
    Path p = dir.resolve(name);
    if (!Files.isRegularFile(p)) throw new ConfigException(display(p), "", "file not found");
    return ConfigNode.read(p, display(p));
  }

  private String display(Path p) {
    return p.toString();
  }

  private List<Path> thingFiles() {
    Path things = dir.resolve("things");
    if (!Files.isDirectory(things)) throw new ConfigException(display(things), "", "folder not found");
    try (Stream<Path> s = Files.list(things)) {
      return s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException(display(things), "", "cannot be listed: " + e.getMessage());
    }
  }

  private static String code(ConfigNode n, String key) {
    String c = n.str(key);
    if (!CODE.matcher(c).matches()) throw n.get(key).fail("\"" + c + "\" is not a kebab-case code");
    return c;
  }

  private static <T> void putUnique(Map<String, T> map, String key, T value, ConfigNode at) {
    if (map.putIfAbsent(key, value) != null) throw at.fail("duplicate code " + key);
  }

  private static Map<String, Department> departments(ConfigNode root) {
    Map<String, Department> out = new LinkedHashMap<>();
    for (ConfigNode n : root.list("departments")) {
      String mode = n.optStr("dispatchMode", "push");
      if (!mode.equals("push") && !mode.equals("pull")) throw n.get("dispatchMode").fail("must be push or pull");
      String c = code(n, "code");
      putUnique(out, c, new Department(c, n.str("name"), mode), n);
    }
    if (out.isEmpty()) throw root.get("departments").fail("no departments listed");
    return out;
  }

  private static Map<String, String> sources(ConfigNode root) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ConfigNode n : root.list("sources")) putUnique(out, code(n, "code"), n.str("name"), n);
    return out;
  }

  private static Map<String, Material> materials(ConfigNode root) {
    Map<String, Material> out = new LinkedHashMap<>();
    for (ConfigNode n : root.list("materials")) {
      String c = code(n, "code");
      boolean waivable = n.optBool("waivable", false);
      boolean commitment = n.optBool("commitmentAllowed", false);
      putUnique(out, c, new Material(c, n.str("name"), n.optStr("ecertType", null), waivable, commitment, about(n),
          followUpDays(n, "waiverDays", waivable, c), followUpDays(n, "verificationDays", commitment, c), n.strList("alternatives")), n);
    }
    return out;
  }

  /** {@code waiverDays} / {@code verificationDays}: required (1..60 working days) exactly when the flag is set. */
  private static int followUpDays(ConfigNode n, String key, boolean flagged, String code) {
    long days = n.optInt(key, 0);
    if (!flagged) {
      if (days != 0) throw n.fail("material " + code + ": " + key + " without its flag (waivable / commitmentAllowed)");
      return 0;
    }
    if (days < 1 || days > 60) throw n.fail("material " + code + ": " + key + " (1..60 working days) is required");
    return (int) days;
  }

  /** Whose certificate: as written, {@code applicant} when a certificate material does not say, none without a certificate. */
  private static List<String> about(ConfigNode n) {
    List<String> about = n.strList("about");
    return about.isEmpty() && n.optStr("ecertType", null) != null ? List.of(Material.APPLICANT) : about;
  }

  /**
   * {@code about} is given only for materials with an {@code ecertType} (default {@code applicant});
   * each entry is {@code applicant}, {@code agent}, a field of fields.yaml, or {@code any} as the last entry.
   */
  private static void checkAbout(ConfigNode root, Map<String, FieldSpec> fields) {
    for (ConfigNode n : root.list("materials")) {
      List<String> about = n.strList("about");
      boolean certificate = n.optStr("ecertType", null) != null;
      if (!certificate && !about.isEmpty()) throw n.get("about").fail("only a material with an ecertType has a holder to check");
      for (int i = 0; i < about.size(); i++) {
        String a = about.get(i);
        if (a.equals(Material.ANY) && i != about.size() - 1) throw n.get("about").fail("any must come last (it applies when no other entry names someone)");
        if (!a.equals(Material.APPLICANT) && !a.equals(Material.AGENT) && !a.equals(Material.ANY) && !fields.containsKey(a)) {
          throw n.get("about").fail("unknown holder " + a + ": applicant, agent, any or a field of fields.yaml");
        }
        if (about.indexOf(a) != i) throw n.get("about").fail(a + " is listed twice");
      }
    }
  }

  /** Every certificate material of {@code thing} must be about someone its form can name (or {@code any}). */
  private static void checkHolders(Thing thing, Map<String, Material> materials, Map<String, ConfigNode> itemNodes) {
    Set<String> form = new HashSet<>();
    thing.items().forEach(i -> form.addAll(i.allFields()));
    for (ItemSpec i : thing.items()) {
      for (String code : i.materials()) {
        Material m = materials.get(code);
        if (m.ecertType() != null && m.aboutIn(form).isEmpty()) {
          throw itemNodes.get(i.code()).get("materials").fail("material " + code + " must be about " + String.join(" or ", m.about())
              + " (materials.yaml), but no item of this thing has such a field");
        }
      }
    }
  }

  private static Map<String, FieldSpec> fields(ConfigNode root, Map<String, String> sources) {
    Map<String, FieldSpec> out = new LinkedHashMap<>();
    ConfigNode all = root.obj("fields");
    for (String name : all.keys()) {
      ConfigNode n = all.obj(name);
      if (!FIELD_NAME.matcher(name).matches()) throw n.fail("field name must be camelCase ASCII");
      String type = n.str("type");
      if (!FieldSpec.TYPES.contains(type)) throw n.get("type").fail("must be one of " + FieldSpec.TYPES);
      String format = n.optStr("format", null);
      if (format != null && (!type.equals("string") || !FieldSpec.FORMATS.contains(format))) {
        throw n.get("format").fail("must be one of " + FieldSpec.FORMATS + " on a string field");
      }
      Pattern pattern = null;
      String regex = n.optStr("pattern", null);
      if (regex != null) {
        try { pattern = Pattern.compile(regex); } catch (PatternSyntaxException e) { throw n.get("pattern").fail("invalid regular expression: " + e.getDescription()); }
      }
      List<String> enumValues = n.strList("enum");
      if (n.has("enum") && enumValues.isEmpty()) throw n.get("enum").fail("must not be empty");
      String prefill = n.optStr("prefill", null);
      if (prefill != null && !sources.containsKey(prefill)) throw n.get("prefill").fail("unknown source " + prefill + " (see sources.yaml)");
      String nameProblem = PersonNames.problem(n.str("title"), type, optInt(n, "maxLength"));
      if (nameProblem != null) throw (n.has("maxLength") ? n.get("maxLength") : n).fail(nameProblem);
      out.put(name, new FieldSpec(name, n.str("title"), type, format, pattern, enumValues.isEmpty() ? null : enumValues,
          optInt(n, "minLength"), optInt(n, "maxLength"), n.optNumberOrNull("minimum"), n.optNumberOrNull("maximum"),
          prefill, n.optStr("description", null), n.optStr("about", null)));
    }
    for (FieldSpec f : out.values()) {
      if (f.about() == null) continue;
      ConfigNode n = all.obj(f.name()).get("about");
      FieldSpec person = out.get(f.about());
      if (person == null || !"id-number".equals(person.format())) throw n.fail("must name a field of format id-number (whose record this field is read from)");
      if (f.prefill() == null) throw n.fail("only a field with prefill is read from someone's record");
    }
    return out;
  }

  private static Integer optInt(ConfigNode n, String key) {
    return n.has(key) ? (int) n.integer(key) : null;
  }

  private static final class ThemeDraft {
    String code; String name; Lifecycle lifecycle; List<String> leads; ConfigNode node;
    final List<String> things = new ArrayList<>();
  }

  private static Map<String, ThemeDraft> themes(ConfigNode root, Map<String, Department> departments) {
    Map<String, ThemeDraft> out = new LinkedHashMap<>();
    for (ConfigNode n : root.list("themes")) {
      ThemeDraft d = new ThemeDraft();
      d.node = n;
      d.code = code(n, "code");
      d.name = n.str("name");
      d.lifecycle = Lifecycle.parse(n.str("lifecycle"));
      if (d.lifecycle == null) throw n.get("lifecycle").fail("must be personal, enterprise or project");
      d.leads = n.strList("leadDepartments");
      for (String lead : d.leads) {
        if (!departments.containsKey(lead)) throw n.get("leadDepartments").fail("unknown department " + lead);
      }
      putUnique(out, d.code, d, n);
    }
    return out;
  }

  private static Thing thing(ConfigNode n, Map<String, Department> departments, Map<String, Material> materials,
                             Map<String, FieldSpec> fields, Map<String, String> sources, Map<String, ThemeDraft> themes) {
    String code = code(n, "code");
    String theme = n.str("theme");
    if (!themes.containsKey(theme)) throw n.get("theme").fail("unknown theme " + theme);
    String lead = n.str("leadDepartment");
    if (!departments.containsKey(lead)) throw n.get("leadDepartment").fail("unknown department " + lead);
    List<String> applicantTypes = n.strList("applicantTypes");
    if (applicantTypes.isEmpty() || !Thing.APPLICANT_TYPES.containsAll(applicantTypes)) {
      throw n.get("applicantTypes").fail("must list person and/or enterprise");
    }
    Lifecycle lifecycle = themes.get(theme).lifecycle;
    if (n.has("lifecycle")) {
      lifecycle = Lifecycle.parse(n.str("lifecycle"));
      if (lifecycle == null) throw n.get("lifecycle").fail("must be personal, enterprise or project");
    }
    List<String> delivery = n.strList("deliveryMethods");
    if (delivery.isEmpty()) delivery = List.of("electronic", "window");
    for (String d : delivery) if (!DELIVERY.contains(d)) throw n.get("deliveryMethods").fail("unknown delivery method " + d);

    List<ItemSpec> items = new ArrayList<>();
    Map<String, ConfigNode> itemNodes = new LinkedHashMap<>();
    for (ConfigNode in : n.list("items")) {
      ItemSpec item = item(in, departments, materials, fields, sources);
      if (itemNodes.put(item.code(), in) != null) throw in.fail("duplicate item code " + item.code());
      items.add(item);
    }
    if (items.isEmpty()) throw n.get("items").fail("a thing needs at least one item");
    if (items.stream().allMatch(ItemSpec::optional)) throw n.get("items").fail("every item is optional: the default selection would be empty");
    checkItemReferences(items, itemNodes);
    Thing thing = new Thing(code, n.str("name"), theme, lifecycle, n.optBool("national", false),
        List.copyOf(applicantTypes), lead, List.copyOf(delivery), List.copyOf(CatalogFlow.link(items, itemNodes, materials)));
    checkHolders(thing, materials, itemNodes);
    List<String> circles = CatalogFlow.circles(thing, materials);
    if (!circles.isEmpty()) throw n.get("items").fail("asks up front for what its own items produce: " + String.join("; ", circles));
    CatalogFlow.checkPasses(thing.items(), itemNodes);
    return thing;
  }

  private static ItemSpec item(ConfigNode n, Map<String, Department> departments, Map<String, Material> materials,
                               Map<String, FieldSpec> fields, Map<String, String> sources) {
    String dept = n.str("department");
    if (!departments.containsKey(dept)) throw n.get("department").fail("unknown department " + dept);
    long days = n.integer("timeLimitDays");
    if (days < 0 || days > 365) throw n.get("timeLimitDays").fail("must be between 0 and 365 working days");
    double fee = n.optNumber("fee", 0);
    if (fee < 0) throw n.get("fee").fail("must not be negative");
    List<String> mats = n.strList("materials");
    for (String m : mats) if (!materials.containsKey(m)) throw n.get("materials").fail("unknown material " + m);
    List<String> required = n.strList("fields");
    List<String> optional = n.strList("optionalFields");
    for (String f : required) if (!fields.containsKey(f)) throw n.get("fields").fail("unknown field " + f);
    for (String f : optional) if (!fields.containsKey(f)) throw n.get("optionalFields").fail("unknown field " + f);
    String group = n.optStr("alternativeGroup", null);
    String legalBasis = n.optStr("legalBasis", null);
    if (legalBasis == null || legalBasis.isBlank()) {
      throw n.get("legalBasis").fail("is required: the 设定依据, the law or regulation and article the item rests on (国办发〔2022〕32号 三(一))");
    }
    return new ItemSpec(code(n, "code"), n.str("name"), dept, (int) days, BigDecimal.valueOf(fee).stripTrailingZeros(),
        n.optStr("conditions", ""), n.strList("results"), n.strList("dependsOn"),
        group == null || group.isBlank() ? null : group, n.strList("mandatoryWith"), mats, required, optional,
        CatalogFlow.produces(n, fields), CatalogFlow.fromItem(n), CatalogFlow.declaredProofs(n, sources, fields),
        n.strList("completesAfter"), online(n), specialProcedures(n), legalBasis.strip(), n.optBool("optional", false),
        CatalogFlow.orderOnly(n));
  }

  /**
   * {@code onlineLevel} (required: {@code full}, {@code visits:N} with N >= 1, {@code window}), {@code onlineReason}
   * (required unless full), {@code mobile} (required; true only when full) and {@code highFrequency} (required):
   * FORMAT.md "Online levels and the plan's rates".
   */
  private static OnlineAvailability online(ConfigNode n) {
    String raw = n.optStr("onlineLevel", null);
    if (raw == null) throw n.get("onlineLevel").fail("is required: full, visits:N (N >= 1) or window");
    OnlineLevel level = OnlineLevel.parse(raw.trim());
    if (level == null) throw n.get("onlineLevel").fail("\"" + raw + "\" must be full, visits:N (N >= 1) or window");
    String reason = n.optStr("onlineReason", null);
    if (reason != null && reason.isBlank()) reason = null;
    if (!level.full() && reason == null) {
      throw n.get("onlineReason").fail("is required when onlineLevel is " + level.code() + ": say why a trip to a window remains (the law or the practice)");
    }
    boolean mobile = requiredBool(n, "mobile");
    if (mobile && !level.full()) throw n.get("mobile").fail("can be true only when onlineLevel is full (a phone cannot make a trip to a window)");
    return new OnlineAvailability(level, reason, mobile, requiredBool(n, "highFrequency"));
  }

  private static boolean requiredBool(ConfigNode n, String key) {
    if (!n.has(key)) throw n.get(key).fail("is required: true or false");
    return n.optBool(key, false);
  }

  /** The first item seen with a name (one 政务服务事项), where it was, and its availability. */
  private record SameMatter(String where, OnlineAvailability online) {}

  /**
   * Items of different things with the same name are one 事项 (the seed tables name 事项 by name; codes are
   * per thing and may differ, e.g. 发票领用): they must agree on onlineLevel, mobile and highFrequency, or the
   * plan's rates, which count each 事项 once, would depend on which thing was read first.
   */
  private static void checkSameMatterAgrees(Thing t, ConfigNode node, Map<String, SameMatter> matters) {
    List<ConfigNode> nodes = node.list("items");
    for (int i = 0; i < t.items().size(); i++) {
      ItemSpec item = t.items().get(i);
      OnlineAvailability a = item.online();
      SameMatter first = matters.putIfAbsent(item.name(), new SameMatter(t.code() + "/" + item.code(), a));
      if (first == null) continue;
      OnlineAvailability b = first.online();
      if (!a.level().equals(b.level()) || a.mobile() != b.mobile() || a.highFrequency() != b.highFrequency()) {
        throw nodes.get(i).fail("is the same 事项 (" + item.name() + ") as " + first.where() + " and must have the same onlineLevel ("
            + b.level().code() + "), mobile (" + b.mobile() + ") and highFrequency (" + b.highFrequency() + ")");
      }
    }
  }

  /**
   * {@code specialProcedures}: a list of {procedure, maxDays, basis}; the procedure one of
   * {@link SpecialProcedure}'s codes, listed once; maxDays a whole number of working days from 1 to
   * 365; basis the law or practice it rests on, not blank. Absent means none.
   */
  private static List<ProcedureLimit> specialProcedures(ConfigNode n) {
    List<ProcedureLimit> out = new ArrayList<>();
    if (!n.has("specialProcedures")) return out;
    for (ConfigNode p : n.list("specialProcedures")) {
      String code = p.str("procedure");
      SpecialProcedure procedure = SpecialProcedure.of(code).orElseThrow(() -> p.get("procedure").fail("unknown special procedure " + code
          + "; one of " + java.util.Arrays.stream(SpecialProcedure.values()).map(SpecialProcedure::code).toList()));
      if (out.stream().anyMatch(l -> l.procedure() == procedure)) throw p.get("procedure").fail(code + " is listed twice");
      long max = p.integer("maxDays");
      if (max < 1 || max > 365) throw p.get("maxDays").fail("must be between 1 and 365 working days");
      String basis = p.optStr("basis", "");
      if (basis == null || basis.isBlank()) throw p.fail("needs a basis: the law or practice the procedure and its length rest on");
      out.add(new ProcedureLimit(procedure, (int) max, basis.strip()));
    }
    return List.copyOf(out);
  }

  private static void checkItemReferences(List<ItemSpec> items, Map<String, ConfigNode> nodes) {
    Map<String, ItemSpec> byCode = new HashMap<>();
    items.forEach(i -> byCode.put(i.code(), i));
    for (ItemSpec i : items) {
      ConfigNode n = nodes.get(i.code());
      for (String d : i.dependsOn()) {
        ItemSpec dep = byCode.get(d);
        if (dep == null) throw n.get("dependsOn").fail("unknown item " + d);
        if (i.alternativeGroup() != null && i.alternativeGroup().equals(dep.alternativeGroup())) {
          throw n.get("dependsOn").fail(d + " is an alternative of this item");
        }
      }
      for (String m : i.mandatoryWith()) {
        ItemSpec other = byCode.get(m);
        if (other == null) throw n.get("mandatoryWith").fail("unknown item " + m);
        if (!other.mandatoryWith().contains(i.code())) {
          throw n.get("mandatoryWith").fail(m + " must also list " + i.code() + " (mandatoryWith is symmetric)");
        }
      }
    }
    Set<String> done = new HashSet<>();
    for (ItemSpec i : items) checkAcyclic(i, byCode, new HashSet<>(), done, nodes);
    for (ItemSpec i : items) checkOptional(i, byCode, items, nodes.get(i.code()));
  }

  /**
   * An {@code optional} item (only some applicants qualify) stays out of the default selection, so nothing the
   * default selection holds may need it: no item that is not optional depends on it or goes with it
   * ({@code mandatoryWith}), and the items of one alternative group agree on it.
   */
  private static void checkOptional(ItemSpec i, Map<String, ItemSpec> byCode, List<ItemSpec> items, ConfigNode n) {
    if (i.optional()) return;
    for (String d : i.dependsOn()) {
      if (byCode.get(d).optional()) throw n.get("dependsOn").fail(d + " is optional, so the default selection would lack what this item waits for");
    }
    for (String m : i.mandatoryWith()) {
      if (byCode.get(m).optional()) throw n.get("mandatoryWith").fail(m + " is optional and this item is not; items that go together agree on optional");
    }
    if (i.alternativeGroup() != null && items.stream().anyMatch(o -> i.alternativeGroup().equals(o.alternativeGroup()) && o.optional())) {
      throw n.fail("the items of alternative group " + i.alternativeGroup() + " must agree on optional");
    }
  }

  private static void checkAcyclic(ItemSpec i, Map<String, ItemSpec> byCode, Set<String> path, Set<String> done,
                                   Map<String, ConfigNode> nodes) {
    if (done.contains(i.code())) return;
    if (!path.add(i.code())) throw nodes.get(i.code()).get("dependsOn").fail("dependency cycle through " + i.code());
    for (String d : i.dependsOn()) checkAcyclic(byCode.get(d), byCode, path, done, nodes);
    path.remove(i.code());
    done.add(i.code());
  }
}
