package onego.dev;

/**
 * One simulated department, or one of its offices per region: its code, {@code push} or {@code pull},
 * its Standard Webhooks secret ({@code whsec_<base64>}, push only), its API key (Bearer token for
 * OneGo's department endpoints) and {@code region}: the division code of the office
 * ({@code departments.<code>.regions}; 就近办), or null for the department's own.
 */
public record SimulatedDepartment(String code, String mode, String secret, String apiKey, String region) {
  /** A department's own simulated system (no region). */
  public SimulatedDepartment(String code, String mode, String secret, String apiKey) {
    this(code, mode, secret, apiKey, null);
  }

  /** Its inbox key: {@code <code>} or {@code <code>/<region>}. */
  String key() {
    return region == null ? code : code + "/" + region;
  }

  /** For logs: {@code public-security} or {@code public-security@430481}. */
  String name() {
    return region == null ? code : code + "@" + region;
  }
}
