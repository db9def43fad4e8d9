package onego.server.federation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.Actor;
import onego.domain.Catalog;
import onego.domain.ItemSpec;
import onego.domain.Thing;
import onego.domain.DomainError;
import onego.domain.FieldError;
import onego.domain.ItemStatus;
import onego.domain.Regions;
import onego.domain.Times;
import onego.router.DispatchSettings;
import onego.router.cases.ItemFlow;
import onego.router.federation.FederationSettings;
import onego.router.federation.FederationStore;
import onego.router.dispatch.WebhookVerification;
import onego.server.intake.Intake;
import onego.server.intake.IntakeOutcome;
import onego.server.intake.RequestHash;
import onego.server.intake.SubmissionValidator;
import onego.server.web.ApiError;
import onego.server.web.CaseLinks;
import onego.server.web.Caller;
import onego.server.web.Request;
import onego.server.web.Responses;
import onego.server.web.TraceContext;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * 跨省通办 between platforms, the receiving ends (衡阳方案 办证: 身份证 遗失补领、到期换领 "跨省通办"). No bearer
 * token: each message is authenticated by its Standard Webhooks signature ({@code webhook-id},
 * {@code webhook-timestamp} within the configured tolerance, {@code webhook-signature}) under the
 * secret of the configured peer that sent it; anything else is 401 UNAUTHORIZED.
 *
 * <ul>
 *   <li>{@code POST /federation/handoffs}: a peer ({@code origin}) hands an item of one of its cases to this
 *   platform. The signature must verify with that peer's secret and {@code webhook-id} must be the
 *   {@code handoffId}. The handoff is filed as a case of this platform's own through the normal intake
 *   (validated like {@code POST /cases}: 422 naming each field; committed before the answer), channel
 *   {@code federation}, with the handoff's {@code region} (which must lie in this province). 201 {@code {caseId, ...}}
 *   the first time; the same handoff again (a retry, a replay, concurrent copies) answers 200 with the same
 *   case and files nothing (unique handoff id in the database); the same id with another body is 422
 *   IDEMPOTENCY_KEY_REUSED; an id already filed for another origin 409 CONFLICT.</li>
 *   <li>{@code POST /federation/handoffs/{handoffId}/status}: the peer that filed one of this platform's handoffs
 *   reports its item's status ({@code status}, {@code note}, {@code result}, {@code missing}, {@code suspension},
 *   {@code seq}, {@code eventId}); it is applied to the handed-off item as a department's report would be
 *   (the item state machine: 409 ILLEGAL_TRANSITION, 422 as for departments), so the case completes and
 *   一次联办 dependents are released as usual. A report whose {@code seq} is not newer than the last applied
 *   one changes nothing and answers 200 with {@code applied: false}; an unknown handoff is 404. Its
 *   {@code webhook-id} must be {@code <handoffId>:<seq>} (a report signed for another handoff is 401).</li>
 *   <li>{@code POST /federation/handoffs/{handoffId}/supplement} and {@code .../withdraw}: the origin of a handoff filed
 *   here passes on the applicant's 补正 (once per round) and withdrawal ({@link #supplement}, {@link #withdraw}).</li>
 * </ul>
 */
public final class FederationHandler {
  private static final Pattern HANDOFF_ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
  private static final Set<String> STATUSES = Set.of("ACCEPTED", "IN_PROGRESS", "SUSPENDED", "RETURNED", "COMPLETED", "REJECTED");

  private final FederationSettings settings;
  private final FederationStore store;
  private final Intake intake;
  private final SubmissionValidator validator;
  private final ItemFlow flow;
  private final ZoneId zone;
  private final Catalog catalog;

  public FederationHandler(FederationSettings settings, FederationStore store, Intake intake, SubmissionValidator validator, ItemFlow flow,
                           ZoneId zone, Catalog catalog) {
    this.catalog = catalog;
    this.settings = settings;
    this.store = store;
    this.intake = intake;
    this.validator = validator;
    this.flow = flow;
    this.zone = zone;
  }

