package onego.dev;

import onego.server.config.ApiKey;
import onego.server.config.AppConfig;

/** The dev profile's API keys, as printed at start so a newcomer can try the API at once. */
final class DevKeys {
  private DevKeys() {}

  static String describe(AppConfig config) {
    StringBuilder sb = new StringBuilder("dev profile API keys (Authorization: Bearer <key>):\n");
    for (ApiKey k : config.auth().apiKeys()) {
      if (k.key().startsWith("dev-dept-")) continue;
      sb.append("  ").append(k.key()).append("  role=").append(k.role())
          .append(k.channel() != null ? " channel=" + k.channel() : "").append('\n');
    }
    sb.append("  dev-dept-<code>  role=department, one per department of GET /api/v1/departments\n");
    sb.append("Try: curl -s localhost:").append(config.http().port()).append("/api/v1/things/newborn");
    return sb.toString();
  }
}
