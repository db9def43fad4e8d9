package onego.router.cases;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import onego.domain.ItemStatus;
import onego.domain.ProgressEvent;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The column lists against the row records, and the SQL built from a column list. */
class TableTest {
  private static List<String> snakeCase(Class<?> record) {
    return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
        .map(n -> n.replaceAll("([A-Z])", "_$1").toLowerCase()).toList();
  }

  private static List<String> names(Table t) {
    return t.columns.stream().map(Table.Column::name).toList();
  }

  @Test
  void everyRowRecordHasExactlyItsTablesColumnsInOrder() {
    assertThat(names(CaseRow.TABLE)).containsExactlyElementsOf(snakeCase(CaseRow.class));
    assertThat(names(ItemRow.TABLE)).containsExactlyElementsOf(snakeCase(ItemRow.class));
    assertThat(names(EventLog.TABLE)).containsExactlyElementsOf(snakeCase(ProgressEvent.class));
    ItemRow item = ItemRow.opened(UUID.randomUUID(), UUID.randomUUID(), 0, "c", "n", "d", ItemStatus.QUEUED, List.of(),
        OffsetDateTime.now(), 3, OffsetDateTime.now());
    assertThat(item.values()).hasSize(ItemRow.TABLE.columns.size());
    assertThat(item.values()[ItemRow.TABLE.index("department")]).isEqualTo("d");
  }

  @Test
  void manyRowsInsertUnnestsOneArrayPerColumnAndCastsJsonAndTextArrays() {
    Table t = new Table("t", List.of(Table.col("id", Table.Type.UUID), Table.col("doc", Table.Type.JSONB),
        Table.col("tags", Table.Type.TEXT_ARRAY), Table.col("n", Table.Type.INT)));
    assertThat(t.insertMany()).isEqualTo("INSERT INTO t (id, doc, tags, n) SELECT u.id, u.doc::jsonb, string_to_array(u.tags, chr(31)), u.n"
        + " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[]) AS u(id, doc, tags, n)");
    UUID id = UUID.randomUUID();
    Tuple args = t.insertArgs(List.of(new Object[] {id, new JsonObject().put("a", 1), List.of("x", "y"), 7},
        new Object[] {id, null, List.of(), null}), r -> r);
    assertThat((UUID[]) args.getValue(0)).containsExactly(id, id);
    assertThat((String[]) args.getValue(1)).containsExactly("{\"a\":1}", null);
    assertThat((String[]) args.getValue(2)).containsExactly("x\u001fy", "");
    assertThat((Integer[]) args.getValue(3)).containsExactly(7, null);
  }

  @Test
  void anArrayElementHoldingTheSeparatorIsRefused() {
    Table t = new Table("t", List.of(Table.col("tags", Table.Type.TEXT_ARRAY)));
    assertThatThrownBy(() -> t.insertArgs(List.<Object[]>of(new Object[] {List.of("a\u001fb")}), r -> r))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tags");
  }

  @Test
  void updateByKeySetsTheNamedColumnsAfterTheKey() {
    assertThat(CaseRow.TABLE.updateByKey(CaseState.CHANGING)).isEqualTo("UPDATE cases SET status = $2, form = $3, materials = $4 WHERE case_id = $1");
    Object[] values = {UUID.randomUUID(), "ignored", "SUBMITTED"};
    Table t = new Table("x", List.of(Table.col("id", Table.Type.UUID), Table.col("a", Table.Type.TEXT), Table.col("status", Table.Type.TEXT)));
    Tuple args = t.updateArgs(values, List.of("status"));
    assertThat(args.size()).isEqualTo(2);
    assertThat(args.getValue(1)).isEqualTo("SUBMITTED");
  }

  @Test
  void theSelectListIsTheColumnListOptionallyQualified() {
    assertThat(EventLog.TABLE.select("e")).isEqualTo("e.case_id, e.seq, e.type, e.item_id, e.status, e.at, e.data");
    assertThat(EventLog.TABLE.selectFrom("WHERE seq > 1")).isEqualTo("SELECT case_id, seq, type, item_id, status, at, data FROM case_events WHERE seq > 1");
  }
}
