package onego.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which items of a thing an applicant asks for, checked against the catalog's rules. */
public final class ItemSelection {
  private ItemSelection() {}

  /**
   * The default selection: every item that is not {@code optional} (only some applicants qualify for those, e.g.
   * 城镇独生子女父母奖励金: each is chosen by name), taking the first of each alternative group.
   */
  public static List<ItemSpec> defaults(Thing thing) {
    Set<String> groups = new HashSet<>();
    List<ItemSpec> out = new ArrayList<>();
    for (ItemSpec i : thing.items()) {
      if (i.optional()) continue;
      if (i.alternativeGroup() == null || groups.add(i.alternativeGroup())) out.add(i);
    }
    return out;
  }

  /**
   * Resolves requested item codes (null: the defaults) into items in catalog order, adding to
   * {@code errors} every rule broken: unknown or repeated codes, two of one alternative group, a
   * missing {@code mandatoryWith} partner. Any subset is allowed otherwise (国办发〔2022〕32号 三(二):
   * 全部或部分事项); a prerequisite left out must be proved ({@link #heldElsewhere}).
   */
  public static List<ItemSpec> resolve(Thing thing, List<String> requested, List<FieldError> errors) {
    if (requested == null) return defaults(thing);
    if (requested.isEmpty()) {
      errors.add(new FieldError("items", "must name at least one item"));
      return List.of();
    }
    Set<String> chosen = new LinkedHashSet<>();
    for (int i = 0; i < requested.size(); i++) {
      String code = requested.get(i);
      if (thing.item(code).isEmpty()) errors.add(new FieldError("items[" + i + "]", "unknown item " + code + " of " + thing.code()));
      else if (!chosen.add(code)) errors.add(new FieldError("items[" + i + "]", "item " + code + " is named twice"));
    }
    List<ItemSpec> items = thing.items().stream().filter(i -> chosen.contains(i.code())).toList();
    Set<String> groups = new HashSet<>();
    for (ItemSpec i : items) {
      if (i.alternativeGroup() != null && !groups.add(i.alternativeGroup())) {
        errors.add(new FieldError("items", "choose only one item of alternative group " + i.alternativeGroup()));
      }
      for (String m : i.mandatoryWith()) {
        if (!chosen.contains(m)) errors.add(new FieldError("items", i.code() + " must be applied for together with " + m));
      }
    }
    return items;
  }

  /**
   * A prerequisite of a chosen item that is not in the case (neither it nor an alternative of it is
   * chosen), with what can stand in for it.
   *
   * @param dependent    the chosen item that waits for it
   * @param alternatives the prerequisite's code and those of its alternative group: a proof may name any
   */
  public record HeldElsewhere(ItemSpec dependent, PrerequisiteProof proof, List<String> alternatives) {}

  /** Every prerequisite of {@code chosen} that lies outside it, once per dependent item and alternative group. */
  public static List<HeldElsewhere> heldElsewhere(Thing thing, List<ItemSpec> chosen) {
    Set<String> codes = new HashSet<>();
    chosen.forEach(c -> codes.add(c.code()));
    List<HeldElsewhere> out = new ArrayList<>();
    for (ItemSpec item : chosen) {
      Set<String> seen = new HashSet<>();
      for (String d : item.dependsOn()) {
        List<String> alternatives = thing.alternativesOf(thing.item(d).orElseThrow()).stream().map(ItemSpec::code).toList();
        if (alternatives.stream().anyMatch(codes::contains) || !seen.add(alternatives.get(0))) continue;
        out.add(new HeldElsewhere(item, item.proofFor(d).orElseThrow(), alternatives));
      }
    }
    return out;
  }

  /**
   * The chosen item that supplies {@code key} (a field or material of {@code item} declared
   * {@code fromItem}): the named source or an alternative of it, when chosen; else null (the
   * applicant gives it).
   */
  public static String chosenSource(Thing thing, ItemSpec item, String key, Collection<String> chosen) {
    String source = item.fromItem().get(key);
    if (source == null) return null;
    for (ItemSpec alt : thing.alternativesOf(thing.item(source).orElseThrow())) {
      if (chosen.contains(alt.code())) return alt.code();
    }
    return null;
  }

  /** The chosen items an item must wait for. */
  public static List<String> effectiveDependencies(ItemSpec item, List<ItemSpec> chosen) {
    Set<String> codes = new HashSet<>();
    chosen.forEach(c -> codes.add(c.code()));
    return item.dependsOn().stream().filter(codes::contains).toList();
  }
}
