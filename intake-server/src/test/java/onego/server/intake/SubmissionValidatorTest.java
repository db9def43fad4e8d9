package onego.server.intake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.CatalogLoader;
import onego.domain.DomainError;
import onego.domain.FieldError;
import onego.domain.ItemSpec;
import onego.server.support.Submissions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Pins what intake checks in a POST /cases body against the real catalog ({@code config/catalog}),
 * the contract (openapi.yaml, {@code POST /cases}) and README "A submission": wrong JSON types at the
 * top level are a 400 (BAD_REQUEST) naming the fields; everything else is one 422 (INVALID) listing
 * every failing field at once: unknown thing or top-level field, the resident ID (GB 11643
 * checksum), and each needed material given, waivable (容缺) or covered by a commitment (告知承诺)
 * where the catalog allows one, given by exactly one of {@code ecertRef} or {@code fileRef}.
 */
class SubmissionValidatorTest {
  private static final SubmissionValidator validator = new SubmissionValidator(CatalogLoader.load(Path.of("config/catalog")));
  private static final String MOTHER_ID = "430405199203152042";

  /** The README's example newborn submission (every item of 新生儿出生"一件事"). */
  private static JsonObject newborn() {
    return new JsonObject()
        .put("thing", "newborn")
        .put("applicant", new JsonObject().put("type", "person").put("idNumber", MOTHER_ID).put("name", "李娜").put("phone", "13800138000"))
        .put("form", new JsonObject().put("babyName", "王小明").put("babySex", "男").put("babyBirthTime", "2026-11-20T08:30:00+08:00")
            .put("babyBirthPlace", "湖南省衡阳市蒸湘区").put("birthHospital", "衡阳市妇幼保健院").put("babyEthnicity", "汉族")
            .put("motherName", "李娜").put("motherIdNumber", MOTHER_ID).put("fatherName", "王强").put("fatherIdNumber", "430405199007081013")
            .put("householdAddress", "湖南省衡阳市蒸湘区解放大道1号").put("householdHeadIdNumber", "430405196501221014")
            .put("relationToHouseholdHead", "孙子").put("applicantPhone", "13800138000").put("insuranceChoice", "线上缴费").put("cardBank", "中国工商银行"))
        .put("materials", new JsonArray()
            .add(new JsonObject().put("code", "parents-id-cards").put("ecertRef", "EC-resident-id-card-430405199203152042"))
            .add(new JsonObject().put("code", "household-register").put("ecertRef", "EC-household-register-430405196501221014"))
            .add(new JsonObject().put("code", "marriage-certificate").put("ecertRef", "EC-marriage-certificate-20190501-0042")))
        .put("delivery", new JsonObject().put("method", "electronic"));
  }

  /**
   * 就医费用报销"一件事" with 异地就医备案 and 生育医疗费用报销: 异地长期居住证明 allows a commitment,
   * 出院小结 is waivable, 社会保障卡 and 医疗费用票据 are neither. This body gives the last two only.
   */
  private static JsonObject medical() {
    return new JsonObject()
        .put("thing", "medical-expense-reimbursement")
        .put("items", new JsonArray().add("remote-medical-filing").add("maternity-benefit"))
        .put("applicant", new JsonObject().put("type", "person").put("idNumber", MOTHER_ID).put("name", "李娜").put("phone", "13800138000"))
        .put("form", new JsonObject().put("applicantName", "李娜").put("applicantIdNumber", MOTHER_ID).put("applicantPhone", "13800138000")
            .put("insuredRegion", "衡阳市").put("remoteFilingType", "异地长期居住").put("remoteCity", "广州市").put("remoteFilingStartDate", "2026-11-02")
            .put("hospitalName", "衡阳市妇幼保健院").put("maternityType", "顺产").put("admissionDate", "2026-11-18")
            .put("hospitalDischargeDate", "2026-11-22").put("bankName", "中国工商银行").put("bankAccount", "6222020200112233445"))
        .put("materials", new JsonArray()
            .add(new JsonObject().put("code", "social-security-card").put("ecertRef", "EC-social-security-card-0001"))
            .add(new JsonObject().put("code", "medical-invoices").put("fileRef", "file-medical-invoices")))
        .put("commitments", new JsonArray().add("remote-residence-proof"))
        .put("delivery", new JsonObject().put("method", "electronic"));
  }

  private static DomainError refused(JsonObject body) {
    DomainError e = catchThrowableOfType(DomainError.class, () -> validator.validate(body, "pc"));
    assertThat(e).as("validation error").isNotNull();
    return e;
  }

