package onego.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One person, one spelling: the ways people and input methods write ID numbers, credit codes and mobile numbers. */
class CanonicalIdentifiersTest {
  private static final String ID = "11010519491231002X"; // GB 11643's worked example

  @Test
  void residentIdNumbersComeOutInOneSpelling() {
    for (String written : new String[] {ID, "11010519491231002x", " 11010519491231002X\t", "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ", "110105 19491231 002X", "110105-19491231-002x", "\u3000110105194912310０2X\u00A0"}) {
      assertThat(IdNumbers.normalize(written)).as(written).isEqualTo(ID);
    }
    assertThat(IdNumbers.valid(IdNumbers.normalize("１１０１０５１９４９１２３１００２ｘ"))).isTrue();
    assertThat(IdNumbers.normalize(null)).isNull();
    assertThat(IdNumbers.problem(IdNumbers.normalize("11010519491231002Y"))).as("still refused when wrong").isNotNull();
  }

  @Test
  void creditCodesComeOutUpperCaseWithoutSpaces() {
    String code = "91430100MA4L0000" + "1";
    String valid = code.substring(0, 17) + CreditCodes.checkChar(code.substring(0, 17));
    assertThat(CreditCodes.valid(valid)).isTrue();
    assertThat(CreditCodes.normalize(valid.toLowerCase())).isEqualTo(valid);
    assertThat(CreditCodes.normalize(" " + valid.substring(0, 8) + " " + valid.substring(8) + " ")).isEqualTo(valid);
    assertThat(CreditCodes.normalize(FullWidth.toAscii(valid).replace('9', '９'))).isEqualTo(valid);
    assertThat(CreditCodes.normalize(null)).isNull();
  }

  @Test
  void mobileNumbersLoseSeparatorsAndTheCountryCode() {
    for (String written : new String[] {"13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "+86-13800138000",
        "008613800138000", "8613800138000", "(138)00138000", "１３８００１３８０００", "＋８６ １３８００１３８０００", "138.0013.8000"}) {
      assertThat(Phones.normalize(written)).as(written).isEqualTo("13800138000");
    }
    assertThat(Phones.valid(Phones.normalize("12345"))).isFalse();
    assertThat(Phones.normalize(null)).isNull();
  }

  @Test
  void fullWidthFormsFoldToAsciiAndNothingElseChanges() {
    assertThat(FullWidth.toAscii("張三ＡＢＣ１２３（）　")).isEqualTo("張三ABC123() ");
    assertThat(FullWidth.toAscii("plain")).isSameAs("plain");
  }
}
