package onego.server;

import io.vertx.core.json.JsonObject;
import onego.domain.EventType;
import onego.server.support.Http;
import onego.server.support.LiveNode;
import onego.server.support.SseClient;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes in one Hazelcast cluster: an event committed on one reaches a subscriber connected
 * to the other live, through the clustered event bus (the subscriber reads PostgreSQL only when
 * it connects, so nothing else could carry it).
 */
class ClusterStreamTest {
  @Test
  void anEventCommittedOnOneNodeReachesASubscriberOnTheOther() {
    TestServices.resetTables();
    int portA = TestNode.freePort();
    int portB = TestNode.freePort();
    String cluster = "cluster: {enabled: true, port: " + portA + ", members: [\"127.0.0.1:" + portA + "\", \"127.0.0.1:" + portB + "\"]}\n";
    String clusterB = cluster.replace("port: " + portA, "port: " + portB);
    try (LiveNode a = LiveNode.start(TestServices.redisUrl(), LiveNode.QUIET + cluster);
         LiveNode b = LiveNode.start(TestServices.redisUrl(), LiveNode.QUIET + clusterB)) {
      assertThat(b.http().get("/health/ready").json().getJsonObject("checks").getJsonObject("cluster").getInteger("members")).isEqualTo(2);
      Http http = a.http();
      JsonObject notice = http.get("/api/v1/things/newborn").json();
      UUID caseId = UUID.fromString(http.postCase("dev-portal", "cluster-1", Submissions.fromNotice(notice, Submissions.idNumber()).encode())
          .json().getString("caseId"));
      int logged = (int) TestServices.count("SELECT count(*) FROM case_events WHERE case_id = '" + caseId + "'");
      try (SseClient sse = SseClient.open(b.port(), "/api/v1/cases/" + caseId + "/events", "dev-portal", String.valueOf(logged))) {
        assertThat(sse.status()).isEqualTo(200);
        a.appendOne(caseId, EventType.ItemDueSoon, new JsonObject().put("level", "yellow"));
        List<SseClient.Frame> live = sse.events(1, 20_000);
        assertThat(live).extracting(SseClient.Frame::id).containsExactly(String.valueOf(logged + 1));
      }
    }
  }
}
