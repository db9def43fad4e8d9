package onego.server;

import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.Jwts;
import onego.server.support.NodeTest;
import onego.server.support.Submissions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a case is handled (就近办, 全市通办): {@code region} of {@code POST /cases} is the city, one of its
 * divisions, or (跨省通办) a place in a federation peer's province; omitted, the channel's own region,
 * else the city. Anything else is refused naming {@code region}, and nothing is filed.
 */
class RegionsApiTest extends NodeTest {
  @Test
  void theRegionsAreTheCityAndItsDivisions() {
    JsonObject r = http.get("/api/v1/regions").json();
    assertThat(r.getJsonObject("city").getString("code")).isEqualTo("430400");
    assertThat(r.getJsonObject("province").getString("code")).isEqualTo("43");
    assertThat(r.getJsonArray("divisions")).hasSize(12);
    assertThat(r.getJsonArray("divisions").getJsonObject(0).encode()).isEqualTo("{\"code\":\"430405\",\"name\":\"珠晖区\"}");
  }

  @Test
  void aCaseWithoutRegionIsTheCitysAndShowsItsRegion() {
    String id = Submissions.idNumber();
    JsonObject created = file("dev-portal", body(id, null));
    assertThat(created.getString("region")).isEqualTo("430400");
    JsonObject kase = http.get("/api/v1/cases/" + created.getString("caseId"), "dev-portal").json();
    assertThat(kase.getString("region")).isEqualTo("430400");
    assertThat(kase.getString("regionName")).isEqualTo("衡阳市");
    JsonObject masked = http.get("/api/v1/cases/" + created.getString("caseId"), "dev-hotline").json();
    assertThat(masked.getString("region")).isEqualTo("430400");
  }

  @Test
  void aWindowFilesForItsOwnDistrictByDefaultAndForAnyOtherWhenAsked() {
    String id = Submissions.idNumber();
    assertThat(file("dev-window-leiyang", body(id, null)).getString("region")).isEqualTo("430481");
    JsonObject other = file("dev-window-leiyang", body(id, "430405"));
    assertThat(other.getString("region")).isEqualTo("430405");
    assertThat(http.get("/api/v1/cases/" + other.getString("caseId"), "dev-window-leiyang").json().getString("regionName")).isEqualTo("珠晖区");
    assertThat(file("dev-window", body(id, "430481")).getString("region")).isEqualTo("430481");
  }

  @Test
  void aChannelTokensRegionClaimIsItsDefaultAndMustBeKnown() {
    String token = Jwts.dev(new JsonObject().put("role", "channel").put("channel", "community").put("region", "430412"));
    Http.Response r = http.postCase(token, "k-" + System.nanoTime(), body(Submissions.idNumber(), null).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().getString("region")).isEqualTo("430412");

    String unknown = Jwts.dev(new JsonObject().put("role", "channel").put("channel", "community").put("region", "430499"));
    assertThat(http.postCase(unknown, "k-" + System.nanoTime(), body(Submissions.idNumber(), null).encode()).status()).isEqualTo(401);
    String notAChannel = Jwts.dev(new JsonObject().put("role", "hotline").put("region", "430405"));
    assertThat(http.get("/api/v1/hotline/cases?idNumber=" + Submissions.idNumber(), notAChannel).status()).isEqualTo(401);
  }

  @Test
  void aRegionThatIsNotSixDigitsOrUnknownOrWithoutAPeerIs422AndFilesNothing() {
    String id = Submissions.idNumber();
    for (String bad : List.of("43040", "4304050", "043040", "43O405", "", "430499", "431002", "110101")) {
      Http.Response r = http.postCase("dev-portal", "bad-" + bad + "-" + System.nanoTime(), body(id, bad).encode());
      assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(422);
      JsonObject detail = r.json().getJsonObject("error").getJsonArray("details").getJsonObject(0);
      assertThat(detail.getString("field")).isEqualTo("region");
    }
    Http.Response number = http.postCase("dev-portal", "num-" + System.nanoTime(), body(id, null).put("region", 430405).encode());
    assertThat(number.status()).as(number.body()).isEqualTo(400);
    assertThat(http.get("/api/v1/applicants/" + id + "/cases", "dev-admin").json().getJsonArray("cases")).isEmpty();
  }

  @Test
  void aNullRegionIsTheDefault() {
    JsonObject created = file("dev-window-leiyang", body(Submissions.idNumber(), null).putNull("region"));
    assertThat(created.getString("region")).isEqualTo("430481");
  }

  private JsonObject body(String id, String region) {
    JsonObject b = Submissions.fromNotice(http.get("/api/v1/things/newborn").json(), id);
    if (region != null) b.put("region", region);
    return b;
  }

  private JsonObject file(String token, JsonObject body) {
    Http.Response r = http.postCase(token, "k-" + System.nanoTime(), body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }
}
