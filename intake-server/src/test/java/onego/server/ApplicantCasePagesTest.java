package onego.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.NodeTest;
import onego.server.support.Submissions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An applicant's case list pages past its 200-case page: a full page carries {@code next}, a page
 * token whose {@code before} gives the cases after it, newest first, none twice or left out; the
 * last page's {@code next} is null; anything but a page token is 400 naming {@code before}.
 */
class ApplicantCasePagesTest extends NodeTest {
  @Test
  void twoHundredAndFiveCasesComeInTwoPagesInOrder() {
    String id = Submissions.idNumber(7);
    JsonObject notice = http.get("/api/v1/things/newborn").json();
    List<CompletableFuture<Http.Response>> sent = new ArrayList<>();
    for (int i = 0; i < 205; i++) {
      sent.add(http.postCaseAsync("dev-portal", "page-" + i + "-" + System.nanoTime(), Submissions.fromNotice(notice, id).encode()));
      if (sent.size() % 16 == 0) sent.forEach(CompletableFuture::join);
    }
    sent.forEach(f -> assertThat(f.join().status()).as(f.join().body()).isEqualTo(201));

    String path = "/api/v1/applicants/" + id + "/cases?limit=200";
    JsonObject first = http.get(path, "dev-admin").json();
    assertThat(first.getJsonArray("cases")).hasSize(200);
    assertThat(first.getString("next")).isNotBlank();
    JsonObject second = http.get(path + "&before=" + first.getString("next"), "dev-admin").json();
    assertThat(second.getJsonArray("cases")).hasSize(5);
    assertThat(second.getValue("next")).isNull();
    assertThat(second.containsKey("next")).isTrue();

    List<String> ids = new ArrayList<>(ids(first.getJsonArray("cases")));
    ids.addAll(ids(second.getJsonArray("cases")));
    assertThat(ids).doesNotHaveDuplicates().hasSize(205);
    List<String> created = new ArrayList<>();
    first.getJsonArray("cases").forEach(c -> created.add(((JsonObject) c).getString("createdAt")));
    second.getJsonArray("cases").forEach(c -> created.add(((JsonObject) c).getString("createdAt")));
    List<String> newestFirst = new ArrayList<>(created);
    newestFirst.sort(java.util.Comparator.comparing(t -> java.time.OffsetDateTime.parse(t).toInstant(), java.util.Comparator.reverseOrder()));
    assertThat(created).isEqualTo(newestFirst);

    JsonObject small = http.get("/api/v1/applicants/" + id + "/cases?limit=100", "dev-admin").json();
    JsonObject rest = http.get("/api/v1/applicants/" + id + "/cases?limit=100&before=" + small.getString("next"), "dev-admin").json();
    assertThat(ids(rest.getJsonArray("cases"))).isEqualTo(ids.subList(100, 200));
  }

  @Test
  void aBeforeThatIsNoPageTokenIs400() {
    Http.Response r = http.get("/api/v1/applicants/" + Submissions.idNumber(7) + "/cases?before=yesterday", "dev-admin");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonObject("error").getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("before");
  }

  private static List<String> ids(JsonArray cases) {
    return cases.stream().map(c -> ((JsonObject) c).getString("caseId")).toList();
  }
}
