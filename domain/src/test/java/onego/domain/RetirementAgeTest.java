package onego.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The ages of 《国务院关于渐进式延迟法定退休年龄的办法》 at the edges of its table, and the early-retirement floors. */
class RetirementAgeTest {
  private static LocalDate born(int year, int month) {
    return LocalDate.of(year, month, 15);
  }

  @Test
  void menGoFromSixtyToSixtyThreeOneMonthEveryFourMonthsFrom1965() {
    assertThat(RetirementAge.statutoryMonths(born(1964, 12), true)).isEqualTo(60 * 12);
    assertThat(RetirementAge.statutoryMonths(born(1965, 1), true)).isEqualTo(60 * 12 + 1);
    assertThat(RetirementAge.statutoryMonths(born(1965, 4), true)).isEqualTo(60 * 12 + 1);
    assertThat(RetirementAge.statutoryMonths(born(1965, 5), true)).isEqualTo(60 * 12 + 2);
    assertThat(RetirementAge.statutoryMonths(born(1976, 8), true)).isEqualTo(63 * 12 - 1);
    assertThat(RetirementAge.statutoryMonths(born(1976, 9), true)).isEqualTo(63 * 12);
    assertThat(RetirementAge.statutoryMonths(born(1995, 1), true)).isEqualTo(63 * 12);
  }

  @Test
  void womenOfTheFiftyTrackGoToFiftyFiveOneMonthEveryTwoMonthsFrom1975() {
    assertThat(RetirementAge.statutoryMonths(born(1974, 12), false)).isEqualTo(50 * 12);
    assertThat(RetirementAge.statutoryMonths(born(1975, 2), false)).isEqualTo(50 * 12 + 1);
    assertThat(RetirementAge.statutoryMonths(born(1975, 3), false)).isEqualTo(50 * 12 + 2);
    assertThat(RetirementAge.statutoryMonths(born(1984, 10), false)).isEqualTo(55 * 12 - 1);
    assertThat(RetirementAge.statutoryMonths(born(1984, 11), false)).isEqualTo(55 * 12);
  }

  @Test
  void womenOfTheFiftyFiveTrackGoToFiftyEightOneMonthEveryFourMonthsFrom1970() {
    assertThat(RetirementAge.statutoryMonthsWomen55(born(1969, 12))).isEqualTo(55 * 12);
    assertThat(RetirementAge.statutoryMonthsWomen55(born(1970, 1))).isEqualTo(55 * 12 + 1);
    assertThat(RetirementAge.statutoryMonthsWomen55(born(1981, 9))).isEqualTo(58 * 12);
  }

  @Test
  void earlyRetirementFloors() {
    LocalDate man1990 = born(1990, 6);
    LocalDate woman1990 = born(1990, 6);
    assertThat(RetirementAge.earlyMonths(man1990, true, RetirementAge.Early.SPECIAL_WORK)).isEqualTo(55 * 12);
    assertThat(RetirementAge.earlyMonths(woman1990, false, RetirementAge.Early.SPECIAL_WORK)).isEqualTo(45 * 12);
    assertThat(RetirementAge.earlyMonths(man1990, true, RetirementAge.Early.ILLNESS)).isEqualTo(50 * 12);
    assertThat(RetirementAge.earlyMonths(woman1990, false, RetirementAge.Early.ILLNESS)).isEqualTo(45 * 12);
    assertThat(RetirementAge.earlyMonths(man1990, true, RetirementAge.Early.FLEXIBLE)).as("63 - 3, the original 60").isEqualTo(60 * 12);
    assertThat(RetirementAge.earlyMonths(woman1990, false, RetirementAge.Early.FLEXIBLE)).as("55 - 3").isEqualTo(52 * 12);
    assertThat(RetirementAge.earlyMonths(born(1976, 1), false, RetirementAge.Early.FLEXIBLE)).as("never below 50").isEqualTo(50 * 12);
    assertThat(RetirementAge.Early.of("特殊工种")).isEqualTo(RetirementAge.Early.SPECIAL_WORK);
    assertThat(RetirementAge.Early.of("unknown")).isNull();
  }

  @Test
  void anAgeIsReachedInItsBirthdayMonth() {
    assertThat(RetirementAge.reached(LocalDate.of(1965, 1, 15), 60 * 12 + 1)).isEqualTo(LocalDate.of(2025, 2, 1));
  }

  @Test
  void theCatalogsEarlyRetirementReasonsAreTheRulesReasons() {
    FieldSpec reason = CatalogLoader.load(java.nio.file.Path.of("config/catalog")).field("earlyRetirementReason");
    assertThat(reason.enumValues()).containsExactlyInAnyOrder(
        java.util.Arrays.stream(RetirementAge.Early.values()).map(e -> e.label).toArray(String[]::new));
  }
}
