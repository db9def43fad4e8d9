package onego.router.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import onego.domain.CaseStatus;

import java.util.UUID;

/**
 * The case row a {@link CaseTransaction} holds locked. {@code FOR NO KEY UPDATE}, not
 * {@code FOR UPDATE}: it still excludes every other case transaction, but not the foreign-key
 * checks of rows that merely point at the case (events, ratings, attempt rows), which
 * {@code FOR UPDATE} made wait for the whole transaction (measured: dispatch attempt inserts
 * queued behind outcome batches).
 */
public final class CaseState {
  static final String SELECT_FOR_UPDATE = """
      SELECT case_id, thing, status, last_seq, channel, submitted_by, applicant_id, applicant, form, materials, delivery
      FROM cases WHERE case_id = $1 FOR NO KEY UPDATE""";

  final UUID caseId;
  final String thing;
  final String channel;
  final String submittedBy;
  final String applicantId;
  final JsonObject applicant;
  JsonObject form;
  JsonArray materials;
  final JsonObject delivery;
  CaseStatus status;
  /** The seq of the case's last event when the row was locked. */
  final int lastSeq;
  boolean formDirty;

  CaseState(Row r) {
    caseId = r.getUUID("case_id");
    thing = r.getString("thing");
    status = CaseStatus.valueOf(r.getString("status"));
    lastSeq = r.getInteger("last_seq");
    channel = r.getString("channel");
    submittedBy = r.getString("submitted_by");
    applicantId = r.getString("applicant_id");
    applicant = r.getJsonObject("applicant");
    form = r.getJsonObject("form");
    materials = r.getJsonArray("materials");
    delivery = r.getJsonObject("delivery");
  }

  public UUID caseId() { return caseId; }
  public String thing() { return thing; }
  public CaseStatus status() { return status; }
  public String submittedBy() { return submittedBy; }
  public String applicantId() { return applicantId; }
  public JsonObject applicant() { return applicant; }
  public JsonObject form() { return form; }
  public JsonArray materials() { return materials; }
  public JsonObject delivery() { return delivery; }
}
