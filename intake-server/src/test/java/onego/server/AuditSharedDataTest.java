package onego.server;

import io.vertx.core.json.JsonObject;
import onego.server.support.AuditTables;
import onego.server.support.Http;
import onego.server.support.Jwts;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Prefill and e-certificate reads on record, with their purpose; prefill answers only the thing's own fields. */
class AuditSharedDataTest {
  private static SharedDataTest.FakePlatform platform;
  private static TestNode node;
  private static Http http;

  @BeforeAll
  static void start() throws IOException {
    platform = new SharedDataTest.FakePlatform();
    node = TestNode.start(Overlays.env("sharedData:\n  url: \"" + platform.url() + "\"\n  keySalt: \"" + UUID.randomUUID() + "\"\n"));
    http = node.http();
  }

  @AfterAll
  static void stop() {
    node.close();
    platform.close();
  }

  @BeforeEach
  void reset() {
    AuditTables.reset();
  }

  private static String rows(String action) {
    AuditTables.awaitSealed();
    return String.join(";", TestServices.column("SELECT actor_id || '|' || actor_role || '|' || purpose || '|' || detail::text "
        + "FROM audit_log WHERE action = '" + action + "' ORDER BY day_seq"));
  }

  @Test
  void everyPrefillIsOnRecordWithItsThingAndTheFieldsItGave() {
    String id = Submissions.idNumber(301);
    assertThat(http.get("/api/v1/things/newborn/prefill?idNumber=" + id, "dev-window").status()).isEqualTo(200);
    String applicant = Jwts.dev(new JsonObject().put("role", "applicant").put("sub", id));
    assertThat(http.get("/api/v1/things/newborn/prefill?idNumber=" + id, applicant).status()).isEqualTo(200);
    assertThat(http.get("/api/v1/things/newborn/prefill?idNumber=" + Submissions.idNumber(302), applicant).status())
        .as("not their own").isEqualTo(403);

    String recorded = rows("PREFILL_READ");
    assertThat(recorded.split(";")).hasSize(2);
    assertThat(recorded).contains("key:dev-window|channel|thing:newborn|").contains("applicant:").contains("\"motherName\"");
    assertThat(recorded).doesNotContain(id);
    assertThat(AuditTables.rowsHolding(id)).isZero();
    // the applicant's own reads are found by their number, as subject and as actor
    assertThat(http.get("/api/v1/admin/audit?subject=" + id + "&action=PREFILL_READ", "dev-admin").json().getJsonArray("entries")).hasSize(2);
    assertThat(http.get("/api/v1/admin/audit?actor=applicant:" + id, "dev-admin").json().getJsonArray("entries")).hasSize(1);
  }

  @Test
  void prefillAnswersOnlyTheFieldsOfTheThingItIsFor() {
    // the population source holds the person's parents (motherName, fatherName...), which id-card's form does not ask
    JsonObject idCard = http.get("/api/v1/things/id-card/prefill?idNumber=" + Submissions.idNumber(303), "dev-window").json();
    assertThat(idCard.getJsonObject("fields").fieldNames()).doesNotContain("motherName", "fatherName", "motherIdNumber");
    JsonObject form = http.get("/api/v1/things/id-card/form").json().getJsonObject("properties");
    java.util.List<String> prefillable = form.fieldNames().stream().filter(f -> form.getJsonObject(f).containsKey("x-prefill")).toList();
    java.util.Set<String> answered = new java.util.HashSet<>(idCard.getJsonObject("fields").fieldNames());
    idCard.getJsonArray("missing").forEach(f -> answered.add((String) f));
    assertThat(answered).as("every field answered or missing is a prefillable field of id-card").containsExactlyInAnyOrderElementsOf(prefillable);
    JsonObject newborn = http.get("/api/v1/things/newborn/prefill?idNumber=" + Submissions.idNumber(303), "dev-window").json();
    assertThat(newborn.getJsonObject("fields").fieldNames()).contains("motherName", "fatherName");
  }

  @Test
  void everyCertificateReadIsOnRecordWithTheHoldersHash() {
    String holder = Submissions.idNumber(304);
    assertThat(http.get("/api/v1/ecerts/EC-resident-id-card-" + holder, "dev-hotline").status()).isEqualTo(200);
    assertThat(http.get("/api/v1/ecerts/EC-resident-id-card-" + holder + "?thing=newborn", "dev-portal").status()).isEqualTo(200);
    assertThat(http.get("/api/v1/ecerts/EC-resident-id-card-" + holder + "?thing=no-such-thing", "dev-portal").status()).isEqualTo(400);
    assertThat(http.get("/api/v1/ecerts/EC-unknown-1", "dev-portal").status()).isEqualTo(404);

    assertThat(rows("ECERT_READ").split(";")).containsExactly(
        "key:dev-hotline|hotline|ecert:check|{\"type\": \"resident-id-card\"}",
        "key:dev-portal|channel|thing:newborn|{\"type\": \"resident-id-card\"}");
    assertThat(AuditTables.rowsHolding(holder)).isZero();
    assertThat(http.get("/api/v1/admin/audit?subject=" + holder, "dev-admin").json().getJsonArray("entries")).hasSize(2);
  }
}
