package onego.server.audit;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class SubjectHashTest {
  private final SubjectHash hash = new SubjectHash("a test key of the audit trail, 32+ chars");

  @Test
  void oneIdentifierHasOneHashHoweverItIsWritten() {
    String id = hash.of("43010219900101123X");
    assertThat(hash.of("43010219900101123x")).isEqualTo(id);
    assertThat(hash.of(" 430102 19900101 123X ")).isEqualTo(id);
    assertThat(hash.of("４３０１０２１９９００１０１１２３Ｘ")).as("full-width").isEqualTo(id);
    assertThat(hash.of("+86 138-0013-8000")).isEqualTo(hash.of("13800138000"));
    assertThat(id).matches("[0-9a-f]{64}").doesNotContain("430102");
  }

  @Test
  void anotherKeyGivesAnotherHash() {
    assertThat(new SubjectHash("another key of the audit trail, 32+ chars").of("13800138000")).isNotEqualTo(hash.of("13800138000"));
    assertThat(hash.of(null)).isNull();
  }

  @Test
  void theCanonicalRowDoesNotDependOnTheOrderOfDetailKeys() {
    OffsetDateTime at = OffsetDateTime.parse("2026-11-30T09:00:00.123+08:00");
    String a = AuditRow.canonical(LocalDate.parse("2026-11-30"), at, "key:x", "admin", null, "CASE_READ", null, null, "p",
        new JsonObject().put("b", 1).put("a", new JsonObject().put("y", 2).put("x", 1)));
    String b = AuditRow.canonical(LocalDate.parse("2026-11-30"), at, "key:x", "admin", null, "CASE_READ", null, null, "p",
        new JsonObject().put("a", new JsonObject().put("x", 1).put("y", 2)).put("b", 1));
    assertThat(a).isEqualTo(b).contains("\"2026-11-30T01:00:00.123Z\"");
    assertThat(AuditRow.hash(AuditRow.GENESIS, 1, a)).isNotEqualTo(AuditRow.hash(AuditRow.GENESIS, 2, a));
  }
}
