package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import onego.domain.AuditAction;
import onego.domain.DomainError;
import onego.domain.EventType;
import onego.domain.ItemStatus;
import onego.domain.Times;
import onego.router.Await;
import onego.router.StoreTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static onego.router.StoreTestDatabase.number;
import static onego.router.StoreTestDatabase.sql;
import static onego.router.cases.CaseFixtures.ZONE;
import static onego.router.cases.CaseFixtures.created;
import static onego.router.cases.CaseFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cards as records ({@link Cards}) against PostgreSQL: a deadline card is one row per cause however
 * often (and by however many flows) it is raised; its department explains it, another department
 * gets 404; admin closes it once (409 after); an upheld red card counts in the department's figures.
 */
class CardStoreTest {
  private static CaseLog log;
  private static Cards cards;

  @BeforeAll
  static void wire() {
    log = new CaseLog(StoreTestDatabase.pool(), new PublishedEvents(StoreTestDatabase.vertx()).publisher(), ZONE, new RecordingAuditSink());
    cards = new Cards(StoreTestDatabase.pool());
  }

  @BeforeEach
  void reset() {
    StoreTestDatabase.resetTables();
  }

  private static ItemFlow newNode() {
    return new ItemFlow(StoreTestDatabase.pool(), log, CaseFixtures.emptyCatalog());
  }

  private static UUID overdueItem(CaseFixtures.CaseDraft c) {
    UUID item = c.itemId("a");
    Await.result(log.change(c.caseId(), ItemFlow.DISPATCH, AuditAction.ITEM_DISPATCHED, tx -> {
      for (ItemState i : tx.items()) tx.move(i, ItemStatus.DISPATCHED, EventType.ItemDispatched, new JsonObject());
      return Future.succeededFuture(null);
    }));
    sql("UPDATE case_items SET due_at = $2 WHERE item_id = $1", item, Times.now(ZONE).minusDays(1));
    return item;
  }

  @Test
  void aRedCardIsOneRowPerCauseAcrossScansAndNodes() {
    CaseFixtures.CaseDraft c = created(log, item("a", "civil"));
    UUID item = overdueItem(c);
    assertThat(Await.result(newNode().raiseCard(c.caseId(), item, true))).isTrue();
    assertThat(Await.result(newNode().raiseCard(c.caseId(), item, true))).isFalse();
    // even with the item's column cleared (a node of an older version), the cause keeps it once
    sql("UPDATE case_items SET red_at = NULL WHERE item_id = $1", item);
    Await.result(newNode().raiseCard(c.caseId(), item, true));
    assertThat(number("SELECT count(*) FROM cards WHERE item_id = $1", item)).isEqualTo(1);
    List<CardRow> red = Await.result(cards.list("red", "deadline", "OPEN", "civil", 10));
    assertThat(red).singleElement().satisfies(card -> {
      assertThat(card.caseId()).isEqualTo(c.caseId());
      assertThat(card.itemId()).isEqualTo(item);
      assertThat(card.state()).isEqualTo("OPEN");
    });
  }

  @Test
  void anExplainedRedCardClosedAsUpheldCountsAgainstTheDepartment() {
    CaseFixtures.CaseDraft c = created(log, item("a", "civil"));
    UUID item = overdueItem(c);
    Await.result(newNode().raiseCard(c.caseId(), item, true));
    UUID cardId = Await.result(cards.list(null, null, null, "civil", 10)).get(0).cardId();
    OffsetDateTime now = Times.now(ZONE);
    JsonObject why = new JsonObject().put("reason", "系统故障").put("responsiblePerson", "王科长").put("measures", "已恢复");

    DomainError other = (DomainError) Await.failure(cards.explain(cardId, "tax", why, now));
    assertThat(other.kind()).isEqualTo(DomainError.Kind.NOT_FOUND);
    CardRow explained = Await.result(cards.explain(cardId, "civil", why, now));
    assertThat(explained.state()).isEqualTo("EXPLAINED");
    assertThat(explained.explanation().getString("responsiblePerson")).isEqualTo("王科长");

    CardRow closed = Await.result(cards.close(cardId, "upheld", "属实", "key:dev-admin", now));
    assertThat(closed.state()).isEqualTo("CLOSED");
    assertThat(closed.verdict()).isEqualTo("upheld");
    assertThat(((DomainError) Await.failure(cards.close(cardId, "withdrawn", null, "key:dev-admin", now))).kind())
        .isEqualTo(DomainError.Kind.CONFLICT);
    assertThat(((DomainError) Await.failure(cards.explain(cardId, "civil", why, now))).kind()).isEqualTo(DomainError.Kind.CONFLICT);
    assertThat(((DomainError) Await.failure(cards.close(UUID.randomUUID(), "upheld", null, "a", now))).kind())
        .isEqualTo(DomainError.Kind.NOT_FOUND);

    List<Cards.Figure> figures = Await.result(cards.figures(now.minusDays(1), now.plusDays(1)));
    assertThat(figures).singleElement().isEqualTo(new Cards.Figure("civil", "red", "CLOSED", 1, 1));
  }
}
