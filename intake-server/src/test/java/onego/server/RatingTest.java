package onego.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.Jwts;
import onego.server.support.LiveNodeTest;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** 好差评: once per case, only when finished, by the applicant or the submitting channel; low scores open complaints. */
class RatingTest extends LiveNodeTest {
  @BeforeAll
  static void start() {
    startNode("");
  }

  private static void setStatus(UUID caseId, String status) {
    TestServices.setCaseState(caseId, status, switch (status) {
      case "COMPLETED" -> "COMPLETED";
      case "REJECTED" -> "REJECTED";
      default -> "IN_PROGRESS";
    });
  }

  private static Http.Response rate(UUID caseId, String token, String body) {
    return http.send(http.request("/api/v1/cases/" + caseId + "/rating").header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  @Test
  void aFinishedCaseIsRatedOnceAndTheRatingIsLogged() {
    UUID caseId = submitNewborn(Submissions.idNumber());
    Http.Response early = rate(caseId, "dev-portal", "{\"score\": 5}");
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.errorCode()).isEqualTo("CONFLICT");
    setStatus(caseId, "COMPLETED");
    Http.Response first = rate(caseId, "dev-portal", "{\"score\": 5, \"comment\": \"很方便\"}");
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(first.json().getInteger("score")).isEqualTo(5);
    assertThat(first.json().getString("complaintId")).isNull();
    Http.Response again = rate(caseId, "dev-portal", "{\"score\": 4}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo("CONFLICT");
    assertThat(TestServices.count("SELECT count(*) FROM ratings")).isEqualTo(1);
    JsonArray events = http.get("/api/v1/cases/" + caseId + "/events", "dev-portal").json().getJsonArray("events");
    JsonObject rated = events.getJsonObject(events.size() - 1);
    assertThat(rated.getString("type")).isEqualTo("CaseRated");
    assertThat(rated.getInteger("seq")).isEqualTo(first.json().getInteger("seq")).isEqualTo(events.size());
    assertThat(rated.getJsonObject("data").getInteger("score")).isEqualTo(5);
    assertThat(http.get("/api/v1/supervision/complaints", "dev-admin").json().getJsonArray("complaints")).isEmpty();
  }

  @Test
  void onlyTheApplicantOrTheSubmittingChannelRates() {
    String id = Submissions.idNumber();
    UUID caseId = submitNewborn(id);
    setStatus(caseId, "REJECTED");
    assertThat(rate(caseId, "dev-mobile", "{\"score\": 3}").status()).as("another channel").isEqualTo(404);
    assertThat(rate(caseId, "dev-admin", "{\"score\": 3}").status()).isEqualTo(403);
    assertThat(rate(caseId, "dev-hotline", "{\"score\": 3}").status()).isEqualTo(403);
    String stranger = Jwts.dev(new JsonObject().put("role", "applicant").put("sub", Submissions.idNumber()));
    assertThat(rate(caseId, stranger, "{\"score\": 3}").status()).isEqualTo(404);
    String self = Jwts.dev(new JsonObject().put("role", "applicant").put("sub", id));
    assertThat(rate(caseId, self, "{\"score\": 3}").status()).isEqualTo(201);
    assertThat(rate(UUID.randomUUID(), "dev-portal", "{\"score\": 3}").status()).isEqualTo(404);
  }

  @Test
  void aScoreMustBeAWholeNumberFromOneToFive() {
    UUID caseId = submitNewborn(Submissions.idNumber());
    setStatus(caseId, "COMPLETED");
    for (String body : new String[] {"{\"score\": 0}", "{\"score\": 6}", "{\"score\": \"5\"}", "{\"score\": 3.5}", "{}",
        "{\"score\": null}", "{\"score\": 4, \"comment\": 7}", "{\"score\": 4, \"stars\": 4}"}) {
      Http.Response r = rate(caseId, "dev-portal", body);
      assertThat(r.status()).as(body).isEqualTo(422);
      assertThat(r.errorCode()).isEqualTo("VALIDATION_FAILED");
      assertThat(r.json().getJsonObject("error").getJsonArray("details")).isNotEmpty();
    }
    assertThat(rate(caseId, "dev-portal", "[1]").status()).isEqualTo(400);
    assertThat(TestServices.count("SELECT count(*) FROM ratings")).isZero();
  }

  @Test
  void aLowCaseScoreOpensAComplaintForTheChannelsServiceHall() {
    UUID caseId = submitNewborn(Submissions.idNumber());
    setStatus(caseId, "COMPLETED");
    Http.Response r = rate(caseId, "dev-portal", "{\"score\": 2, \"comment\": \"跑了三次\"}");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().getString("complaintId")).isNotNull();
    JsonArray complaints = http.get("/api/v1/supervision/complaints", "dev-admin").json().getJsonArray("complaints");
    assertThat(complaints.size()).isEqualTo(1);
    JsonObject c = complaints.getJsonObject(0);
    assertThat(c.getString("caseId")).isEqualTo(caseId.toString());
    assertThat(c.getInteger("score")).isEqualTo(2);
    assertThat(c.getString("comment")).isEqualTo("跑了三次");
    assertThat(c.getString("status")).isEqualTo("OPEN");
    // the contract (openapi.yaml): a case rating rates the case and the channel that took it; its complaint goes to that channel's service hall
    assertThat(c.getString("department")).isEqualTo("administrative-approval");
    assertThat(c.getString("channel")).isEqualTo("pc");
    assertThat(c.getString("source")).isEqualTo("case-rating");
    assertThat(c.getJsonArray("departments").getList()).containsExactly("administrative-approval");
    assertThat(http.get("/api/v1/supervision/complaints", "dev-hotline").status()).isEqualTo(403);

    UUID other = submitNewborn(Submissions.idNumber());
    setStatus(other, "REJECTED");
    assertThat(rate(other, "dev-portal", "{\"score\": 3}").status()).isEqualTo(201);
    assertThat(http.get("/api/v1/supervision/complaints", "dev-admin").json().getJsonArray("complaints").size())
        .as("3 is not a low score").isEqualTo(1);
  }
}