  /** The failing fields of a 422, field → reason. */
  private static Map<String, String> invalid(JsonObject body) {
    DomainError e = refused(body);
    assertThat(e.kind()).isEqualTo(DomainError.Kind.INVALID);
    Map<String, String> out = new LinkedHashMap<>();
    for (FieldError f : e.details()) out.putIfAbsent(f.field(), f.reason());
    return out;
  }

  private static JsonArray materials(JsonObject body) { return body.getJsonArray("materials"); }

  @Test
  void validNewbornSubmissionPassesWithEveryItemInCatalogOrder() {
    Submission s = validator.validate(newborn(), "pc");
    assertThat(s.thing().code()).isEqualTo("newborn");
    assertThat(s.items()).extracting(ItemSpec::code).containsExactly("birth-medical-certificate", "vaccination-certificate",
        "household-registration", "resident-medical-insurance-registration", "social-security-card", "resident-medical-insurance-payment");
    assertThat(s.applicantType()).isEqualTo("person");
    assertThat(s.applicantId()).isEqualTo(MOTHER_ID);
    assertThat(s.materials()).hasSize(3);
    assertThat(s.delivery().getString("method")).isEqualTo("electronic");
  }

  @Test
  void chosenItemsAreKeptAndFieldsOnlyUnchosenItemsUseAreDropped() {
    JsonObject body = newborn().put("items", new JsonArray().add("household-registration").add("birth-medical-certificate"));
    Submission s = validator.validate(body, "pc");
    assertThat(s.items()).extracting(ItemSpec::code).containsExactly("birth-medical-certificate", "household-registration");
    assertThat(s.form().fieldNames()).contains("babyName", "householdAddress").doesNotContain("insuranceChoice", "cardBank");
  }

  @Test
  void wrongTopLevelTypesAreABadRequestNamingEachField() {
    JsonObject body = newborn().put("thing", 5).put("form", new JsonArray()).put("applicant", "me");
    DomainError e = refused(body);
    assertThat(e.kind()).isEqualTo(DomainError.Kind.BAD_REQUEST);
    assertThat(e.details()).extracting(FieldError::field).containsExactlyInAnyOrder("thing", "form", "applicant");
  }

  @Test
  void everyTopLevelFieldHasItsTypeChecked() {
    Map<String, Object> wrong = Map.of("thing", 5, "items", "birth-medical-certificate", "applicant", "me", "form", new JsonArray(),
        "materials", new JsonObject(), "commitments", "marriage-certificate", "delivery", "electronic");
    wrong.forEach((field, value) -> {
      DomainError e = refused(newborn().put(field, value));
      assertThat(e.kind()).as(field).isEqualTo(DomainError.Kind.BAD_REQUEST);
      assertThat(e.details()).as(field).extracting(FieldError::field).containsExactly(field);
    });
  }

  @Test
  void wrongTypesAreReportedBeforeAnyOtherProblem() {
    JsonObject body = newborn().put("thing", "no-such-thing").put("unexpected", true).put("delivery", "electronic");
    assertThat(refused(body).kind()).isEqualTo(DomainError.Kind.BAD_REQUEST);
  }

  @Test
  void unknownThingIsNamed() {
    assertThat(invalid(newborn().put("thing", "no-such-thing"))).containsEntry("thing", "unknown thing no-such-thing");
  }

  @Test
  void missingThingIsRequired() {
    JsonObject body = newborn();
    body.remove("thing");
    assertThat(invalid(body)).containsEntry("thing", "required");
  }

  @Test
  void unknownTopLevelFieldIsRefused() {
    assertThat(invalid(newborn().put("note", "请尽快办理"))).containsExactly(Map.entry("note", "unknown field"));
  }

  @Test
  void residentIdWithAWrongCheckCharacterIsRefused() {
    JsonObject body = newborn();
    body.getJsonObject("applicant").put("idNumber", MOTHER_ID.substring(0, 17) + "3");
    assertThat(invalid(body)).containsOnlyKeys("applicant.idNumber")
        .hasEntrySatisfying("applicant.idNumber", r -> assertThat(r).startsWith("not a valid resident ID number"));
  }

  @Test
  void missingMaterialIsNamedWithTheItemsThatNeedIt() {
    JsonObject body = newborn();
    materials(body).remove(1);
    assertThat(invalid(body)).containsExactly(
        Map.entry("materials.household-register", "missing: 居民户口簿, required by household-registration"));
  }

  @Test
  void materialNeededByManyItemsNamesThemAll() {
    JsonObject body = newborn();
    materials(body).remove(0);
    assertThat(invalid(body)).containsEntry("materials.parents-id-cards", "missing: 父母双方居民身份证, required by birth-medical-certificate, "
        + "vaccination-certificate, household-registration, resident-medical-insurance-registration, social-security-card");
  }

