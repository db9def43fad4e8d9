package onego.domain;

import java.math.BigDecimal;
import java.util.List;

/** One matter (事项) of a thing, handled by one department. */
public record ItemSpec(
    String code,
    String name,
    String department,
    int timeLimitDays,
    BigDecimal fee,
    String conditions,
    List<String> results,
    List<String> dependsOn,
    String alternativeGroup,
    List<String> mandatoryWith,
    List<String> materials,
    List<String> fields,
    List<String> optionalFields) {

  /** Every form field this item uses, required first. */
  public List<String> allFields() {
    return java.util.stream.Stream.concat(fields.stream(), optionalFields.stream()).distinct().toList();
  }
}
