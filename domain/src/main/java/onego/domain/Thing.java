package onego.domain;

import java.util.List;
import java.util.Optional;

/**
 * A "一件事": the bundle of items an applicant asks for once.
 *
 * @param lifecycle      its theme's, unless the catalog says otherwise (涉企不动产登记 is {@code enterprise})
 * @param applicantTypes who may apply: {@code person} and/or {@code enterprise} (企业开办: the founder, a person)
 */
public record Thing(
    String code,
    String name,
    String theme,
    Lifecycle lifecycle,
    boolean national,
    List<String> applicantTypes,
    String leadDepartment,
    List<String> deliveryMethods,
    List<ItemSpec> items) {

  public static final List<String> APPLICANT_TYPES = List.of("person", "enterprise");

  public Optional<ItemSpec> item(String itemCode) {
    return items.stream().filter(i -> i.code().equals(itemCode)).findFirst();
  }

  /** The items sharing {@code item}'s alternative group, itself included (just itself without a group). */
  public List<ItemSpec> alternativesOf(ItemSpec item) {
    if (item.alternativeGroup() == null) return List.of(item);
    return items.stream().filter(i -> item.alternativeGroup().equals(i.alternativeGroup())).toList();
  }
}
