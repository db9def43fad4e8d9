package onego.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which items of a thing an applicant asks for, checked against the catalog's rules. */
public final class ItemSelection {
  private ItemSelection() {}

  /** The default selection: every item, taking the first of each alternative group. */
  public static List<ItemSpec> defaults(Thing thing) {
    Set<String> groups = new HashSet<>();
    List<ItemSpec> out = new ArrayList<>();
    for (ItemSpec i : thing.items()) {
      if (i.alternativeGroup() == null || groups.add(i.alternativeGroup())) out.add(i);
    }
    return out;
  }

  /**
   * Resolves requested item codes (null: the defaults) into items in catalog order, adding to
   * {@code errors} every rule broken: unknown or repeated codes, two of one alternative group,
   * a missing {@code mandatoryWith} partner or a missing {@code dependsOn} prerequisite.
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
      if (!dependenciesChosen(thing, i, chosen)) {
        errors.add(new FieldError("items", i.code() + " needs " + String.join(" or ", i.dependsOn()) + " first; add it to items"));
      }
    }
    return items;
  }

  /**
   * A prerequisite counts as chosen when it, or another item of its alternative group, is chosen
   * (so 火化证明 may follow either death certificate).
   */
  private static boolean dependenciesChosen(Thing thing, ItemSpec item, Set<String> chosen) {
    Set<String> groupsNeeded = new LinkedHashSet<>();
    for (String d : item.dependsOn()) {
      ItemSpec dep = thing.item(d).orElseThrow();
      if (dep.alternativeGroup() == null) {
        if (!chosen.contains(d)) return false;
      } else {
        groupsNeeded.add(dep.alternativeGroup());
      }
    }
    for (String g : groupsNeeded) {
      boolean any = thing.items().stream().anyMatch(i -> g.equals(i.alternativeGroup()) && chosen.contains(i.code()));
      if (!any) return false;
    }
    return true;
  }

  /** The chosen items an item must wait for. */
  public static List<String> effectiveDependencies(ItemSpec item, List<ItemSpec> chosen) {
    Set<String> codes = new HashSet<>();
    chosen.forEach(c -> codes.add(c.code()));
    return item.dependsOn().stream().filter(codes::contains).toList();
  }
}
