package onego.server.shareddata;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Catalog;
import onego.domain.FieldError;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a submission's {@code ecertRef}s against the e-certificate registry (through the
 * shared-data cache): the certificate must exist, be valid, and be of the type the material
 * needs. Off when no shared-data platform is configured (then refs are only checked for form).
 */
public final class EcertVerifier {
  /** The e-certificate type of an agent's authorization (授权委托书). */
  public static final String AUTHORIZATION_TYPE = "power-of-attorney";
  private final SharedDataClient client;
  private final Catalog catalog;
  private final boolean enabled;
  private final ZoneId zone;

  public EcertVerifier(SharedDataClient client, Catalog catalog, boolean enabled, ZoneId zone) {
    this.client = client;
    this.catalog = catalog;
    this.enabled = enabled;
    this.zone = zone;
  }

  public boolean enabled() { return enabled; }

  /** Every failing reference, as {@code materials.<code>.ecertRef}; fails (503) when the registry cannot be asked. */
  public Future<List<FieldError>> check(JsonArray materials) {
    if (!enabled) return Future.succeededFuture(List.of());
    List<Future<FieldError>> checks = new ArrayList<>();
    for (Object o : materials) {
      JsonObject m = (JsonObject) o;
      String ref = m.getString("ecertRef");
      if (ref == null) continue;
      String code = m.getString("code");
      String expected = catalog.material(code).ecertType();
      checks.add(client.ecert(ref).map(found -> {
        String problem = problem(found, expected, zone);
        return problem == null ? null : new FieldError("materials." + code + ".ecertRef", problem);
      }));
    }
    return Future.all(checks).map(all -> checks.stream().map(Future::result).filter(Objects::nonNull).toList());
  }

  /** The agent's authorization (授权委托书) when given as an e-certificate: it must exist, be valid and be of type {@code power-of-attorney}. */
  public Future<List<FieldError>> checkAuthorization(JsonObject agent) {
    String ref = agent == null ? null : agent.getJsonObject("authorization", new JsonObject()).getString("ecertRef");
    if (!enabled || ref == null) return Future.succeededFuture(List.of());
    return client.ecert(ref).map(found -> {
      String problem = problem(found, AUTHORIZATION_TYPE, zone);
      return problem == null ? List.of() : List.of(new FieldError("agent.authorization.ecertRef", problem));
    });
  }

  static String problem(SharedDataClient.Lookup found, String expectedType, ZoneId zone) {
    if (!found.found()) return "unknown e-certificate reference";
    JsonObject c = found.data();
    if (!valid(c, zone)) return "the e-certificate is not valid (expired or revoked)";
    if (!expectedType.equals(c.getString("type"))) return "is a " + c.getString("type") + " e-certificate, not " + expectedType;
    return null;
  }

  /** A registry record is valid when the registry says so and its {@code validUntil} day has not passed. */
  public static boolean valid(JsonObject record, ZoneId zone) {
    if (!record.getBoolean("valid", false)) return false;
    String until = record.getString("validUntil");
    if (until == null) return true;
    try {
      return !LocalDate.parse(until.length() > 10 ? until.substring(0, 10) : until).isBefore(LocalDate.now(zone));
    } catch (DateTimeParseException unreadable) {
      return true;
    }
  }
}
