package onego.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The 免申即享 rules of the real catalog, and the loader refusing a rule that names what the catalog lacks. */
class OfferRulesTest {
  @TempDir
  Path dir;

  @Test
  void theRealCatalogHoldsTheFourRules() {
    OfferRules rules = CatalogLoader.load(Path.of("config/catalog")).offers();
    assertThat(rules.rules().keySet()).containsExactly("elderly-allowance-at-80", "only-child-reward-on-retirement",
        "job-stabilization-refund-yearly", "talent-introduction-match");
    OfferRule elderly = rules.rule("elderly-allowance-at-80");
    assertThat(elderly.sweep()).isTrue();
    assertThat(elderly.subject()).isEqualTo(OfferRule.SubjectKind.PERSON);
    assertThat(elderly.period().key(LocalDate.of(2026, 5, 1))).isEqualTo("once");
    assertThat(elderly.when().get(0).holds("1946-05-01", LocalDate.of(2026, 5, 1))).isTrue();
    assertThat(elderly.when().get(0).holds("1946-05-02", LocalDate.of(2026, 5, 1))).isFalse();
    assertThat(elderly.candidates().forPlatform(LocalDate.of(2026, 5, 1))).containsEntry("atMost", "1946-05-01");
    OfferRule refund = rules.rule("job-stabilization-refund-yearly");
    assertThat(refund.period().key(LocalDate.of(2026, 5, 1))).isEqualTo("2026");
    assertThat(refund.subject()).isEqualTo(OfferRule.SubjectKind.ENTERPRISE);
    OfferRule reward = rules.rule("only-child-reward-on-retirement");
    assertThat(reward.sweep()).isFalse();
    assertThat(reward.trigger()).isEqualTo(new OfferRule.Trigger("employee-retirement", "normal-retirement", "COMPLETED"));
    assertThat(rules.rules().values()).allSatisfy(r -> assertThat(r.legalBasis()).containsAnyOf("湖南方案", "衡阳方案"));
  }

  @Test
  void anUnknownThingItemOrFactStopsTheLoad() throws IOException {
    copy(Path.of("config/catalog"), dir);
    String real = Files.readString(dir.resolve("offers.yaml"));
    expectFailure(real.replace("thing: special-groups-allowances", "thing: no-such-thing"), "unknown thing no-such-thing");
    expectFailure(real.replace("items: [elderly-allowance]", "items: [no-such-item]"), "has no item no-such-item");
    expectFailure(real.replace("facts: [birthDate]", "facts: [shoeSize]"), "unknown fact shoeSize");
    expectFailure(real.replace("item: normal-retirement", "item: retire-twice"), "has no item retire-twice");
    expectFailure(real.replace("- {fact: layoffsLastYear, equals: 0}", "- {fact: birthDate, equals: 0}"), "not among the rule's facts");
    expectFailure(real.replace("subject: enterprise\n    facts: [unemploymentInsured", "subject: person\n    facts: [unemploymentInsured"),
        "is not filed by a person");
  }

  private void expectFailure(String offers, String message) throws IOException {
    Files.writeString(dir.resolve("offers.yaml"), offers);
    assertThatThrownBy(() -> CatalogLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("offers.yaml").hasMessageContaining(message);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
  }
}
