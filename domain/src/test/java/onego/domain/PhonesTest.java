package onego.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Mobile numbers of the mainland, Hong Kong, Macau and Taiwan: spelling, region, who may give which, masks. */
class PhonesTest {
  private static final String HK_PERMIT = permit("810000");
  private static final String MO_PERMIT = permit("820000");
  private static final String TW_PERMIT = permit("830000");
  private static final String MAINLAND_ID = permit("430102");

  private static String permit(String region) {
    String first17 = region + "19900101" + "123";
    return first17 + IdNumbers.checkChar(first17);
  }

  @Test
  void regionalNumbersKeepTheirCountryCodeHoweverWritten() {
    for (String w : List.of("+852 9123 4567", "00852-9123-4567", "852 9123 4567", "(+852)91234567", "＋８５２ ９１２３ ４５６７")) {
      assertThat(Phones.normalize(w)).as(w).isEqualTo("+85291234567");
    }
    assertThat(Phones.normalize("+853 6612 3456")).isEqualTo("+85366123456");
    for (String w : List.of("+886 912 345 678", "+886 (0)912-345-678", "00886912345678", "886 912345678")) {
      assertThat(Phones.normalize(w)).as(w).isEqualTo("+886912345678");
    }
    assertThat(Phones.normalize("+86 138 0013 8000")).isEqualTo("13800138000");
    assertThat(Phones.normalize("8613800138000")).isEqualTo("13800138000");
  }

  @Test
  void eachNumberHasItsRegionAndTheFormatAcceptsAllFour() {
    assertThat(Phones.region("13800138000")).isEqualTo(Phones.Region.MAINLAND);
    assertThat(Phones.region("+85291234567")).isEqualTo(Phones.Region.HONG_KONG);
    assertThat(Phones.region("+85366123456")).isEqualTo(Phones.Region.MACAU);
    assertThat(Phones.region("+886912345678")).isEqualTo(Phones.Region.TAIWAN);
    for (String wrong : List.of("+8529123456", "+852912345678", "+886812345678", "+88691234567", "+86 1380013800", "12345", "+44 7700900123")) {
      assertThat(Phones.region(Phones.normalize(wrong))).as(wrong).isNull();
      assertThat(FormFormats.problem("phone", Phones.normalize(wrong))).as(wrong).isEqualTo("not a valid mobile number");
    }
    assertThat(FormFormats.problem("phone", "+85291234567")).isNull();
    assertThat(Phones.valid("+85291234567")).as("valid stays the mainland rule (agents, delivery)").isFalse();
  }

  @Test
  void aRegionsNumberFitsOnlyThatRegionsResidencePermit() {
    assertThat(Phones.problemFor("+85291234567", HK_PERMIT)).isNull();
    assertThat(Phones.problemFor("+85366123456", MO_PERMIT)).isNull();
    assertThat(Phones.problemFor("+886912345678", TW_PERMIT)).isNull();
    assertThat(Phones.problemFor("13800138000", HK_PERMIT)).as("a mainland mobile from anyone").isNull();
    assertThat(Phones.problemFor("+85291234567", MAINLAND_ID)).contains("Hong Kong").contains("810000");
    assertThat(Phones.problemFor("+886912345678", HK_PERMIT)).contains("Taiwan").contains("830000");
    assertThat(Phones.problemFor("+85366123456", null)).as("an enterprise").contains("Macau");
    assertThat(Phones.problemFor("+8529", HK_PERMIT)).isEqualTo("not a valid mobile number");
  }

  @Test
  void regionalNumbersAreMaskedInFieldsAndFreeText() {
    assertThat(Pii.phone("+85291234567")).isEqualTo("+852****4567");
    assertThat(Pii.phone("00853 6612 3456")).isEqualTo("+853****3456");
    assertThat(Pii.phone("+886 912 345 678")).isEqualTo("+886*****5678");
    assertThat(Pii.scrub("请回电 +852 9123 4567 或 (+853) 6612-3456，台湾 +886 912-345-678、00852 91234567"))
        .isEqualTo("请回电 +852****4567 或 +853****3456，台湾 +886*****5678、+852****4567");
    String masked = Pii.scrub("tel=+85291234567");
    assertThat(Pii.scrub(masked)).as("masked output scans clean").isEqualTo(masked);
    assertThat(StaffMask.applicant(new io.vertx.core.json.JsonObject().put("phone", "+886912345678")).getString("phone")).isEqualTo("+886*****5678");
  }
}
