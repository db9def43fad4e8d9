package onego.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CreditCodesTest {
  @Test
  void acceptsPublishedCodesAndRejectsChangedOnes() {
    // Codes printed on public business licences; the check character follows GB 32100-2015.
    for (String code : new String[] {"91350100M000100Y43", "91110000802100433B", "914403001922038216"}) {
      assertThat(CreditCodes.problem(code)).as(code).isNull();
      char last = code.charAt(17);
      String changed = code.substring(0, 17) + (last == '0' ? '1' : '0');
      assertThat(CreditCodes.valid(changed)).as(changed).isFalse();
    }
  }

  @Test
  void rejectsLettersOutsideTheAlphabet() {
    assertThat(CreditCodes.problem("91350100I000100Y43")).contains("not allowed");
    assertThat(CreditCodes.problem("short")).contains("18");
  }
}
