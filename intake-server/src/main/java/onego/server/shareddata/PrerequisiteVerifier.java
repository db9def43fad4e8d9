package onego.server.shareddata;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import onego.domain.AuditAction;
import onego.domain.FieldError;
import onego.domain.ItemSelection.HeldElsewhere;
import onego.domain.PrerequisiteProof;
import onego.server.audit.AuditTrail;
import onego.domain.PrerequisiteClaims.Claim;
import onego.server.web.Caller;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Verifies the proofs of prerequisites held elsewhere: an e-certificate must exist in the registry,
 * be valid, be of a type the catalog accepts for that prerequisite and be about the right person or
 * enterprise (the applicant, or the one the thing is about, e.g. the deceased: {@link PrerequisiteProof#holder()});
 * a shared-data check must find a non-empty value of the catalog's field for that person (the read is
 * recorded in the audit trail as {@code PREREQUISITE_CHECK}). Problems come back as
 * {@code prerequisites[i].ecertRef} / {@code prerequisites[i].sharedData} reasons; a registry that cannot
 * be asked fails the future (503). With the registry switched off, e-certificates are only checked for form.
 */
public final class PrerequisiteVerifier {
  private final SharedDataClient client;
  private final AuditTrail audit;
  private final boolean enabled;
  private final ZoneId zone;

  public PrerequisiteVerifier(SharedDataClient client, AuditTrail audit, boolean enabled, ZoneId zone) {
    this.client = client;
    this.audit = audit;
    this.enabled = enabled;
    this.zone = zone;
  }

  /** Every failing claim; {@code applicantId} is the canonical ID number or credit code, {@code form} the canonical form. */
  public Future<List<FieldError>> verify(Caller caller, String thing, List<Claim> claims, String applicantId, JsonObject form) {
    if (!enabled || claims.isEmpty()) return Future.succeededFuture(List.of());
    List<Future<FieldError>> checks = new ArrayList<>();
    for (Claim c : claims) {
      for (HeldElsewhere h : c.covers()) {
        String holder = holderId(h.proof(), applicantId, form);
        String at = "prerequisites[" + c.index() + "]";
        if (holder == null) {
          checks.add(Future.succeededFuture(new FieldError(at, "the proof must be about form." + h.proof().holder() + "; give that field")));
        } else if (c.sharedData()) {
          checks.add(sharedData(caller, thing, h.proof(), holder, at + ".sharedData"));
        } else {
          checks.add(client.ecert(c.ecertRef()).map(found -> {
            String problem = problem(found, h.proof(), holder);
            return problem == null ? null : new FieldError(at + ".ecertRef", problem + " (for " + h.dependent().code() + ")");
          }));
        }
      }
    }
    return Future.all(checks).map(all -> checks.stream().map(Future::result).filter(Objects::nonNull).distinct().toList());
  }

  private Future<FieldError> sharedData(Caller caller, String thing, PrerequisiteProof proof, String holder, String at) {
    PrerequisiteProof.SharedDataCheck check = proof.sharedData();
    return client.person(check.source(), holder).compose(found -> {
      Object v = found.found() ? found.data().getValue(check.field()) : null;
      boolean ok = v != null && !(v instanceof String s && s.isBlank());
      FieldError error = ok ? null : new FieldError(at, check.source() + " has no " + check.field() + " for that person: "
          + proof.item() + " cannot be taken as done");
      return audit.read(caller, AuditAction.PREREQUISITE_CHECK, holder, null, "thing:" + thing,
          new JsonObject().put("item", proof.item()).put("source", check.source()).put("field", check.field()).put("found", ok))
          .map(error);
    });
  }

  /** The ID number or credit code the proof must be about, canonical; null when the form lacks the holder field. */
  static String holderId(PrerequisiteProof proof, String applicantId, JsonObject form) {
    if (PrerequisiteProof.APPLICANT.equals(proof.holder())) return applicantId;
    return form.getValue(proof.holder()) instanceof String s ? s : null;
  }

  String problem(SharedDataClient.Lookup found, PrerequisiteProof proof, String holder) {
    if (!found.found()) return "unknown e-certificate reference";
    JsonObject c = found.data();
    if (!EcertVerifier.valid(c, zone)) return "the e-certificate is not valid (expired or revoked)";
    if (!proof.ecertTypes().contains(c.getString("type"))) {
      return "is a " + c.getString("type") + " e-certificate; " + proof.item() + " is proved by " + String.join(" or ", proof.ecertTypes());
    }
    String about = c.getString("holderIdNumber", c.getString("holderCreditCode"));
    if (!holder.equalsIgnoreCase(String.valueOf(about))) {
      return "the e-certificate is about someone else, not " + (PrerequisiteProof.APPLICANT.equals(proof.holder()) ? "the applicant" : "form." + proof.holder());
    }
    return null;
  }
}
