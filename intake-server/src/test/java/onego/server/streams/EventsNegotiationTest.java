package onego.server.streams;

import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.NodeTest;
import onego.server.support.Submissions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /cases/{id}/events answers the live SSE stream only when the caller prefers it by its
 * {@code Accept} q-values; anything else (no Accept, {@code *}{@code /*}, JSON preferred) gets JSON,
 * so a generated client that lists both types does not hang on a stream.
 */
class EventsNegotiationTest extends NodeTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private UUID submit() {
    JsonObject notice = http.get("/api/v1/things/newborn").json();
    Http.Response r = http.postCase("dev-portal", "neg-" + UUID.randomUUID(), Submissions.fromNotice(notice, Submissions.idNumber()).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return UUID.fromString(r.json().getString("caseId"));
  }

  @ParameterizedTest(name = "Accept: {0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NONE", value = {
      "NONE | application/json",
      "*/* | application/json",
      "application/json | application/json",
      "application/json, text/event-stream;q=0.5 | application/json",
      "text/event-stream;q=0.5, application/json | application/json",
      "text/event-stream;q=0.9, */*;q=0.8 | text/event-stream",
      "text/event-stream | text/event-stream",
      "text/event-stream, application/json;q=0.5 | text/event-stream",
      "application/json;q=0.1, text/event-stream | text/event-stream",
      "text/event-stream;q=0, application/json | application/json",
      "application/json;q=0, text/event-stream | text/event-stream",
      "text/*, application/json;q=0.5 | text/event-stream",
      "text/html, */*;q=0.1 | application/json",
  })
  void theEventStreamOnlyWhenPreferred(String accept, String expected) throws Exception {
    UUID caseId = submit();
    HttpRequest.Builder b = http.request("/api/v1/cases/" + caseId + "/events").header("Authorization", "Bearer dev-portal");
    if (accept != null) b.header("Accept", accept);
    HttpResponse<InputStream> r = CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = r.body()) {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(expected);
      if (expected.equals("application/json")) {
        assertThat(new JsonObject(new String(body.readAllBytes())).getJsonArray("events")).isNotEmpty();
      }
    }
  }
}
