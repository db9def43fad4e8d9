package onego.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One matter (事项) of a thing, handled by one department.
 *
 * @param timeLimitDays      承诺时限 in working days
 * @param fee                yuan; 0 = free
 * @param results            what is issued, in words (the notice's 办理结果)
 * @param dependsOn          item codes that must complete before this one is dispatched
 * @param alternativeGroup   items sharing it are alternatives: the applicant picks one
 * @param mandatoryWith      items that by law go together with this one
 * @param produces           e-certificates and named values the department returns on completion
 * @param fromItem           field names and material codes of this item that an earlier item produces,
 *                           mapped to that item's code: asked of nobody when that item is in the case,
 *                           delivered to this item's department as {@code inputs}
 * @param prerequisiteProofs for each {@code dependsOn}, what can stand in for it when it is not chosen
 * @param completesAfter     items of the case that must complete before this one may (dispatched together)
 * @param online             its online level, reason, mobile and high-frequency flags (the plan's 网上/掌上可办率)
 * @param specialProcedures  the special procedures (现场勘验, 鉴定, 公示 ...) that may stop this item's clock, each with
 *                           its maximum working days and legal basis; empty for most items
 * @param legalBasis         设定依据 (国办发〔2022〕32号 三(一) lists it first): the law or regulation and article the item
 *                           rests on, never blank in a loaded catalog
 * @param optional           only some applicants qualify ({@code conditions} says who): not in the default selection
 * @param orderOnly          {@code dependsOn} entries that pass nothing to this item, each with why (the item only waits
 *                           for the earlier one to be done); every other {@code dependsOn} entry is the source of a
 *                           {@code fromItem} entry
 */
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
    List<String> optionalFields,
    Produces produces,
    Map<String, String> fromItem,
    List<PrerequisiteProof> prerequisiteProofs,
    List<String> completesAfter,
    OnlineAvailability online,
    List<ProcedureLimit> specialProcedures,
    String legalBasis,
    boolean optional,
    Map<String, String> orderOnly) {

  /** An item without a legal basis, not optional and with no order-only dependencies (tests, simple catalogs). */
  public ItemSpec(String code, String name, String department, int timeLimitDays, BigDecimal fee, String conditions,
                  List<String> results, List<String> dependsOn, String alternativeGroup, List<String> mandatoryWith,
                  List<String> materials, List<String> fields, List<String> optionalFields, Produces produces,
                  Map<String, String> fromItem, List<PrerequisiteProof> prerequisiteProofs, List<String> completesAfter,
                  OnlineAvailability online, List<ProcedureLimit> specialProcedures) {
    this(code, name, department, timeLimitDays, fee, conditions, results, dependsOn, alternativeGroup, mandatoryWith,
        materials, fields, optionalFields, produces, fromItem, prerequisiteProofs, completesAfter, online, specialProcedures,
        "", false, Map.of());
  }

  /** An item with no outputs, inputs, proofs or completion order, {@link OnlineAvailability#DEFAULT}, no special procedures (tests, simple catalogs). */
  public ItemSpec(String code, String name, String department, int timeLimitDays, BigDecimal fee, String conditions,
                  List<String> results, List<String> dependsOn, String alternativeGroup, List<String> mandatoryWith,
                  List<String> materials, List<String> fields, List<String> optionalFields) {
    this(code, name, department, timeLimitDays, fee, conditions, results, dependsOn, alternativeGroup, mandatoryWith,
        materials, fields, optionalFields, Produces.NOTHING, Map.of(), List.of(), List.of(), OnlineAvailability.DEFAULT, List.of());
  }

  /** This item with {@code proofs} in place of its prerequisite proofs. */
  public ItemSpec withProofs(List<PrerequisiteProof> proofs) {
    return new ItemSpec(code, name, department, timeLimitDays, fee, conditions, results, dependsOn, alternativeGroup,
        mandatoryWith, materials, fields, optionalFields, produces, fromItem, List.copyOf(proofs), completesAfter, online,
        specialProcedures, legalBasis, optional, orderOnly);
  }

  /** Every form field this item uses, required first. */
  public List<String> allFields() {
    return java.util.stream.Stream.concat(fields.stream(), optionalFields.stream()).distinct().toList();
  }

  /** The limit of {@code procedure} for this item, empty when the item does not list it. */
  public Optional<ProcedureLimit> procedure(SpecialProcedure procedure) {
    return specialProcedures.stream().filter(p -> p.procedure() == procedure).findFirst();
  }

  /** What can stand in for prerequisite {@code dependency}. */
  public Optional<PrerequisiteProof> proofFor(String dependency) {
    return prerequisiteProofs.stream().filter(p -> p.item().equals(dependency)).findFirst();
  }
}
