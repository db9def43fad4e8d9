package onego.domain;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 一次联办 rules walked over the real catalog ({@code config/catalog}), thing by thing, so that a
 * catalog edit that breaks one names the thing and item instead of failing somewhere at intake.
 */
class RealCatalogFlowTest {
  private static final Catalog CATALOG = CatalogLoader.load(Path.of("config/catalog"));

  /**
   * Prerequisites that can only be met inside the same case: none today. An entry here is
   * {@code thing/item <- prerequisite} with the reason in a comment; every other {@code dependsOn} must
   * have an e-certificate or shared-data proof (国办发〔2022〕32号 三(二): all or part of the items).
   */
  private static final Map<String, String> MUST_BE_CHOSEN_TOGETHER = Map.of();

  @Test
  void noThingAsksUpFrontForWhatItsOwnItemsProduce() {
    List<String> circles = new ArrayList<>();
    for (Thing t : CATALOG.things().values()) circles.addAll(CatalogFlow.circles(t, CATALOG.materials()));
    assertThat(circles).as("fields or materials asked up front although an item of the same thing produces them").isEmpty();
  }

  @Test
  void everyPrerequisiteCanBeProvedWhenItWasDoneElsewhere() {
    List<String> impossible = new ArrayList<>();
    for (Thing t : CATALOG.things().values()) {
      for (ItemSpec i : t.items()) {
        for (String d : i.dependsOn()) {
          String key = t.code() + "/" + i.code() + " <- " + d;
          PrerequisiteProof p = i.proofFor(d).orElse(null);
          if ((p == null || !p.possible()) && !MUST_BE_CHOSEN_TOGETHER.containsKey(key)) impossible.add(key);
        }
      }
    }
    assertThat(impossible).as("dependsOn without an e-certificate or shared-data proof and not documented as must-be-chosen").isEmpty();
  }

  @Test
  void proofsNameFieldsTheItemAsksForAsTheirHolder() {
    List<String> wrong = new ArrayList<>();
    for (Thing t : CATALOG.things().values()) {
      for (ItemSpec i : t.items()) {
        for (PrerequisiteProof p : i.prerequisiteProofs()) {
          if (!p.holder().equals(PrerequisiteProof.APPLICANT) && !i.allFields().contains(p.holder())) {
            wrong.add(t.code() + "/" + i.code() + " proof of " + p.item() + " held by " + p.holder());
          }
        }
      }
    }
    assertThat(wrong).as("a proof's holder must be a field of the item's form, else nobody says whose certificate it is").isEmpty();
  }

  @Test
  void theFlagshipOutputsHaveTheNamesTheRuntimeReliesOn() {
    ItemSpec founding = item("enterprise-startup", "establishment-registration");
    assertThat(founding.produces().certificateTypes()).containsExactly("business-license");
    assertThat(founding.produces().values()).containsExactly("creditCode", "licenseNumber");
    assertThat(CATALOG.thing("enterprise-startup").orElseThrow().applicantTypes()).containsExactly("person");
    for (String later : List.of("seal-engraving-filing", "invoice-issuance", "enterprise-social-insurance-registration", "housing-fund-unit-account")) {
      assertThat(item("enterprise-startup", later).fromItem()).as(later)
          .containsEntry("creditCode", "establishment-registration").containsEntry("business-license", "establishment-registration");
    }
    assertThat(item("newborn", "household-registration").fromItem()).containsEntry("birth-medical-certificate", "birth-medical-certificate");
    assertThat(item("after-death", "hukou-cancellation").proofFor("death-certificate-normal").orElseThrow().ecertTypes())
        .contains("death-declaration-judgment");
    assertThat(item("after-death", "cremation-certificate").proofFor("death-certificate-normal").orElseThrow().ecertTypes())
        .doesNotContain("death-declaration-judgment");
    assertThat(item("house-transfer-utilities", "real-estate-transfer-registration").completesAfter()).containsExactly("transaction-tax-declaration");
    assertThat(item("enterprise-real-estate", "real-estate-registration").completesAfter()).containsExactly("transaction-tax-declaration");
    assertThat(item("enterprise-real-estate", "real-estate-registration").dependsOn()).isEmpty();
    assertThat(CATALOG.thing("enterprise-real-estate").orElseThrow().lifecycle()).isEqualTo(Lifecycle.ENTERPRISE);
  }

  private static ItemSpec item(String thing, String item) {
    return CATALOG.thing(thing).orElseThrow().item(item).orElseThrow();
  }
}