  /** POST /federation/handoffs. */
  public void handoff(RoutingContext ctx) {
    JsonObject body = Request.of(ctx).body();
    Object originValue = body.getValue("origin");
    String origin = originValue instanceof String o ? o : null;
    DispatchSettings peer = origin == null ? null : settings.peers().get(origin);
    if (peer == null || !signed(ctx, peer)) {
      throw ApiError.unauthorized("a handoff must come from a configured federation peer (origin) and carry its valid Standard Webhooks signature");
    }
    Object idValue = body.getValue("handoffId");
    String handoffId = idValue instanceof String s ? s : null;
    if (handoffId == null || !HANDOFF_ID.matcher(handoffId).matches()) {
      throw DomainError.invalid("handoffId", "required: 1 to 200 characters of letters, digits and . _ : -");
    }
    if (!handoffId.equals(ctx.request().getHeader("webhook-id"))) {
      throw ApiError.unauthorized("webhook-id must be the handoffId");
    }
    JsonObject filing = filing(body);
    String hash = RequestHash.of(validator.canonical(filing));
    Caller caller = new Caller(FederationStore.CALLER_PREFIX + origin, Caller.Role.CHANNEL, "federation", null, null, null);
    store.inbound(handoffId).compose(found -> {
      if (found.isPresent()) return Future.succeededFuture(replay(found.get(), origin, hash));
      return intake.submit(caller, handoffId, filing, TraceContext.of(ctx).traceparent()).map(outcome -> {
        if (outcome instanceof IntakeOutcome.Created c) return new Answer(201, c.text());
        IntakeOutcome.Replayed r = (IntakeOutcome.Replayed) outcome;
        return new Answer(r.status() / 100 == 2 ? 200 : r.status(), r.body().encode());
      });
    }).onSuccess(a -> {
      if (Responses.answered(ctx)) return; // answered 503 at its deadline; the peer's retry of the handoff gets this case
      String caseId = new JsonObject(a.body()).getString("caseId");
      if (caseId != null) ctx.response().putHeader("Location", CaseLinks.self(caseId));
      if (a.status() == 200) ctx.response().putHeader("Idempotency-Replayed", "true");
      Responses.json(ctx, a.status(), a.body());
    }).onFailure(ctx::fail);
  }

  private record Answer(int status, String body) {}

  private static Answer replay(FederationStore.Inbound found, String origin, String hash) {
    if (!found.origin().equals(origin)) {
      throw DomainError.conflict("this handoffId was filed for platform " + found.origin() + ", not " + origin);
    }
    if (!found.requestHash().equals(hash)) {
      throw new DomainError(DomainError.Kind.KEY_REUSED, "this handoffId was filed with another body", List.of(), null);
    }
    return new Answer(200, found.response().encode());
  }

  /**
   * The POST /cases body a handoff files: its thing, its one item, applicant, form, materials,
   * commitments, delivery and region (which must lie in this province). Handoff fields of the wrong
   * shape are 422 naming them.
   */
  private JsonObject filing(JsonObject h) {
    List<FieldError> errors = new ArrayList<>();
    Object item = h.getValue("item");
    String code = item instanceof JsonObject o && o.getValue("code") instanceof String c ? c : null;
    if (code == null) errors.add(new FieldError("item.code", "required: the code of the item handed over"));
    Object region = h.getValue("region");
    if (!(region instanceof String r) || !Regions.wellFormed(r)) {
      errors.add(new FieldError("region", "required: the 6-digit division code where the item is handled"));
    } else if (!Regions.provinceOf(r).equals(settings.self())) {
      errors.add(new FieldError("region", "region " + r + " is not in province " + settings.self() + " (this platform)"));
    }
    if (!errors.isEmpty()) throw DomainError.invalid(errors);
    JsonObject filing = new JsonObject().put("thing", h.getValue("thing")).put("items", new JsonArray().add(code))
        .put("applicant", h.getValue("applicant")).put("region", region);
    for (String k : List.of("form", "materials", "commitments", "delivery")) if (h.getValue(k) != null) filing.put(k, h.getValue(k));
    return filing;
  }

