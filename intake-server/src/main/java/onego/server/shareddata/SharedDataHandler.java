package onego.server.shareddata;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.AuditAction;
import onego.domain.Catalog;
import onego.domain.DomainError;
import onego.domain.FieldError;
import onego.domain.FieldSpec;
import onego.domain.IdNumbers;
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
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

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
  private static final String ABOUT = "about.";
  /** Per thing: the id-number fields of its form that a prefillable field of it is {@code about}. */
  private final Map<String, Set<String>> aboutable = new LinkedHashMap<>();
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
      Set<String> form = new HashSet<>();
      new MergedForm(catalog, t, t.items()).fieldNames().forEach(form::add);
      Set<String> persons = new TreeSet<>();
      for (String f : form) {
        FieldSpec spec = catalog.field(f);
        if (spec != null && spec.prefill() != null && spec.about() != null && form.contains(spec.about())) persons.add(spec.about());
      }
      aboutable.put(t.code(), persons);
      prefillable.put(t.code(), bySource);
    }
  }

  /**
   * Every form field some thing's prefill may take as {@code about.<field>} (the {@code id-number}
   * fields that prefillable fields are {@code about}), sorted: the route declares one query
   * parameter {@code about.<field>} for each.
   */
  public java.util.SortedSet<String> aboutFields() {
    java.util.SortedSet<String> out = new TreeSet<>();
    aboutable.values().forEach(out::addAll);
    return out;
  }

  /**
   * {@code GET /things/{code}/prefill?idNumber=|creditCode=[&about.<field>=<id>...]}: channel, or the
   * applicant for their own ID number or credit code. {@code idNumber} (a resident ID, GB 11643) or
   * {@code creditCode} (unified social credit code, GB 32100; only for a thing an enterprise applies
   * for), exactly one: else 400. Each {@code about.<field>} names an {@code id-number} field of the
   * thing's form that some prefillable field is {@code about} (fields.yaml) and the ID number of that
   * person (逝者, 新生儿的母亲): the fields about them are read from their own record instead of the
   * applicant's; a field the thing lacks, one nothing is about, or an invalid ID is 400 with one
   * detail each ({@code about.<field>}); an applicant may name only themselves there (403 otherwise). One audit row per subject read (the applicant or enterprise,
   * and each person named by {@code about.}), before the answer. 数据共享: 湖南方案 三(一), 国办 三(三).
   */
  public void prefill(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String thingCode = Request.of(ctx).text("code");
    Map<String, List<String>> bySource = prefillable.get(thingCode);
    if (bySource == null) throw DomainError.notFound("no thing " + thingCode);
    Thing thing = catalog.thing(thingCode).orElseThrow();
    String id = Request.of(ctx).text("idNumber"); // canonical and valid
    String creditCode = Request.of(ctx).text("creditCode"); // canonical and valid
    if (id != null && creditCode != null) {
      throw DomainError.badRequest("give idNumber or creditCode, not both",
          List.of(new FieldError("idNumber", "only one of idNumber, creditCode"), new FieldError("creditCode", "only one of idNumber, creditCode")));
    }
    if (id == null && creditCode == null) {
      throw DomainError.badRequest("idNumber or creditCode is required",
          List.of(new FieldError("idNumber", "required"), new FieldError("creditCode", "required")));
    }
    if (creditCode != null && !thing.applicantTypes().contains("enterprise")) {
      throw DomainError.badParameter("creditCode", "thing " + thingCode + " is applied for by a person: prefill it with idNumber", "not an enterprise thing");
    }
    String subject = id != null ? id : creditCode;
    if (caller.is(Role.APPLICANT) && !subject.equalsIgnoreCase(caller.sub())) throw DomainError.forbidden("applicants may prefill only with their own data");
    Map<String, String> about = about(ctx, thingCode);
    if (caller.is(Role.APPLICANT) && about.values().stream().anyMatch(a -> !a.equalsIgnoreCase(caller.sub()))) {
      // an applicant reads only their own records (the mother filing for her baby names herself); a channel answers for whom it asks
      throw DomainError.forbidden("applicants may name only themselves in about.<field>");
    }

    // one lookup per (source, whose record): the subject's, or the person an about.<field> names
    record Ask(String source, String aboutField, List<String> fields) {}
    List<Ask> asks = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : bySource.entrySet()) {
      Map<String, List<String>> byWhom = new LinkedHashMap<>();
      for (String f : e.getValue()) {
        String a = catalog.field(f).about();
        byWhom.computeIfAbsent(a != null && about.containsKey(a) ? a : "", k -> new ArrayList<>()).add(f);
      }
      byWhom.forEach((whom, fields) -> asks.add(new Ask(e.getKey(), whom.isEmpty() ? null : whom, fields)));
    }
    List<Future<SharedDataClient.Lookup>> calls = new ArrayList<>();
    for (Ask a : asks) {
      calls.add(a.aboutField() != null ? client.personAbout(a.source(), a.aboutField(), about.get(a.aboutField()))
          : creditCode != null ? client.enterprise(a.source(), creditCode) : client.person(a.source(), id));
    }
    Future.all(calls).compose(all -> {
      JsonObject fields = new JsonObject();
      JsonArray missing = new JsonArray();
      Map<String, JsonArray> given = new LinkedHashMap<>(); // per about field ("" = the subject): the fields answered
      given.put("", new JsonArray());
      about.keySet().forEach(a -> given.put(a, new JsonArray()));
      for (int i = 0; i < asks.size(); i++) {
        Ask a = asks.get(i);
        SharedDataClient.Lookup l = all.resultAt(i);
        for (String f : a.fields()) {
          Object v = l.found() ? l.data().getValue(f) : null;
          if (v == null) {
            missing.add(f);
            continue;
          }
          JsonObject field = new JsonObject().put("value", v).put("source", a.source())
              .put("fetchedAt", l.fetchedAt().toString()).put("stale", l.stale());
          if (a.aboutField() != null) field.put("about", a.aboutField());
          fields.put(f, field);
          given.get(a.aboutField() == null ? "" : a.aboutField()).add(f);
        }
      }
      JsonObject answer = new JsonObject().put("fields", fields).put("missing", missing);
      Future<Void> rows = audit.read(caller, AuditAction.PREFILL_READ, subject, null, "thing:" + thingCode,
          new JsonObject().put("fields", given.get("")));
      for (Map.Entry<String, String> a : about.entrySet()) {
        rows = rows.compose(v -> audit.read(caller, AuditAction.PREFILL_READ, a.getValue(), null, "thing:" + thingCode,
            new JsonObject().put("about", a.getKey()).put("fields", given.get(a.getKey()))));
      }
      return rows.map(answer);
    }).onSuccess(answer -> Responses.json(ctx, 200, answer)).onFailure(ctx::fail);
  }

  /**
   * The {@code about.<field>=<id>} parameters of the request, checked: field → canonical ID number,
   * in the order given (a parameter given twice counts once, its first value); 400 naming each bad one.
   */
  private Map<String, String> about(RoutingContext ctx, String thingCode) {
    Map<String, String> out = new LinkedHashMap<>();
    List<FieldError> problems = new ArrayList<>();
    Set<String> persons = aboutable.getOrDefault(thingCode, Set.of());
    for (String name : ctx.queryParams().names()) {
      if (!name.startsWith(ABOUT)) continue;
      String field = name.substring(ABOUT.length());
      if (out.containsKey(field)) continue;
      if (!persons.contains(field)) {
        problems.add(new FieldError(name, "not a field of thing " + thingCode + " naming a person whose record prefills it"));
        continue;
      }
      String value = IdNumbers.normalize(ctx.queryParams().get(name));
      String problem = value == null || value.isBlank() ? "required" : IdNumbers.problem(value);
      if (problem != null) {
        problems.add(new FieldError(name, problem));
        continue;
      }
      out.put(field, value);
    }
    if (!problems.isEmpty()) throw DomainError.badRequest("about.<field> must name a person of this thing's form by a valid resident ID number", problems);
    return out;
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
