package onego.dev;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The simulated departments' supervision desk (contract "Supervision"): every
 * {@code supervisionPollMs} each department reads its OPEN complaints
 * ({@code GET /supervision/complaints?state=OPEN}) and answers each with 整改 and a reply
 * ({@code POST .../answer}; a reopened one comes back OPEN and is answered again), and reads its
 * OPEN cards ({@code GET /supervision/cards?state=OPEN}) and explains each with a reason, the
 * person responsible and the measures ({@code POST .../explanation}), all with its own department
 * key, as a real department's system would. Only departments that have had work since the start
 * take part ({@link #worked}: complaints and cards concern a department's items; the others' reads
 * would only fill the access log). Runs on the simulator's event loop.
 */
final class SupervisionDesk {
  private static final Logger log = LoggerFactory.getLogger(SupervisionDesk.class);
  private static final long TIMEOUT_MS = 10_000;
  /** The people a simulated department names as responsible for a card (made up; masked wherever staff read them). */
  private static final List<String> DUTY_OFFICERS = List.of("周建国", "陈晓燕", "刘志强", "欧阳文静");

  private final Vertx vertx;
  private final OneGoClient oneGo;
  private final java.util.Map<String, SimulatedDepartment> departments = new java.util.LinkedHashMap<>();
  /** Departments that have had work: the ones that read their complaints and cards. */
  private final Set<String> active = new java.util.LinkedHashSet<>();
  private final SimulatorSettings settings;
  /** Complaints and cards whose answer is on its way: not answered twice by overlapping rounds. */
  private final Set<String> inFlight = new HashSet<>();
  private long timer = -1;
  private boolean stopped;

  SupervisionDesk(Vertx vertx, OneGoClient oneGo, List<SimulatedDepartment> departments, SimulatorSettings settings) {
    this.vertx = vertx;
    this.oneGo = oneGo;
    departments.forEach(d -> this.departments.putIfAbsent(d.code(), d)); // a department's offices per region share its key
    this.settings = settings;
  }

  /** Starts the rounds; {@code supervisionPollMs} 0 (or no departments) starts none. */
  void start() {
    if (settings.supervisionPollMs() <= 0 || departments.isEmpty()) return;
    next();
  }

  /** Department {@code code} took an item: from the next round on it reads its complaints and cards. */
  void worked(String code) {
    if (departments.containsKey(code)) active.add(code);
  }

  void stop() {
    stopped = true;
    if (timer >= 0) vertx.cancelTimer(timer);
  }

  /** Every {@code supervisionPollMs}, each active department reads and answers. */
  private void next() {
    if (stopped) return;
    timer = vertx.setTimer(settings.supervisionPollMs(), t -> {
      for (String code : List.copyOf(active)) {
        SimulatedDepartment d = departments.get(code);
        complaints(d);
        cards(d);
      }
      next();
    });
  }

  private void complaints(SimulatedDepartment d) {
    get(d, "/api/v1/supervision/complaints?state=OPEN", "complaints", complaint -> {
      String id = complaint.getString("complaintId");
      JsonObject answer = new JsonObject()
          .put("rectification", "已核实情况，对相关窗口人员进行批评教育，优化办理流程并限期整改")
          .put("reply", "您反映的问题已收到并整改，感谢您的监督。如仍有疑问可致电12345。");
      post(d, "/api/v1/supervision/complaints/" + OneGoClient.enc(id) + "/answer", "complaint:" + id, answer, "answered complaint " + id);
    });
  }

  private void cards(SimulatedDepartment d) {
    get(d, "/api/v1/supervision/cards?state=OPEN", "cards", card -> {
      String id = card.getString("cardId");
      String person = DUTY_OFFICERS.get(Math.floorMod(id.hashCode(), DUTY_OFFICERS.size()));
      JsonObject explanation = new JsonObject()
          .put("reason", reason(card.getString("kind")))
          .put("responsiblePerson", person)
          .put("measures", "已明确专人跟踪督办，每日核对临期事项，逾期事项当日报告分管负责人");
      post(d, "/api/v1/supervision/cards/" + OneGoClient.enc(id) + "/explanation", "card:" + id, explanation,
          "explained " + card.getString("level") + " " + card.getString("kind") + " card " + id);
    });
  }

  private static String reason(String kind) {
    return switch (kind == null ? "" : kind) {
      case "deadline" -> "业务量集中，审核人员不足，未能在承诺时限内办结";
      case "complaint" -> "投诉未在整改期限内答复，承办人员交接不及时";
      case "verification" -> "告知承诺核查需外部协查，未在核查期限内完成";
      case "waiver" -> "容缺材料补交提醒未及时送达申请人";
      default -> "情况已核实";
    };
  }

  private void get(SimulatedDepartment d, String path, String listKey, java.util.function.Consumer<JsonObject> each) {
    oneGo.call(HttpMethod.GET, path, d.apiKey(), null, TIMEOUT_MS).onComplete(ar -> {
      if (stopped) return;
      if (ar.failed() || ar.result().status() != 200) {
        log.debug("devsim {}: {} not read ({})", d.code(), path, ar.failed() ? ar.cause().getMessage() : "HTTP " + ar.result().status());
        return;
      }
      JsonArray list;
      try {
        list = ar.result().body().toJsonObject().getJsonArray(listKey, new JsonArray());
      } catch (RuntimeException e) {
        log.debug("devsim {}: {} unreadable: {}", d.code(), path, e.getMessage());
        return;
      }
      for (Object o : list) if (o instanceof JsonObject j) each.accept(j);
    });
  }

  private void post(SimulatedDepartment d, String path, String key, JsonObject body, String done) {
    if (!inFlight.add(key)) return;
    oneGo.call(HttpMethod.POST, path, d.apiKey(), body, TIMEOUT_MS).onComplete(ar -> {
      inFlight.remove(key);
      if (stopped) return;
      int code = ar.succeeded() ? ar.result().status() : -1;
      if (code == 200) log.info("devsim {}: {}", d.code(), done);
      else log.debug("devsim {}: {} failed ({})", d.code(), path, code == -1 ? ar.cause().getMessage()
          : "HTTP " + code + " " + OneGoClient.errorCode(ar.result().body()));
    });
  }
}
