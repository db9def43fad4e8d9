package onego.router.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.CaseStatus;

import java.util.List;
import java.util.UUID;

/**
 * The case row a {@link CaseTransaction} holds locked. {@code FOR NO KEY UPDATE}, not
 * {@code FOR UPDATE}: it still excludes every other case transaction, but not the foreign-key
 * checks of rows that merely point at the case (events, ratings, attempt rows), which
 * {@code FOR UPDATE} made wait for the whole transaction (measured: dispatch attempt inserts
 * queued behind outcome batches).
 */
public final class CaseState {
  static final String SELECT_FOR_UPDATE = CaseRow.TABLE.selectFrom("WHERE case_id = $1 FOR NO KEY UPDATE");
  /** What a change of a case may write besides its log counter (which {@link EventLog} moves). */
  static final List<String> CHANGING = List.of("status", "form", "materials");
  static final String UPDATE = CaseRow.TABLE.updateByKey(CHANGING);

  private final CaseRow row;
  final UUID caseId;
  final String thing;
  final String applicantId;
  final JsonObject delivery;
  JsonObject form;
  JsonArray materials;
  CaseStatus status;
  /** The seq of the case's last event when the row was locked. */
  final int lastSeq;
  boolean formDirty;

  CaseState(CaseRow r) {
    row = r;
    caseId = r.caseId();
    thing = r.thing();
    status = r.status();
    lastSeq = r.lastSeq();
    applicantId = r.applicantId();
    form = r.form();
    materials = r.materials();
    delivery = r.delivery();
  }

  /** The row as it will be written: the locked row with this change's status, form and materials. */
  CaseRow toRow() {
    return new CaseRow(caseId, thing, status, row.channel(), row.submittedBy(), applicantId, row.applicantPhone(), row.applicant(), form,
        materials, row.commitments(), delivery, row.agent(), row.agentId(), row.prerequisites(), lastSeq, row.createdAt(), row.updatedAt(),
        row.traceparent(), row.region());
  }

  public UUID caseId() { return caseId; }
  public String thing() { return thing; }
  public CaseStatus status() { return status; }
  public String submittedBy() { return row.submittedBy(); }
  /** The channel that took the case ({@code pc}, {@code window}, ...). */
  public String channel() { return row.channel(); }
  public String applicantId() { return applicantId; }
  public JsonObject applicant() { return row.applicant(); }
  public JsonObject form() { return form; }
  public JsonArray materials() { return materials; }
  public JsonObject delivery() { return delivery; }
}
