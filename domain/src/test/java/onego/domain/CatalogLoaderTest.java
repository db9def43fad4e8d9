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

  /** The legal basis every fixture item gets unless its file names legalBasis itself. */
  private static final String BASIS = "《测试条例》第一条";

  private void write(String name, String yaml) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    if (name.startsWith("things/") && !yaml.contains("legalBasis")) {
      yaml = yaml.replace("- {code: ", "- {legalBasis: " + BASIS + ", code: ").replaceAll("(?m)^(\\s*)- code: (.*)$", "$1- code: $2\n$1  legalBasis: " + BASIS);
    }
    Files.writeString(p, yaml);
  }

  private static final String REGIONS = "province: {code: \"43\", name: 湖南省}\ncity: {code: \"430400\", name: 衡阳市}\n"
      + "divisions:\n  - {code: \"430405\", name: 珠晖区}\n";

  private void minimal(String items) throws IOException {
    write("departments.yaml", "departments:\n  - {code: health, name: 市卫健委}\n  - {code: police, name: 市公安局}\n");
    write("themes.yaml", "themes:\n  - {code: newborn, name: 新生儿出生, lifecycle: personal, leadDepartments: [health]}\n");
    write("sources.yaml", "sources:\n  - {code: population, name: 人口库}\n");
    write("regions.yaml", REGIONS);
    write("materials.yaml", "materials:\n  - {code: id-card, name: 身份证, waivable: false}\n");
    write("fields.yaml", "fields:\n  babyName: {title: 姓名, type: string}\n");
    write("things/newborn.yaml", "code: newborn\nname: 新生儿\ntheme: newborn\nleadDepartment: health\napplicantTypes: [person]\nitems:\n" + items);
  }

  @Test
  void regionsAreTheCityAndItsDivisionsAndAWrongCodeStopsTheLoad() throws IOException {
    minimal("  - {code: birth, name: 出生, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, fields: [babyName]}\n");
    Regions r = CatalogLoader.load(dir).regions();
    assertThat(r.local("430405")).isTrue();
    assertThat(r.local("430400")).isTrue();
    assertThat(r.local("430406")).isFalse();
    assertThat(r.name("430405")).isEqualTo("珠晖区");
    for (String[] bad : new String[][] {
        {"4304050", "divisions[0].code"}, {"431002", "divisions[0].code"}, {"430400", "divisions[0].code"}}) {
      write("regions.yaml", REGIONS.replace("\"430405\"", "\"" + bad[0] + "\""));
      assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining(bad[1]);
    }
    write("regions.yaml", REGIONS.replace("\"430400\"", "\"440300\""));
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("city.code");
  }

  @Test
  void loadsAValidCatalog() throws IOException {
    minimal("""
          - {code: birth, name: 出生医学证明签发, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, materials: [id-card], fields: [babyName]}
          - {code: hukou, name: 户口登记, department: police, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, dependsOn: [birth], orderOnly: {birth: 只需出生医学证明已签发}}
        """);
    Catalog c = CatalogLoader.load(dir);
    assertThat(c.thing("newborn").orElseThrow().items()).hasSize(2);
    assertThat(c.themes().get("newborn").things()).containsExactly("newborn");
  }

  @Test
  void aPersonNameFieldShorterThanFiftyCharactersStopsTheLoad() throws IOException {
    minimal("  - {code: birth, name: 出生, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, fields: [babyName]}\n");
    write("fields.yaml", "fields:\n  babyName: {title: 新生儿姓名, type: string, maxLength: 20}\n  babyBirthPlace: {title: 出生地点, type: string, maxLength: 20}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("fields.yaml").hasMessageContaining("babyName.maxLength").hasMessageContaining("at least 50");
    write("fields.yaml", "fields:\n  babyName: {title: 新生儿姓名, type: string, maxLength: 50}\n  babyBirthPlace: {title: 出生地点, type: string, maxLength: 20}\n");
    assertThat(CatalogLoader.load(dir).field("babyName").maxLength()).isEqualTo(50);
  }

  @Test
  void aFieldIsAboutAnIdNumberFieldAndPrefilledOrTheLoadStops() throws IOException {
    minimal("  - {code: birth, name: 出生, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, fields: [babyName]}\n");
    String mother = "  motherIdNumber: {title: 母亲公民身份号码, type: string, format: id-number}\n";
    write("fields.yaml", "fields:\n  babyName: {title: 姓名, type: string}\n" + mother
        + "  motherName: {title: 母亲姓名, type: string, maxLength: 50, prefill: population, about: motherIdNumber}\n");
    assertThat(CatalogLoader.load(dir).field("motherName").about()).isEqualTo("motherIdNumber");
    write("fields.yaml", "fields:\n  babyName: {title: 姓名, type: string}\n" + mother
        + "  motherName: {title: 母亲姓名, type: string, maxLength: 50, prefill: population, about: babyName}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("motherName.about")
        .hasMessageContaining("id-number");
    write("fields.yaml", "fields:\n  babyName: {title: 姓名, type: string}\n" + mother
        + "  motherName: {title: 母亲姓名, type: string, maxLength: 50, about: motherIdNumber}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("prefill");
  }

  @Test
  void everyPersonNameFieldOfTheRealCatalogTakesFiftyCharacters() {
    Catalog real = CatalogLoader.load(Path.of("config/catalog"));
    var names = real.fields().values().stream().filter(f -> PersonNames.isPersonName(f.title())).toList();
    assertThat(names).extracting(FieldSpec::name).contains("babyName", "applicantName", "motherName", "deceasedName", "guardianName");
    assertThat(names).allSatisfy(f -> assertThat(f.maxLength() == null || f.maxLength() >= PersonNames.MIN_MAX_LENGTH).as(f.name()).isTrue());
  }

  @Test
  void specialProceduresAreReadWithTheirLimitAndBasis() throws IOException {
    minimal("""
          - {code: birth, name: 出生, department: health, timeLimitDays: 5, onlineLevel: full, mobile: true, highFrequency: false,
             specialProcedures: [{procedure: publicity, maxDays: 15, basis: 细则第十七条}, {procedure: appraisal, maxDays: 3, basis: 实践}]}
          - {code: hukou, name: 户口登记, department: police, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false}
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
    minimal("  - {code: birth, name: 出生, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, specialProcedures: [{procedure: lunch, maxDays: 1, basis: x}]}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("items[0].specialProcedures[0].procedure").hasMessageContaining("lunch");
  }

  @Test
  void aSpecialProcedureNeedsAtLeastOneDayAndABasisAndIsListedOnce() throws IOException {
    minimal("  - {code: birth, name: 出生, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, specialProcedures: [{procedure: hearing, maxDays: 0, basis: x}]}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("maxDays");
    minimal("  - {code: birth, name: 出生, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, specialProcedures: [{procedure: hearing, maxDays: 5}]}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("basis");
    minimal("  - {code: birth, name: 出生, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, specialProcedures: [{procedure: hearing, maxDays: 5, basis: a},"
        + " {procedure: hearing, maxDays: 2, basis: b}]}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("twice");
  }

  @Test
  void unknownDepartmentIsNamedWithFileAndPath() throws IOException {
    minimal("  - {code: birth, name: 出生, department: nobody, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("newborn.yaml").hasMessageContaining("items[0].department").hasMessageContaining("nobody");
  }

  @Test
  void dependencyCyclesAreRefused() throws IOException {
    minimal("""
          - {code: a, name: A, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, dependsOn: [b]}
          - {code: b, name: B, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, dependsOn: [a]}
        """);
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("cycle");
  }

  @Test
  void mandatoryWithMustBeSymmetric() throws IOException {
    minimal("""
          - {code: a, name: A, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, mandatoryWith: [b]}
          - {code: b, name: B, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false}
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
    minimal("  - {code: a, name: A, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false}\n");
    write("themes.yaml", "themes:\n  - {code: newborn, name: 新生儿出生, lifecycle: personal}\n  - {code: marriage, name: 婚姻, lifecycle: personal}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("marriage");
  }

  private static final String FOUNDING = """
        - code: register
          name: 设立登记
          department: health
          timeLimitDays: 1
          onlineLevel: full
          mobile: true
          highFrequency: false
          fields: [babyName]
          produces: {certificates: [{type: business-license, name: 营业执照}], values: [creditCode]}
        - code: seal
          name: 公章刻制
          department: police
          timeLimitDays: 1
          onlineLevel: full
          mobile: true
          highFrequency: false
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
          - {code: a, name: A, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, produces: {values: [babyName]}}
          - {code: b, name: B, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, fields: [babyName], fromItem: {babyName: a}}
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
          - {code: change, name: 户口登记项目变更, department: police, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, materials: [licence]}
          - {code: reissue, name: 换发, department: police, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, dependsOn: [change], orderOnly: {change: 只需变更已办结}, produces: {certificates: [{type: business-license, name: 营业执照}]}}
        """);
    write("materials.yaml", "materials:\n  - {code: licence, name: 营业执照, ecertType: business-license}\n");
    assertThat(CatalogLoader.load(dir).thing("newborn").orElseThrow().items()).hasSize(2);
  }

  /** {@code about} on materials: whose certificate each must be; checked against fields.yaml and each thing's form. */
  @Test
  void aMaterialsAboutNamesApplicantAgentAFieldOfTheThingOrAnyLast() throws IOException {
    String items = "  - {code: birth, name: 出生, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, materials: [mother-card], fields: [babyName, motherIdNumber]}\n";
    minimal(items);
    write("fields.yaml", "fields:\n  babyName: {title: 姓名, type: string}\n  motherIdNumber: {title: 母亲身份证号, type: string, format: id-number}\n"
        + "  fatherIdNumber: {title: 父亲身份证号, type: string, format: id-number}\n");
    write("materials.yaml", "materials:\n  - {code: mother-card, name: 母亲身份证, ecertType: resident-id-card, about: [motherIdNumber, fatherIdNumber]}\n");
    Material m = CatalogLoader.load(dir).material("mother-card");
    assertThat(m.about()).containsExactly("motherIdNumber", "fatherIdNumber");
    assertThat(m.aboutIn(java.util.Set.of("motherIdNumber"))).containsExactly("motherIdNumber");

    write("materials.yaml", "materials:\n  - {code: mother-card, name: 母亲身份证, ecertType: resident-id-card}\n");
    assertThat(CatalogLoader.load(dir).material("mother-card").about()).as("default").containsExactly("applicant");

    write("materials.yaml", "materials:\n  - {code: mother-card, name: 母亲身份证, ecertType: resident-id-card, about: nobodyIdNumber}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("materials.yaml").hasMessageContaining("materials[0].about").hasMessageContaining("nobodyIdNumber");
    write("materials.yaml", "materials:\n  - {code: mother-card, name: 母亲身份证, ecertType: resident-id-card, about: [any, applicant]}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("any must come last");
    write("materials.yaml", "materials:\n  - {code: mother-card, name: 母亲身份证, about: applicant}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("only a material with an ecertType");

    // a thing whose form names nobody the material may be about
    write("materials.yaml", "materials:\n  - {code: mother-card, name: 母亲身份证, ecertType: resident-id-card, about: fatherIdNumber}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("newborn.yaml").hasMessageContaining("items[0].materials").hasMessageContaining("fatherIdNumber");
    write("materials.yaml", "materials:\n  - {code: mother-card, name: 母亲身份证, ecertType: resident-id-card, about: [fatherIdNumber, any]}\n");
    assertThat(CatalogLoader.load(dir).material("mother-card").aboutIn(java.util.Set.of("motherIdNumber"))).containsExactly("any");
  }

  /** The real catalog says whose certificate every e-certificate material is (no default taken). */
  @Test
  void everyCertificateMaterialOfTheRealCatalogSaysWhoseItIs() {
    ConfigNode file = ConfigNode.read(Path.of("config/catalog/materials.yaml"), "materials.yaml");
    for (ConfigNode m : file.list("materials")) {
      if (m.optStr("ecertType", null) != null) assertThat(m.strList("about")).as(m.str("code")).isNotEmpty();
    }
  }

  private static String item(String code, String name, String online) {
    return "  - {code: " + code + ", name: " + name + ", department: health, timeLimitDays: 1" + (online.isEmpty() ? "" : ", " + online) + "}\n";
  }

  @Test
  void onlineLevelReasonAndFlagsAreRead() throws IOException {
    minimal(item("a", "内地居民婚姻登记", "onlineLevel: visits:1, onlineReason: 双方须亲自到场, mobile: false, highFrequency: true")
        + item("b", "B", "onlineLevel: window, onlineReason: 涉密, mobile: false, highFrequency: false")
        + item("c", "C", "onlineLevel: full, mobile: true, highFrequency: true"));
    Thing t = CatalogLoader.load(dir).thing("newborn").orElseThrow();
    assertThat(t.item("a").orElseThrow().online()).isEqualTo(new OnlineAvailability(new OnlineLevel(1), "双方须亲自到场", false, true));
    assertThat(t.item("b").orElseThrow().online().level()).isEqualTo(OnlineLevel.WINDOW);
    assertThat(t.item("c").orElseThrow().online().level().code()).isEqualTo("full");
  }

  @Test
  void aMissingOnlineLevelIsRefusedWithFileAndPath() throws IOException {
    minimal(item("a", "A", "onlineLevel: full, mobile: true, highFrequency: false") + item("b", "B", "mobile: false, highFrequency: false"));
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("newborn.yaml").hasMessageContaining("items[1].onlineLevel").hasMessageContaining("is required");
  }

  @Test
  void anInvalidOnlineLevelIsRefused() throws IOException {
    for (String bad : new String[] {"online", "visits:0", "visits:-1", "visits:", "visits: 1", "1"}) {
      minimal(item("a", "A", "onlineLevel: '" + bad + "', onlineReason: x, mobile: false, highFrequency: false"));
      assertThatThrownBy(() -> CatalogLoader.load(dir)).as(bad).isInstanceOf(ConfigException.class)
          .hasMessageContaining("items[0].onlineLevel").hasMessageContaining("must be full, visits:N (N >= 1) or window");
    }
  }

  @Test
  void aTripToAWindowNeedsAReason() throws IOException {
    minimal(item("a", "A", "onlineLevel: visits:1, mobile: false, highFrequency: true"));
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("items[0].onlineReason").hasMessageContaining("is required when onlineLevel is visits:1");
    minimal(item("a", "A", "onlineLevel: window, onlineReason: ' ', mobile: false, highFrequency: true"));
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("items[0].onlineReason").hasMessageContaining("window");
  }

  @Test
  void mobileAndHighFrequencyAreRequiredAndOnlyAFullItemIsMobile() throws IOException {
    minimal(item("a", "A", "onlineLevel: full, highFrequency: true"));
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("items[0].mobile");
    minimal(item("a", "A", "onlineLevel: full, mobile: true"));
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("items[0].highFrequency");
    minimal(item("a", "A", "onlineLevel: full, mobile: maybe, highFrequency: true"));
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("items[0].mobile").hasMessageContaining("true or false");
    minimal(item("a", "A", "onlineLevel: visits:2, onlineReason: 两次到场, mobile: true, highFrequency: true"));
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("items[0].mobile").hasMessageContaining("only when onlineLevel is full");
  }

  @Test
  void theSameMatterInTwoThingsMustAgreeAndIsCountedOnce() throws IOException {
    minimal(item("a", "就业登记", "onlineLevel: full, mobile: true, highFrequency: true")
        + item("b", "生育登记", "onlineLevel: visits:1, onlineReason: 到场, mobile: false, highFrequency: true")
        + item("c", "C", "onlineLevel: full, mobile: false, highFrequency: false"));
    String other = "code: other\nname: 其他\ntheme: newborn\nleadDepartment: health\napplicantTypes: [person]\nitems:\n";
    write("things/other.yaml", other + item("employment", "就业登记", "onlineLevel: full, mobile: true, highFrequency: true")
        + item("a", "Z", "onlineLevel: full, mobile: false, highFrequency: true"));
    OnlineRates rates = OnlineRates.of(CatalogLoader.load(dir));
    assertThat(rates.matters()).as("就业登记 once, 生育登记, Z; C is not high-frequency").isEqualTo(3);
    assertThat(rates.full()).isEqualTo(2);
    assertThat(rates.mobile()).isEqualTo(1);
    assertThat(rates.onlineRate()).isEqualTo(0.6667);
    assertThat(rates.mobileRate()).isEqualTo(0.3333);
    assertThat(rates.notFull()).singleElement().satisfies(m -> {
      assertThat(m.name()).isEqualTo("生育登记");
      assertThat(m.items()).containsExactly("newborn/b");
    });
    assertThat(rates.notMobile()).containsExactly("生育登记", "Z");

    write("things/other.yaml", other + item("employment", "就业登记", "onlineLevel: full, mobile: false, highFrequency: true"));
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("other.yaml").hasMessageContaining("items[0]").hasMessageContaining("same 事项 (就业登记) as newborn/a");
  }

  @Test
  void everyItemNeedsALegalBasisAndTheLoadedItemCarriesIt() throws IOException {
    minimal("  - {code: a, name: A, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, legalBasis: ' '}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("items[0].legalBasis").hasMessageContaining("设定依据");
    minimal("  - {code: a, name: A, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false}\n");
    assertThat(CatalogLoader.load(dir).thing("newborn").orElseThrow().item("a").orElseThrow().legalBasis()).isEqualTo(BASIS);
  }

  @Test
  void aDependencyPassesSomethingOrSaysWhyNot() throws IOException {
    String birth = "  - {code: birth, name: 出生, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, produces: {values: [babyName]}}\n";
    minimal(birth + "  - {code: hukou, name: 户口, department: police, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, dependsOn: [birth]}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("items[1].dependsOn").hasMessageContaining("birth passes nothing").hasMessageContaining("orderOnly");
    minimal(birth + "  - {code: hukou, name: 户口, department: police, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, dependsOn: [birth], orderOnly: {birth: ' '}}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("orderOnly.birth").hasMessageContaining("must not be empty");
    minimal(birth + "  - {code: hukou, name: 户口, department: police, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, orderOnly: {birth: 只排序}}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("birth is not in dependsOn");
    minimal(birth + "  - {code: hukou, name: 户口, department: police, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, dependsOn: [birth],"
        + " optionalFields: [babyName], fromItem: {babyName: birth}, orderOnly: {birth: 只排序}}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("it is not order-only");
    minimal(birth + "  - {code: hukou, name: 户口, department: police, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, dependsOn: [birth],"
        + " optionalFields: [babyName], fromItem: {babyName: birth}}\n");
    ItemSpec hukou = CatalogLoader.load(dir).thing("newborn").orElseThrow().item("hukou").orElseThrow();
    assertThat(hukou.fromItem()).containsEntry("babyName", "birth");
    assertThat(hukou.orderOnly()).isEmpty();
  }

  @Test
  void optionalItemsStayOutOfTheDefaultSelectionAndNothingThereWaitsForThem() throws IOException {
    String base = "  - {code: retire, name: 退休, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false}\n";
    minimal(base + "  - {code: reward, name: 奖励金, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, optional: true,"
        + " dependsOn: [retire], orderOnly: {retire: 只需已退休}}\n");
    Thing t = CatalogLoader.load(dir).thing("newborn").orElseThrow();
    assertThat(t.item("reward").orElseThrow().optional()).isTrue();
    assertThat(ItemSelection.defaults(t)).extracting(ItemSpec::code).containsExactly("retire");
    java.util.List<FieldError> errors = new java.util.ArrayList<>();
    assertThat(ItemSelection.resolve(t, java.util.List.of("retire", "reward"), errors)).extracting(ItemSpec::code).containsExactly("retire", "reward");
    assertThat(errors).isEmpty();

    minimal("  - {code: reward, name: 奖励金, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, optional: true}\n"
        + "  - {code: retire, name: 退休, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, dependsOn: [reward], orderOnly: {reward: x}}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("reward is optional");
    minimal("  - {code: reward, name: 奖励金, department: health, timeLimitDays: 1, onlineLevel: full, mobile: true, highFrequency: false, optional: true}\n");
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("every item is optional");
  }
}
