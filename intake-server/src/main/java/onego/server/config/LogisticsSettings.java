package onego.server.config;

import onego.domain.ConfigNode;

import java.util.Base64;

/**
 * The logistics service that carries EMS deliveries (一次送达 by 物流快递送达, 国办发〔2022〕32号 三(五);
 * 衡阳 优化"一次办" 2: EMS邮寄) ({@code logistics:} in the configuration). OneGo asks it for a waybill with
 * a signed {@code POST <endpoint>} and it reports the parcel's states, SIGNED at last, signed with the
 * same secret, to {@code POST /api/v1/logistics/callbacks}.
 *
 * @param endpoint    the URL waybills are requested from; null = no logistics service (EMS deliveries wait,
 *                    WAYBILL_PENDING, until one is configured; the dev runner starts a simulated one)
 * @param secret      the Standard Webhooks secret ({@code whsec_<base64>}, key at least 24 bytes) both ways;
 *                    required with an endpoint
 * @param timeoutMs   one waybill request at most this long
 * @param maxAttempts waybill requests per delivery before it is WAYBILL_FAILED
 * @param pollMs      how often each node looks for due waybill requests
 * @param retryBaseMs the wait after a failed waybill request, doubled per attempt (at most 1 h)
 */
public record LogisticsSettings(String endpoint, String secret, long timeoutMs, int maxAttempts, long pollMs, long retryBaseMs) {
  private static final int MIN_SECRET_BYTES = 24;

  public static LogisticsSettings read(ConfigNode n) {
    String endpoint = n.optStr("endpoint", null);
    if (endpoint != null && !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
      throw n.get("endpoint").fail("must look like http(s)://host:port/path");
    }
    String secret = n.optStr("secret", null);
    if (secret != null) checkSecret(n.get("secret"), secret);
    if (endpoint != null && secret == null) throw n.get("secret").fail("is required with logistics.endpoint (whsec_<base64>)");
    return new LogisticsSettings(endpoint, secret, n.range("timeoutMs", 10_000, 50, 120_000), (int) n.range("maxAttempts", 8, 1, 100),
        n.range("pollMs", 1_000, 50, 600_000), n.range("retryBaseMs", 5_000, 10, 3_600_000));
  }

  /** Whether waybills can be asked for. */
  public boolean configured() { return endpoint != null; }

  public LogisticsSettings withEndpoint(String url, String s) {
    return new LogisticsSettings(url, s, timeoutMs, maxAttempts, pollMs, retryBaseMs);
  }

  private static void checkSecret(ConfigNode n, String secret) {
    if (!secret.startsWith("whsec_")) throw n.fail("must start with whsec_ (Standard Webhooks)");
    try {
      int bytes = Base64.getDecoder().decode(secret.substring(6)).length;
      if (bytes < MIN_SECRET_BYTES) throw n.fail("key is " + bytes + " bytes; Standard Webhooks needs at least " + MIN_SECRET_BYTES);
    } catch (IllegalArgumentException e) {
      throw n.fail("must be whsec_ followed by base64");
    }
  }
}
