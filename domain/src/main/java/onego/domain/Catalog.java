package onego.domain;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The whole service catalog, read once at start and never changed; {@code regions}: where cases can be
 * handled ({@link Regions}); {@code offers}: the 免申即享 rules ({@code offers.yaml}).
 */
public record Catalog(
    Map<String, Department> departments,
    Map<String, Theme> themes,
    Map<String, String> sources,
    Map<String, Material> materials,
    Map<String, FieldSpec> fields,
    Map<String, Thing> things,
    Regions regions,
    OfferRules offers) {

  /** A catalog without regions or offer rules (store tests). */
  public Catalog(Map<String, Department> departments, Map<String, Theme> themes, Map<String, String> sources,
                 Map<String, Material> materials, Map<String, FieldSpec> fields, Map<String, Thing> things) {
    this(departments, themes, sources, materials, fields, things, null, OfferRules.NONE);
  }

  public Optional<Thing> thing(String code) { return Optional.ofNullable(things.get(code)); }
  public Optional<Department> department(String code) { return Optional.ofNullable(departments.get(code)); }
  public Collection<Thing> allThings() { return things.values(); }

  public Material material(String code) { return materials.get(code); }
  public FieldSpec field(String name) { return fields.get(name); }
}
