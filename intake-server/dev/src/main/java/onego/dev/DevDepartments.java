package onego.dev;

import onego.router.DispatchSettings;
import onego.server.config.AppConfig;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dev profile only: every push department without an endpoint of its own is pointed at the
 * simulator with a fresh signing secret (or the secrets it has configured: the node signs with
 * all of them and the simulated department verifies with the last listed, the old secret of a
 * rotation, as a department that has not switched over yet would); every pull department is
 * polled by it with its {@code dev-dept-<code>} key. Configured departments are left alone.
 */
final class DevDepartments {
  private final Map<String, DispatchSettings> dispatch = new LinkedHashMap<>();
  private final List<SimulatedDepartment> simulated = new ArrayList<>();

  DevDepartments(AppConfig config) {
    SecureRandom random = new SecureRandom();
    for (DispatchSettings s : config.dispatch().values()) {
      boolean simulate = s.mode().equals("pull") || s.endpoint() == null;
      if (!simulate) {
        dispatch.put(s.department(), s);
        continue;
      }
      byte[] key = new byte[32];
      random.nextBytes(key);
      String secret = !s.secrets().isEmpty() ? s.secrets().get(s.secrets().size() - 1)
          : "whsec_" + Base64.getEncoder().encodeToString(key);
      simulated.add(new SimulatedDepartment(s.department(), s.mode(), secret, "dev-dept-" + s.department()));
      dispatch.put(s.department(), s);
    }
  }

  List<SimulatedDepartment> simulated() { return simulated; }

  /** The dispatch settings once the simulator listens on {@code port}. */
  Map<String, DispatchSettings> dispatchTo(int port) {
    Map<String, DispatchSettings> out = new LinkedHashMap<>(dispatch);
    for (SimulatedDepartment d : simulated) {
      if (!d.mode().equals("push")) continue;
      DispatchSettings s = dispatch.get(d.code());
      out.put(d.code(), new DispatchSettings(s.department(), s.mode(), "http://127.0.0.1:" + port + DepartmentSimulator.endpointPath(d.code()),
          s.secrets().isEmpty() ? List.of(d.secret()) : s.secrets(), s.maxInFlight(), s.timeoutMs(), s.maxAttempts(), s.retryScheduleMs()));
    }
    return out;
  }
}
