package onego.router.dispatch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import onego.domain.Times;
import onego.domain.WorkingCalendar;
import onego.router.Await;
import onego.router.StoreTestDatabase;
import onego.router.cases.CaseFixtures;
import onego.router.cases.CaseLog;
import onego.router.cases.CaseReads;
import onego.router.cases.ItemFlow;
import onego.router.cases.PublishedEvents;
import onego.router.cases.RecordingAuditSink;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static onego.router.StoreTestDatabase.number;
import static onego.router.StoreTestDatabase.sql;
import static onego.router.cases.CaseFixtures.ZONE;
import static onego.router.cases.CaseFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deadline watcher's pass against PostgreSQL: a pass over more due items than one transaction
 * takes ({@code cardBatch}) raises every card exactly once, in several transactions (each batch's
 * cards carry its transaction's time), and a second pass raises none. A card the database refuses
 * holds back no other card: its batch is raised card by card, and the next pass raises it.
 */
class DeadlineWatcherTest {
  private static final int ITEMS = 7;
  private static final int BATCH = 3;

  @BeforeEach
  void reset() {
    StoreTestDatabase.resetTables();
  }

  /** {@link #ITEMS} cases of one item each, every item a day overdue; a watcher raising {@link #BATCH} cards a transaction. */
  private static DeadlineWatcher overdueItems() {
    CaseLog log = new CaseLog(StoreTestDatabase.pool(), new PublishedEvents(StoreTestDatabase.vertx()).publisher(), ZONE,
        new RecordingAuditSink());
    ItemFlow flow = new ItemFlow(StoreTestDatabase.pool(), log, CaseFixtures.emptyCatalog());
    List<CaseFixtures.CaseDraft> cases = new ArrayList<>();
    for (int k = 0; k < ITEMS; k++) cases.add(CaseFixtures.newCase(item("a", "civil")));
    CaseFixtures.createAll(log, cases);
    sql("UPDATE case_items SET due_at = $1", Times.now(ZONE).minusDays(1));
    return new DeadlineWatcher(StoreTestDatabase.vertx(), StoreTestDatabase.pool(),
        new CaseReads(StoreTestDatabase.pool()), flow, new WorkingCalendar(ZONE, Set.of(), Set.of()), 1000, new SimpleMeterRegistry(), BATCH);
  }

  @Test
  void aPassOverMoreItemsThanOneBatchRaisesEveryCardOnceInSeveralTransactions() {
    DeadlineWatcher watcher = overdueItems();

    assertThat(Await.result(watcher.scan())).isEqualTo(ITEMS);
    assertThat(number("SELECT count(*) FROM cards WHERE level = 'red' AND kind = 'deadline'")).isEqualTo(ITEMS);
    assertThat(number("SELECT count(DISTINCT item_id) FROM cards")).isEqualTo(ITEMS);
    assertThat(number("SELECT count(*) FROM case_events WHERE type = 'ItemOverdue'")).isEqualTo(ITEMS);
    assertThat(number("SELECT count(DISTINCT red_at) FROM case_items")).as("one transaction per batch of " + BATCH)
        .isEqualTo((ITEMS + BATCH - 1) / BATCH);

    assertThat(Await.result(watcher.scan())).as("a second pass").isZero();
    assertThat(number("SELECT count(*) FROM cards")).isEqualTo(ITEMS);
  }

  @Test
  void aCardTheDatabaseRefusesHoldsBackNoOtherCardAndTheNextPassRaisesIt() {
    DeadlineWatcher watcher = overdueItems();
    // one item's card is refused, as a bad row of one case would be
    String refused = StoreTestDatabase.column("SELECT min(item_id::text) FROM case_items").get(0);
    sql("CREATE FUNCTION refuse_card() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        + "IF NEW.item_id = '" + refused + "' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$");
    sql("CREATE TRIGGER refuse_card BEFORE INSERT ON cards FOR EACH ROW EXECUTE FUNCTION refuse_card()");
    try {
      assertThat(Await.result(watcher.scan())).as("every card but the refused one").isEqualTo(ITEMS - 1);
      assertThat(number("SELECT count(*) FROM cards WHERE level = 'red'")).isEqualTo(ITEMS - 1);
      assertThat(number("SELECT count(*) FROM case_items WHERE red_at IS NULL")).isEqualTo(1);
      assertThat(number("SELECT count(*) FROM case_items WHERE red_at IS NULL AND item_id = '" + refused + "'")).isEqualTo(1);
    } finally {
      sql("DROP TRIGGER refuse_card ON cards");
      sql("DROP FUNCTION refuse_card()");
    }
    assertThat(Await.result(watcher.scan())).as("the next pass").isEqualTo(1);
    assertThat(number("SELECT count(DISTINCT item_id) FROM cards WHERE level = 'red'")).isEqualTo(ITEMS);
  }
}
