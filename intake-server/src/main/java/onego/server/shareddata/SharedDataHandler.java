package onego.server.shareddata;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.AuditAction;
import onego.domain.Catalog;
import onego.domain.DomainError;
import onego.domain.FieldSpec;
import onego.domain.MergedForm;
import onego.domain.Pii;
import onego.domain.Thing;
import onego.server.audit.AuditTrail;
import onego.server.web.AuthHandler;
import onego.server.web.Caller.Role;
import onego.server.web.Caller;
import onego.server.web.Request;
import onego.server.web.Responses;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Form prefill from the shared-data sources and e-certificate checks. Who may read whose data:
 * prefill is always for a thing (the path names it: the purpose) and answers only that thing's
 * prefillable fields; a channel (window, portal back end) may prefill for any person it serves,
 * an applicant only with their own ID number. Every prefill and every e-certificate found is on
 * record in the audit trail (who, whose, for which thing) before it is answered.
 */
public final class SharedDataHandler {
  private final Catalog catalog;
  private final SharedDataClient client;
  private final ZoneId zone;
  private final AuditTrail audit;
  /** Per thing: its prefillable fields by source, in form order. */
  private final Map<String, Map<String, List<String>>> prefillable = new LinkedHashMap<>();

  public SharedDataHandler(Catalog catalog, SharedDataClient client, ZoneId zone, AuditTrail audit) {
    this.catalog = catalog;
    this.client = client;
    this.zone = zone;
    this.audit = audit;
    for (Thing t : catalog.allThings()) {
      Map<String, List<String>> bySource = new LinkedHashMap<>();
      for (String f : new MergedForm(catalog, t, t.items()).fieldNames()) {
        FieldSpec spec = catalog.field(f);
        if (spec != null && spec.prefill() != null) bySource.computeIfAbsent(spec.prefill(), k -> new ArrayList<>()).add(f);
      }
      prefillable.put(t.code(), bySource);
    }
  }

  /** {@code GET /things/{code}/prefill?idNumber=}: channel, or the applicant for their own ID number. */
  public void prefill(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String thing = Request.of(ctx).text("code");
    Map<String, List<String>> bySource = prefillable.get(thing);
    if (bySource == null) throw DomainError.notFound("no thing " + thing);
    String id = Request.of(ctx).text("idNumber"); // canonical and valid
    if (caller.is(Role.APPLICANT) && !id.equalsIgnoreCase(caller.sub())) throw DomainError.forbidden("applicants may prefill only with their own data");

    List<String> sources = new ArrayList<>(bySource.keySet());
    List<Future<SharedDataClient.Lookup>> calls = new ArrayList<>();
    for (String s : sources) calls.add(client.person(s, id));
    Future.all(calls).compose(all -> {
      JsonObject fields = new JsonObject();
      JsonArray missing = new JsonArray();
      for (int i = 0; i < sources.size(); i++) {
        SharedDataClient.Lookup l = all.resultAt(i);
        for (String f : bySource.get(sources.get(i))) {
          Object v = l.found() ? l.data().getValue(f) : null;
          if (v == null) {
            missing.add(f);
            continue;
          }
          fields.put(f, new JsonObject().put("value", v).put("source", sources.get(i))
              .put("fetchedAt", l.fetchedAt().toString()).put("stale", l.stale()));
        }
      }
      JsonObject answer = new JsonObject().put("fields", fields).put("missing", missing);
      return audit.read(caller, AuditAction.PREFILL_READ, id, null, "thing:" + thing,
          new JsonObject().put("fields", new JsonArray(List.copyOf(fields.fieldNames())))).map(answer);
    }).onSuccess(answer -> Responses.json(ctx, 200, answer)).onFailure(ctx::fail);
  }

  /** A person holder: name and ID number masked; an enterprise (营业执照 and the like): its name and the credit code masked. */
  private static JsonObject holder(JsonObject d) {
    String creditCode = d.getString("holderCreditCode");
    if (creditCode != null) return new JsonObject().put("name", d.getString("holderName")).put("creditCode", Pii.creditCode(creditCode));
    return new JsonObject().put("name", Pii.name(d.getString("holderName"))).put("idNumber", Pii.idNumber(d.getString("holderIdNumber")));
  }

  /**
   * {@code GET /ecerts/{ecertRef}?thing=}: the certificate, its holder masked. {@code thing}
   * (optional, a catalog thing) is the purpose the read is recorded with.
   */
  public void ecert(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String ref = Request.of(ctx).text("ecertRef");
    String thing = Request.of(ctx).text("thing");
    if (thing != null && !prefillable.containsKey(thing)) throw DomainError.badParameter("thing", "no thing " + thing, "unknown thing");
    String purpose = thing == null ? "ecert:check" : "thing:" + thing;
    client.ecert(ref).compose(l -> {
      if (!l.found()) return Future.<JsonObject>failedFuture(DomainError.notFound("no e-certificate " + ref));
      JsonObject d = l.data();
      return audit.read(caller, AuditAction.ECERT_READ, d.getString("holderIdNumber", d.getString("holderCreditCode")), null, purpose,
          new JsonObject().put("type", d.getString("type"))).map(d);
    }).onSuccess(d -> {
      Responses.json(ctx, 200, new JsonObject()
          .put("valid", EcertVerifier.valid(d, zone))
          .put("type", d.getString("type"))
          .put("number", Pii.scrub(d.getString("number")))
          .put("holder", holder(d))
          .put("issuedBy", d.getString("issuedBy"))
          .put("validUntil", d.getString("validUntil")));
    }).onFailure(ctx::fail);
  }
}
