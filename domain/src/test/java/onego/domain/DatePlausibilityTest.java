package onego.domain;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DatePlausibilityTest {
  private static final Catalog CATALOG = CatalogLoader.load(Path.of("config/catalog"));
  private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");

  private static MergedForm form(String thing, String... items) {
    Thing t = CATALOG.thing(thing).orElseThrow();
    List<String> codes = List.of(items);
    return new MergedForm(CATALOG, t, t.items().stream().filter(i -> codes.isEmpty() || codes.contains(i.code())).toList());
  }

  private static List<FieldError> check(MergedForm form, JsonObject values) {
    List<FieldError> errors = new ArrayList<>();
    DatePlausibility.check(form, values, NOW, errors);
    return errors;
  }

  private static String id(String yyyymmdd, boolean male) {
    String first17 = "430102" + yyyymmdd + (male ? "013" : "024");
    return first17 + IdNumbers.checkChar(first17);
  }

  @Test
  void aBirthIsNotAfterNowGivenAnHourForClocks() {
    MergedForm newborn = form("newborn");
    assertThat(check(newborn, new JsonObject().put("babyBirthTime", "2026-12-07T10:30:00+08:00"))).isEmpty();
    assertThat(check(newborn, new JsonObject().put("babyBirthTime", "2026-12-07T11:30:00+08:00")))
        .extracting(FieldError::field).containsExactly("form.babyBirthTime");
  }

  @Test
  void aDeathIsNotInTheFutureNorBeforeTheBirth() {
    MergedForm death = form("after-death");
    String born = id("19800312", false);
    assertThat(check(death, new JsonObject().put("deathTime", "2027-01-01T00:00:00+08:00"))).extracting(FieldError::field).containsExactly("form.deathTime");
    assertThat(check(death, new JsonObject().put("deathTime", "1980-03-11T20:00:00+08:00").put("deceasedIdNumber", born)))
        .extracting(FieldError::reason).singleElement().asString().contains("before the birth date 1980-03-12");
    assertThat(check(death, new JsonObject().put("deathTime", "1980-03-12T00:10:00+08:00").put("deceasedIdNumber", born))).isEmpty();
    assertThat(check(death, new JsonObject().put("deathTime", "2026-11-02T08:30:00+08:00").put("cremationDate", "2026-11-01")))
        .extracting(FieldError::field).containsExactly("form.cremationDate");
  }

  @Test
  void aFieldThatAlreadyFailedIsNotCheckedAgain() {
    List<FieldError> errors = new ArrayList<>(List.of(new FieldError("form.babyBirthTime", "must be an RFC 3339 date-time with offset")));
    DatePlausibility.check(form("newborn"), new JsonObject().put("babyBirthTime", "2062-01-01T00:00:00Z"), NOW, errors);
    assertThat(errors).hasSize(1);
  }

  @Test
  void retirementAgeDependsOnTheChosenItem() {
    JsonObject man1970 = new JsonObject().put("applicantIdNumber", id("19700510", true)).put("retirementDate", "2026-06-01");
    assertThat(check(form("employee-retirement", "normal-retirement"), man1970)).singleElement()
        .extracting(FieldError::reason).asString().contains("statutory", "61 years 5 months", "2031-10");
    assertThat(check(form("employee-retirement", "early-retirement"), man1970.copy().put("earlyRetirementReason", "特殊工种"))).isEmpty();
    assertThat(check(form("employee-retirement", "early-retirement"), man1970.copy().put("earlyRetirementReason", "其他符合规定情形")))
        .as("弹性提前退休: 61y5m - 3y is below 60, so 60").singleElement().extracting(FieldError::reason).asString().contains("60 years");
    assertThat(check(form("employee-retirement", "retiree-medical-insurance-registration"), man1970)).as("retired elsewhere: the lowest floor").isEmpty();
    JsonObject man1980 = new JsonObject().put("applicantIdNumber", id("19800510", true)).put("retirementDate", "2026-06-01");
    assertThat(check(form("employee-retirement", "retiree-medical-insurance-registration"), man1980)).singleElement()
        .extracting(FieldError::reason).asString().contains("lowest", "50 years");
  }
}