  @Test
  void waivableMaterialLeftOutAndCommittedMaterialNotGivenPass() {
    Submission s = validator.validate(medical(), "pc");
    assertThat(s.materials()).hasSize(2);
    assertThat(s.commitments()).containsExactly("remote-residence-proof");
  }

  @Test
  void materialAllowingACommitmentIsMissingWithoutOneAndSaysSo() {
    JsonObject body = medical().put("commitments", new JsonArray());
    assertThat(invalid(body)).containsExactly(Map.entry("materials.remote-residence-proof",
        "missing: 异地长期居住证明, required by remote-medical-filing; supply it or list it in commitments (告知承诺)"));
  }

  @Test
  void materialNeitherWaivableNorCommittableIsMissing() {
    JsonObject body = medical();
    materials(body).remove(1);
    assertThat(invalid(body)).containsOnlyKeys("materials.medical-invoices");
  }

  @Test
  void commitmentForAMaterialThatAllowsNoneIsRefusedAndTheMaterialStillMissing() {
    JsonObject body = newborn().put("commitments", new JsonArray().add("household-register"));
    materials(body).remove(1);
    assertThat(invalid(body)).containsExactly(
        Map.entry("commitments[0]", "material household-register cannot be replaced by a commitment (告知承诺)"),
        Map.entry("materials.household-register", "missing: 居民户口簿, required by household-registration"));
  }

  @Test
  void commitmentForAMaterialOfNoChosenItemIsRefused() {
    JsonObject body = medical().put("commitments", new JsonArray().add("remote-residence-proof").add("referral-record"));
    assertThat(invalid(body)).containsExactly(Map.entry("commitments[1]", "not a material of the chosen items"));
  }

  @Test
  void materialWithBothEcertRefAndFileRefIsRefused() {
    JsonObject body = newborn();
    materials(body).getJsonObject(1).put("fileRef", "file-household-register");
    assertThat(invalid(body)).containsExactly(Map.entry("materials[1]", "give exactly one of ecertRef or fileRef"));
  }

  @Test
  void materialWithNeitherReferenceIsRefused() {
    JsonObject body = newborn();
    materials(body).getJsonObject(1).remove("ecertRef");
    assertThat(invalid(body)).containsExactly(Map.entry("materials[1]", "give exactly one of ecertRef or fileRef"));
  }

  @Test
  void ecertRefForAMaterialWithoutAnElectronicCertificateIsRefused() {
    JsonObject body = medical();
    materials(body).set(1, new JsonObject().put("code", "medical-invoices").put("ecertRef", "EC-medical-invoices"));
    assertThat(invalid(body)).containsExactly(
        Map.entry("materials[1].ecertRef", "material medical-invoices has no electronic certificate; give fileRef"));
  }

  @Test
  void everyFailingFieldIsListedAtOnce() {
    JsonObject body = newborn().put("note", "x");
    body.getJsonObject("applicant").put("idNumber", MOTHER_ID.substring(0, 17) + "3").put("phone", "12345");
    body.getJsonObject("form").remove("babyName");
    materials(body).getJsonObject(0).put("fileRef", "file-parents-id-cards");
    materials(body).remove(1);
    assertThat(invalid(body)).containsOnlyKeys("note", "applicant.idNumber", "applicant.phone", "form.babyName", "materials[0]",
        "materials.household-register");
  }

  /**
   * Births outside marriage are registered too (国办发〔2015〕96号): no 结婚证, no father; the parents'
   * marital status and a 非婚生育说明 tell the police why.
   */
  @Test
  void birthOutsideMarriageNeedsNeitherAMarriageCertificateNorAFather() {
    JsonObject body = newborn();
    materials(body).remove(2);
    materials(body).add(new JsonObject().put("code", "out-of-wedlock-birth-statement").put("fileRef", "file-statement"));
    body.getJsonObject("form").put("parentsMaritalStatus", "未婚(非婚生育)");
    body.getJsonObject("form").remove("fatherName");
    body.getJsonObject("form").remove("fatherIdNumber");
    assertThat(validator.validate(body, "pc").items()).extracting(ItemSpec::code).contains("birth-medical-certificate", "household-registration");
  }

  private static JsonObject agent() {
    return new JsonObject().put("name", "王建国").put("idNumber", "430405196501221014").put("phone", "13912345678").put("relation", "祖父")
        .put("authorization", new JsonObject().put("fileRef", "scan-authorization-001"));
  }

