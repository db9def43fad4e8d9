package onego.dev;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;

/**
 * The simulated applicant of the dev profile, for 容缺 (contract "Supervision", 容缺 follow-up): a
 * material accepted as owed is handed in {@code handInDelayMs} after a department took an item
 * that needs it (the work message's {@code owed}), at the service-hall window
 * ({@code POST /cases/{caseId}/materials} with the window's channel key and {@code X-Served-Person}: 一窗受理,
 * the window hands in for the person in front of it, the applicant or an enterprise's legal representative), so that portal cases filed under 容缺 do not stall at COMPLETED
 * (409 while owed). Each (case, material) is handed in once however many items need it. Runs on
 * the simulator's event loop.
 */
final class SimulatedApplicant {
  private static final Logger log = LoggerFactory.getLogger(SimulatedApplicant.class);
  private static final long TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final OneGoClient oneGo;
  private final SimulatorSettings settings;
  private final BoundedSet handedIn = new BoundedSet(DepartmentSimulator.MEMORY);
  private final Set<Long> timers = new HashSet<>();
  private boolean stopped;

  SimulatedApplicant(Vertx vertx, OneGoClient oneGo, SimulatorSettings settings) {
    this.vertx = vertx;
    this.oneGo = oneGo;
    this.settings = settings;
  }

  /** Hands in, later, what the work {@code message} lists as {@code owed} (state OWED or OVERDUE) and was not handed in yet. */
  void handInOwed(JsonObject message) {
    String caseId = message.getString("caseId");
    JsonArray materials = new JsonArray();
    for (Object o : message.getJsonArray("owed", new JsonArray())) {
      if (!(o instanceof JsonObject owed) || caseId == null) continue;
      String state = owed.getString("state", "OWED");
      String code = owed.getString("material");
      if (code == null || !(state.equals("OWED") || state.equals("OVERDUE")) || !handedIn.add(caseId + ":" + code)) continue;
      materials.add(new JsonObject().put("code", code).put("fileRef", "sim-window-scan-" + code + "-" + caseId.substring(0, 8)));
    }
    if (materials.isEmpty() || stopped) return;
    long[] id = new long[1];
    id[0] = vertx.setTimer(Math.max(1, settings.handInDelayMs()), t -> {
      timers.remove(id[0]);
      if (stopped) return;
      String path = "/api/v1/cases/" + OneGoClient.enc(caseId) + "/materials";
      oneGo.call(HttpMethod.POST, path, settings.windowKey(), new JsonObject().put("materials", materials), TIMEOUT_MS, present(message))
          .onComplete(ar -> {
            int code = ar.succeeded() ? ar.result().status() : -1;
            if (code == 200) {
              log.info("devsim applicant: handed in owed material(s) {} of case {} at the window", codes(materials), caseId);
            } else {
              log.info("devsim applicant: hand-in of {} for case {} not taken ({})", codes(materials), caseId,
                  code == -1 ? ar.cause().getMessage() : "HTTP " + code + " " + OneGoClient.errorCode(ar.result().body()));
            }
          });
    });
    timers.add(id[0]);
  }

  void stop() {
    stopped = true;
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }

  /** Who stands at the window for the case: the applicant, or an enterprise applicant's legal representative. */
  private static java.util.Map<String, String> present(JsonObject message) {
    JsonObject applicant = message.getJsonObject("applicant", new JsonObject());
    String id = "enterprise".equals(applicant.getString("type")) ? applicant.getString("legalRepresentativeIdNumber") : applicant.getString("idNumber");
    return id == null ? java.util.Map.of() : java.util.Map.of("X-Served-Person", id);
  }

  private static String codes(JsonArray materials) {
    return materials.stream().map(m -> ((JsonObject) m).getString("code")).toList().toString();
  }
}
