package onego.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PiiTest {
  @Test
  void masksAsTheHotlineContractShows() {
    assertThat(Pii.name("张三")).isEqualTo("张*");
    assertThat(Pii.name("欧阳娜娜")).isEqualTo("欧***");
    assertThat(Pii.idNumber("430102199001011234")).isEqualTo("430***********1234");
    assertThat(Pii.phone("13800000000")).isEqualTo("138****0000");
  }

  @Test
  void scrubsIdNumbersAndPhonesInFreeText() {
    String line = "case for 11010519491231002X (phone 13912345678) failed; order 20261127 ok";
    String scrubbed = Pii.scrub(line);
    assertThat(scrubbed).doesNotContain("11010519491231002X").doesNotContain("13912345678");
    assertThat(scrubbed).contains("110***********002X").contains("139****5678").contains("20261127");
  }
}
