package onego.server.router;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static onego.server.router.RouterFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cards as records through the API (contract "Supervision", Cards): the watcher's red card is
 * listed, explained by its department (another's is 404), closed by admin as upheld (a second close
 * 409), and counts against the department in {@code /stats}; bad input is 400/404/422, never 500.
 */
class CardsTest {
  @BeforeEach
  void reset() {
    TestServices.resetTables();
  }

  @Test
  void aRedCardExplainedByTheDepartmentAndClosedAsUpheldShowsInItsFigures() {
    try (TestNode node = TestNode.start(Overlays.env("router:\n  deadlineScanMs: 100\n"))) {
      RouterFixture f = new RouterFixture(node.http());
      Http http = node.http();
      JsonObject c = f.submit("newborn");
      JsonObject birth = RouterFixture.item(c, "birth-medical-certificate");
      String dept = birth.getString("department");
      TestServices.sql("UPDATE case_items SET due_at = now() - interval '1 hour' WHERE item_id = '" + birth.getString("itemId") + "'");
      JsonObject card = Await.value("red card", WAIT, () -> {
        JsonArray cards = http.get("/api/v1/supervision/cards?level=red&kind=deadline", "dev-admin").json().getJsonArray("cards");
        return cards.isEmpty() ? null : cards.getJsonObject(0);
      });
      assertThat(card.getString("itemId")).isEqualTo(birth.getString("itemId"));
      assertThat(card.getString("state")).isEqualTo("OPEN");
      assertThat(card.getString("department")).isEqualTo(dept);
      assertThat(http.get("/api/v1/supervision/cards?level=red", "dev-dept-" + dept).json().getJsonArray("cards")).hasSize(1);
      assertThat(http.get("/api/v1/supervision/cards", "dev-dept-tax").json().getJsonArray("cards")).isEmpty();
      assertThat(http.get("/api/v1/supervision/cards?department=" + dept, "dev-dept-tax").status()).isEqualTo(403);
      assertThat(http.get("/api/v1/supervision/cards?kind=blue", "dev-admin").status()).isEqualTo(400);

      String cardPath = "/api/v1/supervision/cards/" + card.getString("cardId");
      JsonObject why = new JsonObject().put("reason", "档案调取超时").put("responsiblePerson", "王科长").put("measures", "已约定两日内调档");
      assertThat(f.post(cardPath + "/explanation", "dev-dept-tax", why).status()).as("another department's card").isEqualTo(404);
      assertThat(f.post(cardPath + "/explanation", "dev-dept-" + dept, new JsonObject().put("reason", "x")).status()).isEqualTo(422);
      assertThat(f.post("/api/v1/supervision/cards/not-a-uuid/explanation", "dev-dept-" + dept, why).status()).isEqualTo(404);
      Http.Response explained = f.post(cardPath + "/explanation", "dev-dept-" + dept, why);
      assertThat(explained.status()).isEqualTo(200);
      assertThat(explained.json().getString("state")).isEqualTo("EXPLAINED");
      assertThat(explained.json().getJsonObject("explanation").getString("responsiblePerson")).as("a person, masked for staff").isEqualTo("王**");

      assertThat(f.post(cardPath + "/close", "dev-dept-" + dept, new JsonObject().put("verdict", "withdrawn")).status()).isEqualTo(403);
      assertThat(f.post(cardPath + "/close", "dev-admin", new JsonObject().put("verdict", "maybe")).status()).isEqualTo(422);
      Http.Response closed = f.post(cardPath + "/close", "dev-admin", new JsonObject().put("verdict", "upheld").put("note", "超期属实"));
      assertThat(closed.status()).isEqualTo(200);
      assertThat(closed.json().getString("state")).isEqualTo("CLOSED");
      assertThat(closed.json().getString("verdict")).isEqualTo("upheld");
      assertThat(f.post(cardPath + "/close", "dev-admin", new JsonObject().put("verdict", "withdrawn")).status()).isEqualTo(409);
      assertThat(f.post("/api/v1/supervision/cards/" + java.util.UUID.randomUUID() + "/close", "dev-admin",
          new JsonObject().put("verdict", "upheld")).status()).isEqualTo(404);

      JsonObject figures = http.get("/api/v1/stats", "dev-admin").json().getJsonObject("departments").getJsonObject(dept);
      assertThat(figures.getLong("upheldRedCards")).isEqualTo(1);
      assertThat(figures.getJsonObject("cards").getJsonObject("red").getLong("CLOSED")).isEqualTo(1);
      assertThat(figures.getJsonObject("cards").getJsonObject("red").getLong("OPEN")).isZero();
      assertThat(figures.getLong("overdueItems")).isEqualTo(1);
    }
  }
}
