package onego.domain;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalFormValuesTest {
  private static final Catalog CATALOG = CatalogLoader.load(Path.of("config/catalog"));

  private static JsonObject canonical(JsonObject form) {
    JsonObject copy = form.copy();
    CanonicalFormValues.apply(CATALOG, copy);
    return copy;
  }

  @Test
  void wholeNumbersOfIntegerFieldsBecomeIntegers() {
    JsonObject out = canonical(new JsonObject("{\"babyBirthWeight\": 3200.0, \"gestationalWeeks\": 3.9e1, \"serviceYears\": 12}"));
    assertThat(out.encode()).isEqualTo("{\"babyBirthWeight\":3200,\"gestationalWeeks\":39,\"serviceYears\":12}");
  }

  @Test
  void fractionsStringsAndNumberFieldsAreLeftAlone() {
    JsonObject in = new JsonObject("{\"babyBirthWeight\": 3200.5, \"gestationalWeeks\": \"39\", \"babyBirthLength\": 50.0, \"babyName\": \"3200.0\"}");
    assertThat(canonical(in)).isEqualTo(in);
    assertThat(CanonicalFormValues.integer(1e300)).as("beyond exact doubles, kept").isEqualTo(1e300);
  }

  @Test
  void dateTimesGetUpperCaseSeparatorsAndALeapSecondBecomesTheSecondBefore() {
    assertThat(CanonicalFormValues.dateTime("2026-11-02t08:30:00+08:00")).isEqualTo("2026-11-02T08:30:00+08:00");
    assertThat(CanonicalFormValues.dateTime("2016-12-31T23:59:60z")).isEqualTo("2016-12-31T23:59:59Z");
    assertThat(CanonicalFormValues.dateTime("2017-01-01T07:59:60.25+08:00")).isEqualTo("2017-01-01T07:59:59.25+08:00");
    assertThat(CanonicalFormValues.dateTime("2016-12-31T18:59:60-05:00")).isEqualTo("2016-12-31T18:59:59-05:00");
    assertThat(CanonicalFormValues.dateTime("2016-12-31T12:00:60+08:00")).as("not 23:59 UTC: left for validation").isEqualTo("2016-12-31T12:00:60+08:00");
    assertThat(CanonicalFormValues.dateTime("2026-11-02 08:30")).isEqualTo("2026-11-02 08:30");
  }
}
