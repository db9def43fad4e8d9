package onego.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdNumbersTest {
  @Test
  void acceptsTheStandardsOwnExampleAndRejectsAnyChangedDigit() {
    String example = "11010519491231002X"; // the worked example of GB 11643-1999
    assertThat(IdNumbers.valid(example)).isTrue();
    assertThat(IdNumbers.valid("11010519491231002x")).as("lower-case x").isTrue();
    for (int i = 0; i < 17; i++) {
      char c = example.charAt(i);
      String changed = example.substring(0, i) + (char) (c == '9' ? '0' : c + 1) + example.substring(i + 1);
      assertThat(IdNumbers.valid(changed)).as("digit %d changed", i).isFalse();
    }
  }

  @Test
  void explainsWhatIsWrong() {
    assertThat(IdNumbers.problem("123")).contains("18");
    assertThat(IdNumbers.problem("11010519491331002X")).contains("birth date");
    assertThat(IdNumbers.problem("1101051949123100AX")).contains("digits");
    assertThat(IdNumbers.problem("110105194912310021")).contains("checksum");
    assertThat(IdNumbers.problem(null)).isNotNull();
  }
}
