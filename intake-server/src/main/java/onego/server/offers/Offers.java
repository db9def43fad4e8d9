package onego.server.offers;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.Catalog;
import onego.domain.DomainError;
import onego.domain.FieldSpec;
import onego.domain.ItemSpec;
import onego.domain.MergedForm;
import onego.domain.OfferRule;
import onego.domain.Thing;
import onego.domain.Times;
import onego.router.cases.CaseOpening;
import onego.router.cases.NewCase;
import onego.server.audit.AuditTrail;
import onego.server.intake.CaseCreatedView;
import onego.server.intake.IntakeOutcome;
import onego.server.intake.IntakeRequest;
import onego.server.intake.IntakeWriter;
import onego.server.shareddata.SharedDataClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * 免申即享 / 政策找人 (湖南方案 三(一)4 and 衡阳方案 就业: 就业创业扶持政策自动匹配、主动推送、免申即享; 三(一)9 服务特殊群体
 * 免申办; 三(二)14/17 政策找企业): runs the catalog's rules ({@code offers.yaml}) for one subject, makes offers,
 * and files a confirmed offer's case.
 *
 * <p>{@link #evaluate}: the rule's facts are read from the shared-data platform and the read is audited
 * ({@code OFFER_FACTS_READ}, purpose {@code offer-rule:<rule>}) before they are used; when every clause holds, the
 * offer is inserted once per (rule, subject, period) and, when new, published as {@code OfferMade} on
 * {@link #address} (the clustered event bus: every node's WebSocket subscribers of the applicant get it).
 *
 * <p>{@link #file}: the case is filed without a form from what shared data holds now (the rule's facts and the
 * items' prefillable fields, read and audited with the rule as purpose) through the intake group commit under
 * the Idempotency-Key {@code (offers, <offerId>)}: committed before it is answered, and a second confirmation
 * (on any node) answers the same case.
 */
public final class Offers {
  private static final Logger log = LoggerFactory.getLogger(Offers.class);
  public static final String ADDRESS_PREFIX = "applicant.";
  private static final long WRITE_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final Catalog catalog;
  private final SharedDataClient sharedData;
  private final AuditTrail audit;
  private final OfferStore store;
  private final CaseOpening opening;
  private final CaseCreatedView view;
  private final ZoneId zone;

  public Offers(Vertx vertx, Catalog catalog, SharedDataClient sharedData, AuditTrail audit, OfferStore store, CaseOpening opening,
                CaseCreatedView view, ZoneId zone) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.sharedData = sharedData;
    this.audit = audit;
    this.store = store;
    this.opening = opening;
    this.view = view;
    this.zone = zone;
  }

  public OfferStore store() { return store; }

  public Catalog catalog() { return catalog; }

  /** The event-bus address of a subject's offers: a SHA-256 of the identifier, never the clear number. */
  public static String address(String subject) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
      return ADDRESS_PREFIX + HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The purpose an audited read for {@code rule} carries. */
  public static String purpose(OfferRule rule) {
    return "offer-rule:" + rule.code();
  }

  /**
   * Runs {@code rule} for {@code subject} (canonical, upper case) as {@code actor}: reads its facts (audited), checks
   * its clauses and makes the offer; answers the new offer, or null (not eligible, unknown to the platform, or
   * already offered for the period).
   */
  public Future<OfferStore.Offer> evaluate(OfferRule rule, String subject, Actor actor) {
    OffsetDateTime now = Times.now(zone);
    LocalDate today = now.toLocalDate();
    return sharedData.facts(subject, rule.facts()).compose(facts ->
        audit.read(actor, AuditAction.OFFER_FACTS_READ, subject, null, purpose(rule),
            new JsonObject().put("facts", new JsonArray(rule.facts())).put("found", facts != null)).map(facts))
        .compose(facts -> {
          if (facts == null) return Future.succeededFuture(null);
          for (OfferRule.Clause c : rule.when()) if (!c.holds(facts.getValue(c.fact()), today)) return Future.succeededFuture(null);
          JsonObject used = new JsonObject();
          for (String f : rule.facts()) {
            if (facts.getValue(f) != null) used.put(f, new JsonObject().put("value", facts.getValue(f)).put("source", catalog.offers().facts().get(f).source()));
          }
          return store.make(rule.code(), subject, rule.subject().code(), rule.period().key(today), rule.thing(), rule.items(), used, now,
              now.plusDays(rule.expiryDays()));
        })
        .onSuccess(made -> {
          if (made != null) vertx.eventBus().publish(address(subject), offerMade(made));
        });
  }

  /** The {@code OfferMade} event (WebSocket frame): the offer as GET /applicants/{id}/offers lists it, with its type and time. */
  JsonObject offerMade(OfferStore.Offer o) {
    return json(o).put("type", "OfferMade").put("at", Times.format(Times.in(o.createdAt(), zone)));
  }

  /** An offer as the API answers it. */
  public JsonObject json(OfferStore.Offer o) {
    OfferRule rule = catalog.offers().rule(o.rule());
    JsonObject out = new JsonObject()
        .put("offerId", o.offerId().toString())
        .put("rule", o.rule())
        .put("name", rule == null ? null : rule.name())
        .put("thing", o.thing())
        .put("items", new JsonArray(o.items()))
        .put("period", o.period())
        .put("state", o.state())
        .put("createdAt", Times.format(Times.in(o.createdAt(), zone)))
        .put("expiresAt", Times.format(Times.in(o.expiresAt(), zone)));
    if (o.caseId() != null) out.put("caseId", o.caseId().toString());
    return out;
  }

  /**
   * Files the case of {@code offer} for {@code actor} on {@code channel}; answers the intake outcome (Created: this
   * call committed it; Replayed: an earlier confirmation did) whose body is the POST /cases 201 body plus
   * {@code offer: {offerId, rule, facts: {<name>: {value, source}}, fields: {<field>: source}}}, saying what
   * shared data the filing used. Fails with UNAVAILABLE when the platform or the trail fails.
   */
  public Future<IntakeOutcome> file(OfferStore.Offer offer, Actor actor, String channel, String submittedBy) {
    OfferRule rule = catalog.offers().rule(offer.rule());
    Thing thing = catalog.thing(offer.thing()).orElse(null);
    if (rule == null || thing == null) return Future.failedFuture(DomainError.conflict("the rule " + offer.rule() + " is no longer in the catalog"));
    List<ItemSpec> items = new ArrayList<>();
    for (String code : offer.items()) {
      ItemSpec i = thing.item(code).orElse(null);
      if (i == null) return Future.failedFuture(DomainError.conflict("thing " + thing.code() + " no longer has item " + code));
      items.add(i);
    }
    boolean person = rule.subject() == OfferRule.SubjectKind.PERSON;
    // the items' prefillable fields by source: people only (the platform's sources are keyed by ID number)
    Map<String, List<String>> bySource = new LinkedHashMap<>();
    if (person) {
      for (String f : new MergedForm(catalog, thing, items).fieldNames()) {
        FieldSpec spec = catalog.field(f);
        if (spec != null && spec.prefill() != null) bySource.computeIfAbsent(spec.prefill(), k -> new ArrayList<>()).add(f);
      }
    }
    List<String> sources = new ArrayList<>(bySource.keySet());
    List<Future<SharedDataClient.Lookup>> lookups = new ArrayList<>();
    for (String s : sources) lookups.add(sharedData.person(s, offer.subject()));
    Future<JsonObject> facts = sharedData.facts(offer.subject(), rule.facts());
    return Future.all(Future.all(lookups), facts).compose(all -> {
      JsonObject form = new JsonObject();
      JsonObject fieldSources = new JsonObject();
      for (int i = 0; i < sources.size(); i++) {
        SharedDataClient.Lookup l = lookups.get(i).result();
        if (!l.found()) continue;
        for (String f : bySource.get(sources.get(i))) {
          Object v = l.data().getValue(f);
          if (v != null && !form.containsKey(f)) {
            form.put(f, v);
            fieldSources.put(f, sources.get(i));
          }
        }
      }
      JsonObject used = new JsonObject();
      JsonObject now = facts.result() == null ? new JsonObject() : facts.result();
      for (String f : rule.facts()) {
        if (now.getValue(f) == null) continue;
        used.put(f, new JsonObject().put("value", now.getValue(f)).put("source", catalog.offers().facts().get(f).source()));
        if (catalog.field(f) != null && !form.containsKey(f)) {
          form.put(f, now.getValue(f));
          fieldSources.put(f, catalog.offers().facts().get(f).source());
        }
      }
      String idField = person ? "applicantIdNumber" : "creditCode";
      form.put(idField, offer.subject());
      JsonObject applicant = person
          ? new JsonObject().put("type", "person").put("idNumber", offer.subject()).put("name", form.getString("applicantName"))
          : new JsonObject().put("type", "enterprise").put("creditCode", offer.subject()).put("name", form.getString("enterpriseName"));
      return audit.read(actor, AuditAction.OFFER_FACTS_READ, offer.subject(), null, purpose(rule),
              new JsonObject().put("offerId", offer.offerId().toString()).put("facts", new JsonArray(List.copyOf(used.fieldNames())))
                  .put("fields", new JsonArray(List.copyOf(fieldSources.fieldNames()))))
          .compose(v -> write(offer, thing, items, actor, channel, submittedBy, applicant, form, used, fieldSources));
    });
  }

  private Future<IntakeOutcome> write(OfferStore.Offer offer, Thing thing, List<ItemSpec> items, Actor actor, String channel, String submittedBy,
                                      JsonObject applicant, JsonObject form, JsonObject facts, JsonObject fieldSources) {
    CaseOpening.Filing filing = new CaseOpening.Filing(channel, submittedBy, actor, offer.subject(), null, applicant, form, new JsonArray(),
        new JsonArray(), new JsonObject().put("method", thing.deliveryMethods().get(0)), null, null, new JsonArray(), null,
        catalog.regions().city());
    NewCase opened = opening.open(thing, items, filing);
    JsonObject body = view.of(opened).put("offer", new JsonObject().put("offerId", offer.offerId().toString()).put("rule", offer.rule())
        .put("facts", facts).put("fields", fieldSources));
    IntakeRequest request = new IntakeRequest(OfferStore.INTAKE_CALLER, offer.offerId().toString(), "offer:" + offer.offerId(), opened, body);
    return vertx.eventBus().<IntakeWriter.Reply>request(IntakeWriter.ADDRESS, request, new DeliveryOptions().setSendTimeout(WRITE_TIMEOUT_MS))
        .recover(e -> Future.failedFuture(DomainError.overloaded("intake did not answer in time; confirm again")))
        .compose(reply -> reply.body().toFuture())
        .onSuccess(o -> log.info("offer {} of rule {} filed as a case", offer.offerId(), offer.rule()));
  }
}
