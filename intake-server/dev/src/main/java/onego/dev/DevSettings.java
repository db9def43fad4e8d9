package onego.dev;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onego.domain.Regions;

import onego.domain.ConfigNode;

import java.nio.file.Path;

/**
 * What only the dev runner reads from the configuration.
 *
 * @param simulate          {@code devsim.enabled} in the dev profile: start the simulated departments and, when
 *                          {@code sharedData.url} is null, the simulated shared-data platform
 * @param simulator         the {@code devsim:} section
 * @param dataDir           {@code embedded.dataDir} ({@code ONEGO_DATA_DIR}): the embedded PostgreSQL keeps its data in {@code <dataDir>/pg}
 * @param notFoundSequence  {@code sharedData.simulatedNotFound}: the simulated platform knows nobody whose ID
 *                          sequence digits (positions 15-17) end so
 * @param logisticsSignDelayMs {@code devsim.logisticsSignDelayMs}: the simulated logistics service (started when
 *                          {@code logistics.endpoint} is null) reports IN_TRANSIT half this long after issuing a
 *                          waybill, SIGNED this long after
 * @param offices           {@code devsim.offices}: department code → division codes whose offices get a simulated
 *                          endpoint of their own (就近办: dispatch per (department, region)), e.g.
 *                          {@code public-security: ["430405", "430481"]}; a division the department already
 *                          configures under {@code departments.<code>.regions} is left as configured
 */
public record DevSettings(boolean simulate, SimulatorSettings simulator, Path dataDir, String notFoundSequence, long logisticsSignDelayMs,
                          Map<String, List<String>> offices) {
  /** Reads the dev runner's settings; a share outside 0..1 or a time out of range stops the start naming the key. */
  public static DevSettings read(ConfigNode root) {
    ConfigNode n = root.optObj("devsim");
    boolean enabled = n.optBool("enabled", true) && "dev".equals(root.str("profile"));
    double supplement = n.optNumber("supplementShare", 0.0);
    double reject = n.optNumber("rejectShare", 0.0);
    if (supplement < 0 || supplement > 1) throw n.get("supplementShare").fail("must be between 0 and 1");
    if (reject < 0 || reject > 1 || supplement + reject > 1) throw n.get("rejectShare").fail("must be between 0 and 1 - supplementShare");
    long work = n.range("workDelayMs", 5_000, 0, 600_000);
    SimulatorSettings sim = new SimulatorSettings((int) n.range("port", 0, 0, 65535), work, supplement, reject,
        share(n, "suspendShare", 0.25), n.range("procedureMs", 2 * work, 0, 3_600_000), share(n, "falseCommitmentShare", 0.2),
        n.range("verifyDelayMs", 2 * work, 0, 3_600_000), n.range("supervisionPollMs", 30_000, 0, 3_600_000),
        n.range("handInDelayMs", 2 * work, 0, 3_600_000), n.optStr("windowKey", "dev-window"),
        n.has("seed") ? n.range("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE) : null);
    Path dataDir = Path.of(root.optObj("embedded").optStr("dataDir", System.getProperty("user.home") + "/.onego"));
    String notFound = root.optObj("sharedData").optStr("simulatedNotFound", "999");
    if (!notFound.matches("[0-9]{1,3}")) throw root.optObj("sharedData").get("simulatedNotFound").fail("must be 1 to 3 digits");
    return new DevSettings(enabled, sim, dataDir, notFound, n.range("logisticsSignDelayMs", 10_000, 0, 3_600_000), offices(n));
  }

  /** {@code devsim.offices}: each department a list of 6-digit division codes (whether they are the city's divisions: {@link DevDepartments}). */
  private static Map<String, List<String>> offices(ConfigNode n) {
    ConfigNode section = n.optObj("offices");
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String dept : section.keys()) {
      List<String> codes = new ArrayList<>();
      for (ConfigNode c : section.list(dept)) {
        if (!(c.raw() instanceof String code) || !Regions.wellFormed(code)) throw c.fail("must be a 6-digit division code in quotes, e.g. \"430481\"");
        if (codes.contains(code)) throw c.fail("is listed twice");
        codes.add(code);
      }
      out.put(dept, List.copyOf(codes));
    }
    return out;
  }

  private static double share(ConfigNode n, String key, double dflt) {
    double v = n.optNumber(key, dflt);
    if (v < 0 || v > 1) throw n.get(key).fail("must be between 0 and 1");
    return v;
  }
}
