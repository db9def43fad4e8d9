package onego.dev;

import onego.domain.ConfigException;
import onego.domain.Regions;
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
 * polled by it with its {@code dev-dept-<code>} key. A department's offices per region
 * ({@code departments.<code>.regions} without an endpoint, and those {@code devsim.offices} adds, e.g.
 * public-security's 珠晖区 and 耒阳市 offices) are simulated the same way, each at an inbox of its own (push) or polling with
 * {@code ?region=} (pull). Configured endpoints are left alone.
 */
final class DevDepartments {
  private final Map<String, DispatchSettings> dispatch = new LinkedHashMap<>();
  private final List<SimulatedDepartment> simulated = new ArrayList<>();

  DevDepartments(AppConfig config) {
    this(config, Map.of());
  }

  /**
   * {@code offices}: {@code devsim.offices}, department → divisions whose offices are simulated too
   * (each a region entry with the department's settings, no endpoint, so the simulator takes it);
   * an unknown department or a code that is not a division of the city stops the start naming it.
   */
  /** Each of {@code offices} (the department's {@code devsim.offices}) must be a division of the city; else a ConfigException naming it. */
  static void checkOffices(Regions regions, String department, List<String> offices) {
    for (String region : offices) {
      if (regions == null || !regions.divisions().containsKey(region)) {
        throw new ConfigException("configuration", "devsim.offices." + department, region + " is not a division of the city (regions.yaml)");
      }
    }
  }

  DevDepartments(AppConfig config, Map<String, List<String>> offices) {
    SecureRandom random = new SecureRandom();
    Regions regions = config.catalog().regions();
    for (DispatchSettings configured : config.dispatch().values()) {
      DispatchSettings d = configured;
      List<String> extra = offices.getOrDefault(d.department(), List.of());
      if (!extra.isEmpty()) {
        Map<String, DispatchSettings> all = new LinkedHashMap<>(d.regions());
        checkOffices(regions, d.department(), extra);
        for (String region : extra) all.putIfAbsent(region, d.officeFor(region));
        d = d.withRegions(all);
      }
      dispatch.put(d.department(), d);
      for (DispatchSettings s : d.lanes()) {
        boolean simulate = s.mode().equals("pull") || s.endpoint() == null;
        if (!simulate) continue;
        byte[] key = new byte[32];
        random.nextBytes(key);
        String secret = !s.secrets().isEmpty() ? s.secrets().get(s.secrets().size() - 1)
            : "whsec_" + Base64.getEncoder().encodeToString(key);
        simulated.add(new SimulatedDepartment(s.department(), s.mode(), secret, "dev-dept-" + s.department(), s.region()));
      }
    }
    for (String dept : offices.keySet()) {
      if (!config.dispatch().containsKey(dept)) throw new ConfigException("configuration", "devsim.offices." + dept, "unknown department " + dept);
    }
  }

  List<SimulatedDepartment> simulated() { return simulated; }

  /** The dispatch settings once the simulator listens on {@code port}. */
  Map<String, DispatchSettings> dispatchTo(int port) {
    Map<String, DispatchSettings> out = new LinkedHashMap<>(dispatch);
    for (SimulatedDepartment d : simulated) {
      if (!d.mode().equals("push")) continue;
      DispatchSettings dept = out.get(d.code());
      DispatchSettings s = dept.forRegion(d.region());
      DispatchSettings reached = s.reachedAt("http://127.0.0.1:" + port + DepartmentSimulator.endpointPath(d.code(), d.region()),
          s.secrets().isEmpty() ? List.of(d.secret()) : s.secrets());
      if (d.region() == null) {
        out.put(d.code(), reached);
      } else {
        Map<String, DispatchSettings> offices = new LinkedHashMap<>(dept.regions());
        offices.put(d.region(), reached);
        out.put(d.code(), dept.withRegions(offices));
      }
    }
    return out;
  }
}
