package onego.router.cases;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static onego.router.cases.Table.Type.JSONB;
import static onego.router.cases.Table.Type.TEXT;
import static onego.router.cases.Table.Type.TIMESTAMPTZ;
import static onego.router.cases.Table.col;

/**
 * One row of {@code cards} (红黄牌, contract "Supervision", Cards): raised once per {@code cause}
 * ({@link Cards#deadlineCause} and the like), explained by its department, closed by admin.
 *
 * @param cause       what raised it, unique: {@code deadline:<level>:<itemId>}, {@code waiver:<caseId>:<material>},
 *                    {@code verification:<itemId>:<material>}, {@code complaint:<complaintId>}
 * @param level       {@code yellow} or {@code red}
 * @param kind        {@code deadline}, {@code complaint}, {@code verification} or {@code waiver}
 * @param caseId      the case, or null (a complaint without a case)
 * @param itemId      the item, or null
 * @param state       {@code OPEN}, {@code EXPLAINED}, {@code CLOSED}
 * @param explanation the department's {reason, responsiblePerson, measures, explainedAt}, or null
 * @param verdict     admin's {@code upheld} or {@code withdrawn} once closed, else null
 * @param closedBy    the admin who closed it (as the audit trail names actors), or null
 */
public record CardRow(UUID cardId, String cause, String level, String kind, UUID caseId, UUID itemId, String department,
                      OffsetDateTime raisedAt, String state, JsonObject explanation, String verdict, String note,
                      OffsetDateTime closedAt, String closedBy) {
  /** The table, its columns in the order of this record's components. */
  static final Table TABLE = new Table("cards", List.of(
      col("card_id", Table.Type.UUID), col("cause", TEXT), col("level", TEXT), col("kind", TEXT), col("case_id", Table.Type.UUID),
      col("item_id", Table.Type.UUID), col("department", TEXT), col("raised_at", TIMESTAMPTZ), col("state", TEXT),
      col("explanation", JSONB), col("verdict", TEXT), col("note", TEXT), col("closed_at", TIMESTAMPTZ), col("closed_by", TEXT)));

  /** The kinds of card (contract). */
  public static final List<String> KINDS = List.of("deadline", "complaint", "verification", "waiver");
  /** The states of a card (contract). */
  public static final List<String> STATES = List.of("OPEN", "EXPLAINED", "CLOSED");

  static CardRow from(Row r) {
    int k = 0;
    return new CardRow(r.getUUID(k++), r.getString(k++), r.getString(k++), r.getString(k++), r.getUUID(k++), r.getUUID(k++),
        r.getString(k++), r.getOffsetDateTime(k++), r.getString(k++), r.getJsonObject(k++), r.getString(k++), r.getString(k++),
        r.getOffsetDateTime(k++), r.getString(k));
  }

  Object[] values() {
    return new Object[] {cardId, cause, level, kind, caseId, itemId, department, raisedAt, state, explanation, verdict, note, closedAt, closedBy};
  }

  /** A new OPEN card. */
  static CardRow raised(String cause, String level, String kind, UUID caseId, UUID itemId, String department, OffsetDateTime at) {
    return new CardRow(onego.domain.Ids.newId(), cause, level, kind, caseId, itemId, department, at, "OPEN", null, null, null, null, null);
  }
}
