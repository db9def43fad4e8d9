package onego.router.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import onego.domain.ItemStatus;
import onego.domain.SecureRandoms;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * 一次送达 for every outcome (国办发〔2022〕32号 三(五) 提高出件效率: 窗口发放、物流快递送达等灵活多样的方式;
 * 衡阳 优化"一次办" 2: 推广使用EMS邮寄、文件柜等无接触形式出件): what a case delivers when it ends
 * (COMPLETED, REJECTED or WITHDRAWN) and how, as its {@code result_deliveries} row and the data of its
 * {@code ResultsDelivered} event.
 * <ul>
 *   <li>What: the certificates ({@code [{type, number, ecertRef, item}]}) and named values
 *       ({@code [{item, name, value}]}) of the items that are COMPLETED when the case ends; a REJECTED,
 *       CANCELLED or REVOKED item delivers nothing.</li>
 *   <li>How, by {@code delivery.method}: {@code electronic} → status {@code DELIVERED};
 *       {@code window} → {@code AT_WINDOW}; {@code locker} → {@code IN_LOCKER} with a random 8-digit
 *       {@code pickupCode}; {@code ems} → {@code WAYBILL_PENDING}, due for a waybill request to the
 *       logistics service at once (the request is this row: it survives restarts).</li>
 *   <li>Nothing issued: the row and the event are still written, with empty lists and status
 *       {@code NOTHING_ISSUED} (no waybill is asked for, no pickup code made), so the applicant is told
 *       the case closed with nothing to hand over.</li>
 * </ul>
 */
final class ResultsDelivery {
  static final String INSERT = """
      INSERT INTO result_deliveries (case_id, method, address, certificates, created_at, outcome, issued_values, status,
        pickup_code, next_attempt_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $5)
      ON CONFLICT (case_id) DO NOTHING""";
  /** Pickup codes: 8 decimal digits, leading zeros kept. */
  static final int PICKUP_CODE_DIGITS = 8;

  final String outcome;
  final String method;
  final String address;
  final JsonArray certificates;
  final JsonArray values;
  final String status;
  final String pickupCode;
  final OffsetDateTime now;

  private ResultsDelivery(String outcome, String method, String address, JsonArray certificates, JsonArray values, String status,
                          String pickupCode, OffsetDateTime now) {
    this.outcome = outcome;
    this.method = method;
    this.address = address;
    this.certificates = certificates;
    this.values = values;
    this.status = status;
    this.pickupCode = pickupCode;
    this.now = now;
  }

  /** The delivery of {@code kase}, which has just ended with {@code items} as they now stand. */
  static ResultsDelivery of(CaseState kase, List<ItemState> items, OffsetDateTime now) {
    JsonArray certificates = new JsonArray();
    JsonArray values = new JsonArray();
    for (ItemState i : items) {
      if (i.status != ItemStatus.COMPLETED || i.result == null) continue;
      JsonArray certs = i.result.getJsonArray("certificates");
      if (certs != null) certs.forEach(c -> { if (c instanceof JsonObject o) certificates.add(o.copy().put("item", i.code)); });
      JsonObject vals = i.result.getJsonObject("values");
      if (vals != null) vals.forEach(e -> values.add(new JsonObject().put("item", i.code).put("name", e.getKey()).put("value", e.getValue())));
    }
    String method = kase.delivery.getString("method", "electronic");
    String address = kase.delivery.getString("address", kase.delivery.getString("window"));
    boolean nothing = certificates.isEmpty() && values.isEmpty();
    String status = nothing ? "NOTHING_ISSUED" : switch (method) {
      case "ems" -> "WAYBILL_PENDING";
      case "locker" -> "IN_LOCKER";
      case "window" -> "AT_WINDOW";
      default -> "DELIVERED";
    };
    String code = !nothing && method.equals("locker") ? pickupCode() : null;
    return new ResultsDelivery(kase.status.name(), method, address, certificates, values, status, code, now);
  }

  /** A fresh pickup code: {@link #PICKUP_CODE_DIGITS} random decimal digits. */
  static String pickupCode() {
    StringBuilder s = new StringBuilder(PICKUP_CODE_DIGITS);
    for (int k = 0; k < PICKUP_CODE_DIGITS; k++) s.append((char) ('0' + SecureRandoms.current().nextInt(10)));
    return s.toString();
  }

  Tuple insertArgs(UUID caseId) {
    OffsetDateTime due = status.equals("WAYBILL_PENDING") ? now : null;
    return Tuple.from(new Object[] {caseId, method, address, certificates, now, outcome, values, status, pickupCode, due});
  }

  /** The ResultsDelivered event's data: outcome, method, status, certificates, values, and address or pickupCode when there are. */
  JsonObject eventData() {
    JsonObject data = new JsonObject().put("outcome", outcome).put("method", method).put("status", status)
        .put("certificates", certificates).put("values", values);
    if (address != null) data.put("address", address);
    if (pickupCode != null) data.put("pickupCode", pickupCode);
    return data;
  }
}