  @Test
  void anAgentAtTheWindowMayBringAScannedAuthorization() {
    Submission s = validator.validate(newborn().put("agent", agent()), "window");
    assertThat(s.agentId()).isEqualTo("430405196501221014");
    assertThat(s.agent().getString("relation")).isEqualTo("祖父");
    assertThat(validator.validate(newborn().put("agent", agent()), "community").agentId()).isEqualTo("430405196501221014");
  }

  @Test
  void anAgentOnlineNeedsAnElectronicAuthorization() {
    assertThat(invalid(newborn().put("agent", agent()))).containsOnlyKeys("agent.authorization");
    JsonObject online = agent().put("authorization", new JsonObject().put("ecertRef", "EC-power-of-attorney-430405196501221014"));
    assertThat(validator.validate(newborn().put("agent", online), "pc").agentId()).isEqualTo("430405196501221014");
  }

  @Test
  void everyAgentProblemIsListed() {
    JsonObject bad = new JsonObject().put("name", " ").put("idNumber", "430405196501221015").put("phone", "12345").put("shoeSize", 42)
        .put("authorization", new JsonObject().put("ecertRef", "EC-1").put("fileRef", "f-1"));
    assertThat(invalid(newborn().put("agent", bad))).containsOnlyKeys("agent.name", "agent.relation", "agent.idNumber", "agent.phone",
        "agent.shoeSize", "agent.authorization");
    assertThat(invalid(newborn().put("agent", agent().put("idNumber", MOTHER_ID)))).containsKey("agent.idNumber");
  }

  @Test
  void anAgentOfTheWrongTypeIsABadRequest() {
    assertThat(refused(newborn().put("agent", "王建国")).kind()).isEqualTo(DomainError.Kind.BAD_REQUEST);
    assertThat(refused(newborn().put("prerequisites", new JsonObject())).kind()).isEqualTo(DomainError.Kind.BAD_REQUEST);
  }

  @Test
  void aProofForAPrerequisiteThatIsChosenIsRefused() {
    JsonObject body = newborn().put("prerequisites", new JsonArray().add(new JsonObject().put("item", "birth-medical-certificate")
        .put("ecertRef", "EC-birth-medical-certificate-" + MOTHER_ID)));
    assertThat(invalid(body)).containsOnlyKeys("prerequisites[0].item");
  }

  @Test
  void anEnterpriseCannotFileForANewborn() {
    JsonObject body = newborn().put("applicant", new JsonObject().put("type", "enterprise").put("creditCode", "91430100MA4L000017")
        .put("name", "衡阳示例有限公司").put("phone", "13900139000"));
    assertThat(invalid(body)).containsKey("applicant.type");
    assertThat(invalid(body).get("applicant.type")).contains("person");
  }

  @Test
  void nowIsTheNodesClock() {
    var catalog = CatalogLoader.load(Path.of("config/catalog"));
    var clock = java.time.Clock.fixed(java.time.Instant.parse("2026-11-19T22:00:00Z"), java.time.ZoneOffset.UTC);
    SubmissionValidator before = new SubmissionValidator(catalog, new onego.domain.FormSchemas(catalog), clock);
    DomainError e = catchThrowableOfType(DomainError.class, () -> before.validate(before.canonical(newborn()), "pc"));
    assertThat(e).as("born 2026-11-20T00:30Z, an hour and a half after this clock's now plus an hour").isNotNull();
    assertThat(e.details()).extracting(FieldError::field).containsExactly("form.babyBirthTime");
  }

  @Test
  void aSupplementIsMadeCanonicalAndCheckedForPlausibility() {
    var thing = CatalogLoader.load(Path.of("config/catalog")).thing("newborn").orElseThrow();
    ItemSpec birth = thing.items().stream().filter(i -> i.code().equals("birth-medical-certificate")).findFirst().orElseThrow();
    assertThat(birth.allFields()).contains("babyBirthWeight", "babyBirthTime");
    JsonObject weight = new JsonObject().put("form", new JsonObject().put("babyBirthWeight", 3200.0));
    assertThat(validator.validateSupplement(thing, birth, weight, Submissions.idNumber()).form().encode()).isEqualTo("{\"babyBirthWeight\":3200}");
    JsonObject future = new JsonObject().put("form", new JsonObject().put("babyBirthTime", "2062-01-01T08:00:00+08:00"));
    DomainError e = catchThrowableOfType(DomainError.class, () -> validator.validateSupplement(thing, birth, future, Submissions.idNumber()));
    assertThat(e.details()).extracting(FieldError::field).containsExactly("form.babyBirthTime");
  }
}
