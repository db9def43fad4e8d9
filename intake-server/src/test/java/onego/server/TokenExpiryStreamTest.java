package onego.server;

import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.Jwts;
import onego.server.support.NodeTest;
import onego.server.support.SseClient;
import onego.server.support.Submissions;
import onego.server.support.WsClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A live stream lasts as long as the token that opened it: SSE ends, a WebSocket closes with 1008. API keys do not expire. */
class TokenExpiryStreamTest extends NodeTest {
  private static final long EXPIRES_IN_SECONDS = 2;
  private static final long WAIT_MS = 15_000;

  private static String caseOf(String idNumber) {
    JsonObject notice = http.get("/api/v1/things/newborn").json();
    Http.Response r = http.postCase("dev-portal", "exp-" + System.nanoTime(), Submissions.fromNotice(notice, idNumber).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("caseId");
  }

  private static String applicantToken(String idNumber, long seconds) {
    return Jwts.devExpiringIn(new JsonObject().put("role", "applicant").put("sub", idNumber), seconds);
  }

  @Test
  void anSseStreamEndsWhenItsTokenExpires() {
    String id = Submissions.idNumber();
    String caseId = caseOf(id);
    try (SseClient sse = SseClient.open(node.port(), "/api/v1/cases/" + caseId + "/events", applicantToken(id, EXPIRES_IN_SECONDS), null)) {
      assertThat(sse.status()).isEqualTo(200);
      assertThat(sse.events(1, WAIT_MS)).as("the stream delivers while the token is valid").hasSize(1);
      List<String> comments = new ArrayList<>();
      SseClient.Frame f;
      while ((f = sse.next(WAIT_MS)) != null && !"<closed>".equals(f.comment())) {
        if (f.comment() != null) comments.add(f.comment());
      }
      assertThat(f).as("the server ended the response").isNotNull();
      assertThat(comments).contains("token expired");
    }
  }

  @Test
  void aWebSocketClosesWith1008WhenItsTokenExpiresAndAnApiKeySocketStaysOpen() throws Exception {
    String id = Submissions.idNumber();
    String caseId = caseOf(id);
    try (WsClient expiring = WsClient.connect(node.port(), applicantToken(id, EXPIRES_IN_SECONDS), true);
         WsClient byKey = WsClient.connect(node.port(), "dev-portal", false)) {
      JsonObject subscribe = new JsonObject().put("op", "subscribe").put("caseId", caseId);
      expiring.send(subscribe);
      byKey.send(subscribe);
      assertThat(expiring.nextOp("subscribed", WAIT_MS)).isNotNull();
      assertThat(byKey.nextOp("subscribed", WAIT_MS)).isNotNull();
      assertThat(expiring.closeStatus(WAIT_MS)).isEqualTo((short) 1008);
      byKey.send(new JsonObject().put("op", "unsubscribe").put("caseId", caseId));
      assertThat(byKey.nextOp("unsubscribed", WAIT_MS)).as("the API key's socket outlived the JWT's").isNotNull();
    }
  }
}
