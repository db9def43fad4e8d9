package onego.domain;

import java.util.List;
import java.util.Optional;

/** A "一件事": the bundle of items an applicant asks for once. */
public record Thing(
    String code,
    String name,
    String theme,
    Lifecycle lifecycle,
    boolean national,
    String applicantType,
    String leadDepartment,
    List<String> deliveryMethods,
    List<ItemSpec> items) {

  public Optional<ItemSpec> item(String itemCode) {
    return items.stream().filter(i -> i.code().equals(itemCode)).findFirst();
  }
}