  /** POST /federation/handoffs/{handoffId}/status. */
  public void status(RoutingContext ctx) {
    String handoffId = Request.of(ctx).text("handoffId");
    JsonObject body = Request.of(ctx).body();
    store.outbound(handoffId).compose(found -> {
      if (found.isEmpty()) {
        boolean anyPeer = settings.peers().values().stream().anyMatch(p -> signed(ctx, p));
        throw anyPeer ? DomainError.notFound("no handoff " + handoffId) : ApiError.unauthorized("a status report must carry a federation peer's valid signature");
      }
      FederationStore.Outbound out = found.get();
      DispatchSettings peer = settings.peers().get(out.peer());
      if (peer == null || !signed(ctx, peer)) {
        throw ApiError.unauthorized("a status report must carry the valid Standard Webhooks signature of platform " + out.peer());
      }
      Report r = report(body);
      // the signature covers webhook-id, which names the handoff and the report: a report captured for another
      // handoff of the same peer cannot be replayed here under this path
      if (!(handoffId + ":" + r.seq).equals(ctx.request().getHeader("webhook-id"))) {
        throw ApiError.unauthorized("webhook-id must be <handoffId>:<seq> of this report");
      }
      if (body.getValue("handoffId") != null && !handoffId.equals(body.getValue("handoffId"))) {
        throw DomainError.invalid("handoffId", "must be the handoff of the path, " + handoffId);
      }
      if ("QUEUED".equals(out.itemStatus()) && r.seq > out.lastSeq()) {
        // the peer answered the handoff and reports at once, before this platform recorded the item as DISPATCHED
        throw new ApiError(503, "OVERLOADED", "the handoff is still being recorded here; retry shortly", List.of(), 1);
      }
      if (r.seq <= out.lastSeq()) {
        return Future.succeededFuture(answer(handoffId, r, false, null));
      }
      Actor actor = Actor.system("federation-" + out.peer());
      String eventId = "federation:" + (r.eventId != null ? r.eventId : handoffId + ":" + r.seq);
      return flow.departmentStatus(actor, out.department(), out.itemId(), ItemStatus.valueOf(r.status), r.note, r.result, r.suspension,
              r.missing, eventId)
          .compose(item -> store.advance(handoffId, r.seq, Times.now(zone)).map(answer(handoffId, r, true, item.status().name())));
    }).onSuccess(a -> Responses.json(ctx, 200, a)).onFailure(ctx::fail);
  }

  /**
   * POST /federation/handoffs/{handoffId}/supplement: 补正 across platforms. The origin of a handoff filed here,
   * whose item this platform RETURNED, sends what the applicant supplemented there: {@code handoffId, origin,
   * round} (1, 2, ... per handoff), {@code form} (the item's fields supplied) and {@code materials}, signed with
   * {@code webhook-id} {@code <handoffId>:supplement:<round>}. Validated like {@code POST /cases/{caseId}/items/{itemId}/supplement}
   * (422 naming each field) and applied to the item of this platform's case through the same rules (only a
   * RETURNED item takes one, else 409 ILLEGAL_TRANSITION; the item is QUEUED again for its department), once per
   * round: a replay answers 200 with what the first answered and changes nothing. Unknown handoff 404; unsigned 401.
   */
  public void supplement(RoutingContext ctx) {
    String handoffId = Request.of(ctx).text("handoffId");
    JsonObject body = Request.of(ctx).body();
    store.inboundCase(handoffId).compose(found -> {
      FederationStore.InboundCase in = originOf(ctx, handoffId, found);
      Object roundValue = body.getValue("round");
      if (!(roundValue instanceof Integer || roundValue instanceof Long) || ((Number) roundValue).longValue() < 1
          || ((Number) roundValue).longValue() > Integer.MAX_VALUE) {
        throw DomainError.invalid("round", "required: a whole number from 1, one more with each supplement of the handoff");
      }
      int round = ((Number) roundValue).intValue();
      String key = handoffId + ":supplement:" + round;
      if (!key.equals(ctx.request().getHeader("webhook-id"))) throw ApiError.unauthorized("webhook-id must be <handoffId>:supplement:<round>");
      Thing thing = catalog.thing(in.thing()).orElseThrow();
      ItemSpec spec = thing.item(in.code()).orElseThrow();
      JsonObject given = new JsonObject();
      for (String k : List.of("form", "materials")) if (body.getValue(k) != null) given.put(k, body.getValue(k));
      SubmissionValidator.Supplement s = validator.validateSupplement(thing, spec, given, in.applicantId());
      return flow.supplement(Actor.system("federation-" + in.origin()), in.caseId(), in.itemId(), s.form(), s.materials(),
              FederationStore.CALLER_PREFIX + in.origin(), key)
          .map(item -> new JsonObject().put("handoffId", handoffId).put("round", round).put("caseId", in.caseId().toString())
              .put("itemStatus", item.status().name()));
    }).onSuccess(a -> Responses.json(ctx, 200, a)).onFailure(ctx::fail);
  }

