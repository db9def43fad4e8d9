package onego.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogLoaderTest {
  @TempDir
  Path dir;

  private void write(String name, String yaml) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, yaml);
  }

  private void minimal(String items) throws IOException {
    write("departments.yaml", "departments:\n  - {code: health, name: 市卫健委}\n  - {code: police, name: 市公安局}\n");
    write("themes.yaml", "themes:\n  - {code: newborn, name: 新生儿出生, lifecycle: personal, leadDepartments: [health]}\n");
    write("sources.yaml", "sources:\n  - {code: population, name: 人口库}\n");
    write("materials.yaml", "materials:\n  - {code: id-card, name: 身份证, waivable: false}\n");
    write("fields.yaml", "fields:\n  babyName: {title: 姓名, type: string}\n");
    write("things/newborn.yaml", "code: newborn\nname: 新生儿\ntheme: newborn\nleadDepartment: health\napplicantTypes: [person]\nitems:\n" + items);
  }

  @Test
  void loadsAValidCatalog() throws IOException {
    minimal("""
          - {code: birth, name: 出生医学证明签发, department: health, timeLimitDays: 1, materials: [id-card], fields: [babyName]}
          - {code: hukou, name: 户口登记, department: police, timeLimitDays: 1, dependsOn: [birth]}
        """);
    Catalog c = CatalogLoader.load(dir);
    assertThat(c.thing("newborn").orElseThrow().items()).hasSize(2);
    assertThat(c.themes().get("newborn").things()).containsExactly("newborn");
  }

  @Test
  void specialProceduresAreReadWithTheirLimitAndBasis() throws IOException {
    minimal("""
          - {code: birth, name: 出生, department: health, timeLimitDays: 5,
             specialProcedures: [{procedure: publicity, maxDays: 15, basis: 细则第十七条}, {procedure: appraisal, maxDays: 3, basis: 实践}]}
          - {code: hukou, name: 户口登记, department: police, timeLimitDays: 1}
        """);
    Thing t = CatalogLoader.load(dir).thing("newborn").orElseThrow();
    ItemSpec birth = t.item("birth").orElseThrow();
    assertThat(birth.specialProcedures()).containsExactly(new ProcedureLimit(SpecialProcedure.PUBLICITY, 15, "细则第十七条"),
        new ProcedureLimit(SpecialProcedure.APPRAISAL, 3, "实践"));
    assertThat(birth.procedure(SpecialProcedure.PUBLICITY)).isPresent();
    assertThat(birth.procedure(SpecialProcedure.HEARING)).isEmpty();
    assertThat(t.item("hukou").orElseThrow().specialProcedures()).isEmpty();
  }

  @Test
  void anUnknownSpecialProcedureIsRefused() throws IOException {
    minimal("  - {code: birth, name: 出生, department: health, timeLimitDays: 1, specialProcedures: [{procedure: lunch, maxDays: 1, basis: x}]}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("items[0].specialProcedures[0].procedure").hasMessageContaining("lunch");
  }

  @Test
  void aSpecialProcedureNeedsAtLeastOneDayAndABasisAndIsListedOnce() throws IOException {
    minimal("  - {code: birth, name: 出生, department: health, timeLimitDays: 1, specialProcedures: [{procedure: hearing, maxDays: 0, basis: x}]}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("maxDays");
    minimal("  - {code: birth, name: 出生, department: health, timeLimitDays: 1, specialProcedures: [{procedure: hearing, maxDays: 5}]}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("basis");
    minimal("  - {code: birth, name: 出生, department: health, timeLimitDays: 1, specialProcedures: [{procedure: hearing, maxDays: 5, basis: a},"
        + " {procedure: hearing, maxDays: 2, basis: b}]}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("twice");
  }

  @Test
  void unknownDepartmentIsNamedWithFileAndPath() throws IOException {
    minimal("  - {code: birth, name: 出生, department: nobody, timeLimitDays: 1}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("newborn.yaml").hasMessageContaining("items[0].department").hasMessageContaining("nobody");
  }

  @Test
  void dependencyCyclesAreRefused() throws IOException {
    minimal("""
          - {code: a, name: A, department: health, timeLimitDays: 1, dependsOn: [b]}
          - {code: b, name: B, department: health, timeLimitDays: 1, dependsOn: [a]}
        """);
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("cycle");
  }

  @Test
  void mandatoryWithMustBeSymmetric() throws IOException {
    minimal("""
          - {code: a, name: A, department: health, timeLimitDays: 1, mandatoryWith: [b]}
          - {code: b, name: B, department: health, timeLimitDays: 1}
        """);
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("symmetric");
  }

  @Test
  void yamlSyntaxErrorsNameTheFile() throws IOException {
    minimal("  - {code: a, name: A, department: health, timeLimitDays: 1\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("newborn.yaml").hasMessageContaining("YAML");
  }

  @Test
  void aThemeWithoutAThingIsRefused() throws IOException {
    minimal("  - {code: a, name: A, department: health, timeLimitDays: 1}\n");
    write("themes.yaml", "themes:\n  - {code: newborn, name: 新生儿出生, lifecycle: personal}\n  - {code: marriage, name: 婚姻, lifecycle: personal}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("marriage");
  }

  private static final String FOUNDING = """
        - code: register
          name: 设立登记
          department: health
          timeLimitDays: 1
          fields: [babyName]
          produces: {certificates: [{type: business-license, name: 营业执照}], values: [creditCode]}
        - code: seal
          name: 公章刻制
          department: police
          timeLimitDays: 1
          dependsOn: [register]
          fields: [creditCode]
          materials: [licence]
      """;

  private void founding(String sealExtra) throws IOException {
    minimal(FOUNDING + sealExtra);
    write("fields.yaml", "fields:\n  babyName: {title: 姓名, type: string}\n  creditCode: {title: 统一社会信用代码, type: string, format: credit-code}\n");
    write("materials.yaml", "materials:\n  - {code: licence, name: 营业执照, ecertType: business-license}\n");
  }

  @Test
  void whatAnItemOfTheSameThingProducesMustBeDeclaredFromItem() throws IOException {
    founding("");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("field creditCode of seal is produced by register")
        .hasMessageContaining("material licence of seal is produced by register");
  }

  @Test
  void fromItemLinksOutputsToLaterItemsAndProofsDefaultToTheProducedCertificates() throws IOException {
    founding("    fromItem: {creditCode: register, licence: register}\n");
    ItemSpec seal = CatalogLoader.load(dir).thing("newborn").orElseThrow().item("seal").orElseThrow();
    assertThat(seal.fromItem()).containsEntry("creditCode", "register").containsEntry("licence", "register");
    PrerequisiteProof proof = seal.proofFor("register").orElseThrow();
    assertThat(proof.ecertTypes()).containsExactly("business-license");
    assertThat(proof.holder()).isEqualTo("applicant");
  }

  @Test
  void fromItemMustNameAnItemWaitedForThatProducesIt() throws IOException {
    minimal("""
          - {code: a, name: A, department: health, timeLimitDays: 1, produces: {values: [babyName]}}
          - {code: b, name: B, department: health, timeLimitDays: 1, fields: [babyName], fromItem: {babyName: a}}
        """);
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("fromItem.babyName").hasMessageContaining("not among the items this item waits for");
  }

  @Test
  void anEnterpriseOnlyThingCannotProduceTheCreditCode() throws IOException {
    founding("    fromItem: {creditCode: register, licence: register}\n");
    String thing = Files.readString(dir.resolve("things/newborn.yaml")).replace("applicantTypes: [person]", "applicantTypes: [enterprise]");
    write("things/newborn.yaml", thing);
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("only enterprise applicants");
  }

  @Test
  void aLaterItemIssuingANewVersionOfAMaterialIsNoCircle() throws IOException {
    minimal("""
          - {code: change, name: 户口登记项目变更, department: police, timeLimitDays: 1, materials: [licence]}
          - {code: reissue, name: 换发, department: police, timeLimitDays: 1, dependsOn: [change], produces: {certificates: [{type: business-license, name: 营业执照}]}}
        """);
    write("materials.yaml", "materials:\n  - {code: licence, name: 营业执照, ecertType: business-license}\n");
    assertThat(CatalogLoader.load(dir).thing("newborn").orElseThrow().items()).hasSize(2);
  }
}
