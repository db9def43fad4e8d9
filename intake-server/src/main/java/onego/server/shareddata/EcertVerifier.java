package onego.server.shareddata;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Catalog;
import onego.domain.FieldError;
import onego.domain.Material;
import onego.domain.Thing;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a submission's {@code ecertRef}s against the e-certificate registry (through the
 * shared-data cache): the certificate must exist, be valid, be of the type the material needs,
 * and be about whom the material's {@code about} names in this case (openapi.yaml, tag Cases: someone
 * else's certificate is 422 naming the material; the catalog's rule is {@link Material#holdersIn}).
 * Off when no shared-data platform is configured (then refs are only checked for form).
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

  /**
   * Every failing reference of {@code materials} (the validated {@code [{code, ecertRef|fileRef}]}),
   * as {@code materials.<code>.ecertRef}; fails (503) when the registry cannot be asked.
   *
   * @param thing       the thing filed (its merged form decides which {@code about} entries apply)
   * @param applicantId the canonical ID number or credit code of the applicant
   * @param agentId     the canonical ID number of the agent, or null when there is none
   * @param form        the canonical form
   */
  public Future<List<FieldError>> check(JsonArray materials, Thing thing, String applicantId, String agentId, JsonObject form) {
    if (!enabled) return Future.succeededFuture(List.of());
    Set<String> formFields = new HashSet<>();
    thing.items().forEach(i -> formFields.addAll(i.allFields()));
    List<Future<FieldError>> checks = new ArrayList<>();
    for (Object o : materials) {
      JsonObject m = (JsonObject) o;
      String ref = m.getString("ecertRef");
      if (ref == null) continue;
      String code = m.getString("code");
      Material material = catalog.material(code);
      Material.Holders holders = material.holdersIn(formFields, applicantId, agentId, form.getMap());
      String at = "materials." + code + ".ecertRef";
      if (holders.ids().isEmpty() && !holders.anyone()) {
        checks.add(Future.succeededFuture(new FieldError(at, "the e-certificate must be about " + whom(holders.entries()) + "; give that field")));
        continue;
      }
      checks.add(client.ecert(ref).map(found -> {
        String problem = problem(found, material.ecertType(), zone);
        if (problem == null && !holders.anyone() && !about(found.data(), holders.ids())) {
          problem = "the e-certificate is about someone else, not " + whom(holders.entries()) + " (" + material.name() + ")";
        }
        return problem == null ? null : new FieldError(at, problem);
      }));
    }
    return Future.all(checks).map(all -> checks.stream().map(Future::result).filter(Objects::nonNull).toList());
  }

  /** Whether the registry record's holder (ID number, else credit code) is one of {@code ids}. */
  private static boolean about(JsonObject record, List<String> ids) {
    String holder = record.getString("holderIdNumber", record.getString("holderCreditCode"));
    return holder != null && ids.stream().anyMatch(holder::equalsIgnoreCase);
  }

  /** {@code the applicant}, {@code the agent}, {@code form.motherIdNumber}, joined with "or". */
  private static String whom(List<String> entries) {
    return entries.stream().map(e -> switch (e) {
      case Material.APPLICANT -> "the applicant";
      case Material.AGENT -> "the agent";
      default -> "form." + e;
    }).collect(Collectors.joining(" or "));
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