  /**
   * POST /federation/handoffs/{handoffId}/withdraw: the origin's applicant withdrew the case; this platform
   * withdraws the case it filed for the handoff (its departments holding the item told to cancel, as for any
   * withdrawal), signed with {@code webhook-id} {@code <handoffId>:withdraw}. 200 {@code {handoffId, caseId, status,
   * applied}}: {@code applied: false} when it was withdrawn already (a replay); 409 ILLEGAL_TRANSITION when the case
   * had already ended (completed or rejected); unknown handoff 404; unsigned 401.
   */
  public void withdraw(RoutingContext ctx) {
    String handoffId = Request.of(ctx).text("handoffId");
    store.inboundCase(handoffId).compose(found -> {
      FederationStore.InboundCase in = originOf(ctx, handoffId, found);
      if (!(handoffId + ":withdraw").equals(ctx.request().getHeader("webhook-id"))) {
        throw ApiError.unauthorized("webhook-id must be <handoffId>:withdraw");
      }
      JsonObject done = new JsonObject().put("handoffId", handoffId).put("caseId", in.caseId().toString()).put("status", "WITHDRAWN");
      if ("WITHDRAWN".equals(in.caseStatus())) return Future.succeededFuture(done.put("applied", false));
      return flow.withdraw(Actor.system("federation-" + in.origin()), in.caseId()).map(k -> done.copy().put("applied", true))
          .recover(e -> store.inboundCase(handoffId).compose(now -> now.isPresent() && "WITHDRAWN".equals(now.get().caseStatus())
              ? Future.succeededFuture(done.copy().put("applied", false)) : Future.failedFuture(e)));
    }).onSuccess(a -> Responses.json(ctx, 200, a)).onFailure(ctx::fail);
  }

  /** The handoff filed here, its message signed by its origin: else 401, or 404 (signed by a peer, unknown handoff). */
  private FederationStore.InboundCase originOf(RoutingContext ctx, String handoffId, java.util.Optional<FederationStore.InboundCase> found) {
    if (found.isEmpty()) {
      boolean anyPeer = settings.peers().values().stream().anyMatch(p -> signed(ctx, p));
      throw anyPeer ? DomainError.notFound("no handoff " + handoffId) : ApiError.unauthorized("a federation message must carry a peer's valid signature");
    }
    DispatchSettings peer = settings.peers().get(found.get().origin());
    if (peer == null || !signed(ctx, peer)) {
      throw ApiError.unauthorized("a message on this handoff must carry the valid Standard Webhooks signature of platform " + found.get().origin());
    }
    return found.get();
  }

  private static JsonObject answer(String handoffId, Report r, boolean applied, String itemStatus) {
    JsonObject out = new JsonObject().put("handoffId", handoffId).put("seq", r.seq).put("applied", applied);
    if (itemStatus != null) out.put("itemStatus", itemStatus);
    return out;
  }

  private record Report(int seq, String eventId, String status, String note, JsonObject result, JsonObject suspension, JsonArray missing) {}

  private static Report report(JsonObject b) {
    List<FieldError> errors = new ArrayList<>();
    Object status = b.getValue("status");
    if (!(status instanceof String s) || !STATUSES.contains(s)) errors.add(new FieldError("status", "required: one of " + STATUSES));
    Object seq = b.getValue("seq");
    if (!(seq instanceof Integer || seq instanceof Long) || ((Number) seq).longValue() < 1 || ((Number) seq).longValue() > Integer.MAX_VALUE) {
      errors.add(new FieldError("seq", "required: a whole number from 1, increasing with each report of the handoff"));
    }
    Object eventId = b.getValue("eventId");
    if (eventId != null && (!(eventId instanceof String e) || e.isBlank() || e.length() > 200)) errors.add(new FieldError("eventId", "1 to 200 characters"));
    Object note = b.getValue("note");
    if (note != null && !(note instanceof String)) errors.add(new FieldError("note", "must be text"));
    for (String k : List.of("result", "suspension")) {
      if (b.getValue(k) != null && !(b.getValue(k) instanceof JsonObject)) errors.add(new FieldError(k, "must be an object"));
    }
    if (b.getValue("missing") != null && !(b.getValue("missing") instanceof JsonArray)) errors.add(new FieldError("missing", "must be an array"));
    if (!errors.isEmpty()) throw DomainError.invalid(errors);
    return new Report(((Number) seq).intValue(), (String) eventId, (String) status, (String) note, b.getJsonObject("result"),
        b.getJsonObject("suspension"), b.getJsonArray("missing"));
  }

  private boolean signed(RoutingContext ctx, DispatchSettings peer) {
    var h = ctx.request().headers();
    String raw = ctx.body() == null ? null : ctx.body().asString();
    return WebhookVerification.verifies(peer.secrets(), h.get("webhook-id"), h.get("webhook-timestamp"), h.get("webhook-signature"), raw,
        System.currentTimeMillis() / 1000, settings.toleranceSeconds());
  }
}
