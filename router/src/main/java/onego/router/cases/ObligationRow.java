package onego.router.cases;

import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static onego.router.cases.Table.Type.TEXT;
import static onego.router.cases.Table.Type.TEXT_ARRAY;
import static onego.router.cases.Table.Type.TIMESTAMPTZ;
import static onego.router.cases.Table.col;

/**
 * One row of {@code obligations} (V8): a material of a case accepted under 容缺 ({@link #WAIVER}: to
 * be handed in by {@code dueAt}) or replaced by a 告知承诺 ({@link #COMMITMENT}: to be verified by its
 * department by {@code dueAt}).
 *
 * @param items     codes of the case's items that need the material
 * @param state     waiver: OWED, SUPPLIED, OVERDUE; commitment: PENDING, CONFIRMED, FALSE
 * @param settledAt when it was supplied or verified, or null; {@code settledBy} by whom
 * @param note      the department's note of its after-check, or null
 * @param cardedAt  when its overdue card was raised, or null
 */
public record ObligationRow(UUID caseId, String kind, String material, List<String> items, OffsetDateTime dueAt, String state,
                            OffsetDateTime settledAt, String settledBy, String note, OffsetDateTime cardedAt) {
  public static final String WAIVER = "waiver";
  public static final String COMMITMENT = "commitment";

  /** The table, its columns in the order of this record's components. */
  static final Table TABLE = new Table("obligations", List.of(
      col("case_id", Table.Type.UUID), col("kind", TEXT), col("material", TEXT), col("items", TEXT_ARRAY), col("due_at", TIMESTAMPTZ),
      col("state", TEXT), col("settled_at", TIMESTAMPTZ), col("settled_by", TEXT), col("note", TEXT), col("carded_at", TIMESTAMPTZ)));

  static ObligationRow from(Row r) {
    int k = 0;
    return new ObligationRow(r.getUUID(k++), r.getString(k++), r.getString(k++), Table.strings(r, k++), r.getOffsetDateTime(k++),
        r.getString(k++), r.getOffsetDateTime(k++), r.getString(k++), r.getString(k++), r.getOffsetDateTime(k));
  }

  Object[] values() {
    return new Object[] {caseId, kind, material, items, dueAt, state, settledAt, settledBy, note, cardedAt};
  }

  /** Still owed (容缺: OWED or OVERDUE). */
  public boolean owed() {
    return WAIVER.equals(kind) && ("OWED".equals(state) || "OVERDUE".equals(state));
  }

  /** An open obligation of {@code kind} opened at intake. */
  static ObligationRow opened(UUID caseId, String kind, String material, List<String> items, OffsetDateTime dueAt) {
    return new ObligationRow(caseId, kind, material, List.copyOf(items), dueAt, WAIVER.equals(kind) ? "OWED" : "PENDING", null, null, null, null);
  }
}
