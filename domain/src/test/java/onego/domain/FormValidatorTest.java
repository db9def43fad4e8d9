package onego.domain;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The standard validator's output, as the 422's {@code form.<field>} reasons, on a form using every kind of field. */
class FormValidatorTest {
  private static final Catalog CATALOG = CatalogLoader.load(Path.of("config/catalog"));
  private static final List<String> REQUIRED = List.of("applicantName", "applicantIdNumber");
  private static final List<String> OPTIONAL = List.of("applicantPhone", "bankName", "bankAccount", "babyBirthTime",
      "babyBirthWeight", "registeredCapital", "creditCode", "announcementStartDate", "creditorDebtSettled", "contactAddress");
  private static final ItemSpec ITEM = new ItemSpec("all", "每种字段", "dept", 1, BigDecimal.ZERO, null, List.of(), List.of(),
      null, List.of(), List.of(), REQUIRED, OPTIONAL);
  private static final ItemSpec OTHER = new ItemSpec("other", "另一事项", "dept", 1, BigDecimal.ZERO, null, List.of(), List.of(),
      null, List.of(), List.of(), List.of("babyName"), List.of());
  private static final Thing THING = new Thing("every-field", "每种字段", "theme", Lifecycle.PERSONAL, false, List.of("person"), "dept",
      List.of("window"), List.of(ITEM, OTHER));
  private static final FormSchemas FORMS = new FormSchemas(CATALOG);
  private static final String ID = "430102199001010075";

  private static JsonObject valid() {
    return new JsonObject().put("applicantName", "李娜").put("applicantIdNumber", ID);
  }

  private static Map<String, String> reasons(JsonObject values) {
    List<FieldError> errors = new ArrayList<>();
    FormValidator.validate(FORMS.of(THING, List.of(ITEM)), FORMS.of(THING).form(), values, errors);
    Map<String, String> out = new LinkedHashMap<>();
    errors.forEach(e -> out.put(e.field(), e.reason()));
    return out;
  }

  @Test
  void aValidFormHasNoErrors() {
    assertThat(IdNumbers.valid(ID)).isTrue();
    assertThat(reasons(valid().put("babyBirthWeight", 3200.0).put("creditorDebtSettled", false)
        .put("announcementStartDate", "2024-02-29").put("babyBirthTime", "2026-11-02T08:30:00+08:00"))).isEmpty();
  }

  @Test
  void eachKeywordGivesTheContractsReason() {
    String badCode = "91430100MA4L000010";
    JsonObject values = valid()
        .put("applicantIdNumber", ID.substring(0, 17) + "9")
        .put("applicantName", "张".repeat(51))
        .put("applicantPhone", "12345")
        .put("bankName", "花旗银行")
        .put("bankAccount", "12ab")
        .put("babyBirthTime", "2026-11-02 08:30")
        .put("babyBirthWeight", 3200.5)
        .put("registeredCapital", -1)
        .put("creditCode", badCode)
        .put("announcementStartDate", "2023-02-29")
        .put("creditorDebtSettled", "yes")
        .put("contactAddress", 7);
    assertThat(CreditCodes.valid(badCode)).isFalse();
    assertThat(reasons(values)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("form.applicantIdNumber", "not a valid resident ID number: checksum does not match (GB 11643)"),
        Map.entry("form.applicantName", "must be at most 50 characters"),
        Map.entry("form.applicantPhone", "not a valid mobile number"),
        Map.entry("form.bankName", "must be one of 中国工商银行, 中国农业银行, 中国银行, 中国建设银行, 交通银行, 中国邮政储蓄银行, 湖南农村信用社, 华融湘江银行"),
        Map.entry("form.bankAccount", "does not match the pattern ^[0-9]{12,30}$"),
        Map.entry("form.babyBirthTime", "must be an RFC 3339 date-time with offset"),
        Map.entry("form.babyBirthWeight", "must be a whole number"),
        Map.entry("form.registeredCapital", "must be at least 0"),
        Map.entry("form.creditCode", "not a valid unified social credit code: checksum does not match (GB 32100)"),
        Map.entry("form.announcementStartDate", "must be a date YYYY-MM-DD"),
        Map.entry("form.creditorDebtSettled", "must be true or false"),
        Map.entry("form.contactAddress", "must be a string")));
  }

  @Test
  void blankAndNullValuesAreLeftOutSoARequiredOneIsRequired() {
    JsonObject values = valid().put("applicantName", "  ").putNull("applicantIdNumber").put("applicantPhone", "");
    assertThat(reasons(values)).containsExactly(Map.entry("form.applicantName", "required"), Map.entry("form.applicantIdNumber", "required"));
  }

  @Test
  void fieldsOfUnchosenItemsAreDroppedAndUnknownOnesRefused() {
    List<FieldError> errors = new ArrayList<>();
    JsonObject kept = FormValidator.validate(FORMS.of(THING, List.of(ITEM)), FORMS.of(THING).form(),
        valid().put("babyName", "小明").put("babyNmae", "小明").put("contactAddress", " "), errors);
    assertThat(kept.fieldNames()).containsExactlyInAnyOrder("applicantName", "applicantIdNumber");
    assertThat(errors).containsExactly(new FieldError("form.babyNmae", "not a field of this thing"));
  }

  @Test
  void textWithoutItsOwnMaxLengthIsCappedInThePublishedSchema() {
    JsonObject published = FORMS.of(THING, List.of(ITEM)).published();
    assertThat(published.getJsonObject("properties").getJsonObject("contactAddress").getInteger("maxLength")).isEqualTo(200);
    assertThat(published.getJsonObject("properties").getJsonObject("applicantIdNumber").getInteger("maxLength"))
        .isEqualTo(MergedForm.DEFAULT_MAX_LENGTH);
  }

  @Test
  void catalogPatternsMatchTheWholeValueAsPublished() {
    assertThat(MergedForm.anchored("[0-9]{4}")).isEqualTo("^(?:[0-9]{4})$");
    assertThat(MergedForm.anchored("^[0-9]{12,30}$")).isEqualTo("^[0-9]{12,30}$");
  }

  @Test
  void aSupplementChecksOnlyWhatItBringsAgainstTheItemsSchema() {
    List<FieldError> errors = new ArrayList<>();
    JsonObject kept = FormValidator.validatePartial(FORMS.of(THING, List.of(ITEM)), "all",
        new JsonObject().put("applicantPhone", "13800138000").put("bankName", "x").put("babyName", "小明"), errors);
    assertThat(kept.fieldNames()).containsExactly("applicantPhone");
    assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("form.bankName", "form.babyName");
    assertThat(errors).contains(new FieldError("form.babyName", "not a field of item all"));
  }

  @Test
  void oneSubsetIsOneCachedSchemaWhateverTheOrder() {
    assertThat(FORMS.of(THING, List.of(OTHER, ITEM))).isSameAs(FORMS.of(THING, List.of(ITEM, OTHER))).isSameAs(FORMS.of(THING));
  }
}
