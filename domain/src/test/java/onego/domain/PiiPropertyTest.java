package onego.domain;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-style: for 500 seeds, personal data generated in many written forms ({@link PiiSamples})
 * never survives the policy: not the field masks, not the free-text scan with the case's known
 * values, and (names without a label aside, which no pattern can find) not the scan without them.
 */
class PiiPropertyTest {
  static LongStream seeds() {
    return LongStream.rangeClosed(1, 500);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void noGeneratedPiiSurvivesTheScanOfANote(long seed) {
    PiiSamples g = new PiiSamples(seed);
    PiiSamples.Person p = g.person();
    String note = g.note(p);
    assertThat(PiiSamples.leaks(note, p)).as("the generator writes every value in the clear: " + note).hasSize(6);

    KnownPii known = KnownPii.of(new JsonObject().put("name", p.name()), new JsonObject().put("address", p.address().full()), null);
    String masked = Pii.scrub(note, known);
    assertThat(PiiSamples.leaks(masked, p)).as(note + "\n→ " + masked).isEmpty();
    assertThat(Pii.scrub(masked, known)).as("scanning masked text again changes nothing").isEqualTo(masked);

    String generic = Pii.scrub(note);
    assertThat(PiiSamples.leaks(generic, p)).as(note + "\n→ " + generic).isSubsetOf(List.of(p.name()));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void fieldMasksHideEveryWrittenForm(long seed) {
    PiiSamples g = new PiiSamples(seed);
    PiiSamples.Person p = g.person();
    for (String form : PiiSamples.phoneForms(p.mobile())) {
      assertThat(Pii.phone(form)).as(form).isEqualTo(p.mobile().substring(0, 3) + "****" + p.mobile().substring(7));
      assertThat(PiiSamples.leaks(Pii.scrub("电话" + form + "。"), p)).as(form).isEmpty();
    }
    String id = p.idNumber();
    for (String form : PiiSamples.idForms(id)) {
      assertThat(Pii.idNumber(form)).as(form).isEqualTo(id.substring(0, 3) + "*".repeat(11) + id.substring(14));
      assertThat(PiiSamples.leaks(Pii.scrub("身份证" + form + "。"), p)).as(form).isEmpty();
    }
    String name = Pii.name(p.name());
    int length = p.name().codePointCount(0, p.name().length());
    assertThat(name.codePointCount(0, name.length())).isEqualTo(length);
    assertThat(name).isEqualTo(length == 1 ? "*" : p.name().substring(0, p.name().offsetByCodePoints(0, 1)) + "*".repeat(length - 1));
    assertThat(Pii.address(p.address().full())).doesNotContain(p.address().belowCity()).endsWith("***");
    assertThat(Pii.creditCode(g.writeCreditCode(p.creditCode()))).isEqualTo(PiiNumbers.keepEnds(p.creditCode()));
  }
}
