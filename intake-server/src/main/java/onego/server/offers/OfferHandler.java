package onego.server.offers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.AuditAction;
import onego.domain.CreditCodes;
import onego.domain.DomainError;
import onego.domain.IdNumbers;
import onego.domain.Times;
import onego.server.audit.Actors;
import onego.server.audit.AuditTrail;
import onego.server.intake.IntakeOutcome;
import onego.server.web.AuthHandler;
import onego.server.web.Caller;
import onego.server.web.Caller.Role;
import onego.server.web.CaseLinks;
import onego.server.web.Request;
import onego.server.web.Responses;

import java.time.ZoneId;
import java.util.UUID;

/**
 * The offers API (免申即享, 政策找人). Who: the applicant for their own offers (an applicant token whose
 * {@code sub} is not the offer's subject is 403), a channel for any person or enterprise it serves, an admin
 * to read. {@code GET /applicants/{id}/offers}: {@code id} an ID number or a credit code, checked by its
 * checksum (400). {@code POST /offers/{offerId}/confirm}: 201 with the case (the POST /cases 201 body plus
 * {@code offer}: the facts and fields shared data gave), committed before the answer; confirming a confirmed
 * offer answers 200 with the same body ({@code Idempotency-Replayed: true}); an EXPIRED or DECLINED offer, or
 * one past its {@code expiresAt}, is 409 (unless its case was filed and only its confirmation went unrecorded: that case, 200). {@code POST /offers/{offerId}/decline}: 200 with the offer
 * (again: the same); a CONFIRMED or EXPIRED one is 409, and so is one whose confirmation is under way (it may be
 * committed yet: {@link OfferStore#beginConfirm}). A channel's or an admin's listing is audited
 * ({@code APPLICANT_CASES_READ}, purpose {@code applicant:offers}).
 */
public final class OfferHandler {
  private static final int LIST_LIMIT = 200;

  private final Offers offers;
  private final AuditTrail audit;
  private final ZoneId zone;

  public OfferHandler(Offers offers, AuditTrail audit, ZoneId zone) {
    this.offers = offers;
    this.audit = audit;
    this.zone = zone;
  }

  /** An ID number or a credit code, canonical (upper case); 400 when neither checksum holds. */
  public static String subject(String raw, String param) {
    String s = raw == null ? "" : raw.trim().toUpperCase();
    if (IdNumbers.valid(s) || CreditCodes.valid(s)) return s;
    throw DomainError.badParameter(param, "must be a resident ID number or a unified social credit code with a valid check character",
        "not an ID number or credit code");
  }

  /** GET /applicants/{id}/offers. */
  public void list(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String subject = subject(Request.of(ctx).text("id"), "id");
    if (caller.is(Role.APPLICANT) && !subject.equalsIgnoreCase(caller.sub())) throw DomainError.forbidden("applicants see only their own offers");
    offers.store().bySubject(subject, LIST_LIMIT)
        .compose(list -> caller.is(Role.APPLICANT) ? Future.succeededFuture(list)
            : audit.read(caller, AuditAction.APPLICANT_CASES_READ, subject, null, "applicant:offers",
                new JsonObject().put("offers", new JsonArray(list.stream().map(o -> o.offerId().toString()).toList()))).map(list))
        .onSuccess(list -> {
          JsonArray out = new JsonArray();
          list.forEach(o -> out.add(offers.json(o)));
          Responses.json(ctx, 200, new JsonObject().put("offers", out));
        }).onFailure(ctx::fail);
  }

  /** POST /offers/{offerId}/confirm. */
  public void confirm(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    UUID offerId = Request.of(ctx).get("offerId");
    mine(caller, offerId).compose(o -> {
      if (o.state().equals("CONFIRMED") && o.answer() != null) return Future.succeededFuture(new IntakeOutcome.Replayed(200, o.answer()));
      if (o.state().equals("DECLINED") || o.state().equals("EXPIRED")) {
        return Future.failedFuture(DomainError.illegal("the offer is " + o.state() + "; only an OFFERED offer can be confirmed"));
      }
      // past its expiry only an offer whose case is already filed goes on (its confirmation was not recorded): to that case
      Future<Void> open = o.state().equals("OFFERED") && !o.expiresAt().isAfter(Times.now(zone))
          ? offers.store().filed(offerId).compose(filed -> filed ? Future.<Void>succeededFuture()
              : Future.failedFuture(DomainError.illegal("the offer expired at " + Times.format(Times.in(o.expiresAt(), zone)))))
          : Future.succeededFuture();
      return open.compose(v -> file(caller, offerId, o));
    }).onSuccess(outcome -> {
      if (Responses.answered(ctx)) return; // answered 503 at its deadline; confirming again answers this case
      if (outcome instanceof IntakeOutcome.Created c) {
        ctx.response().putHeader("Location", CaseLinks.self(c.body().getString("caseId")));
        Responses.json(ctx, 201, c.text());
      } else if (outcome instanceof IntakeOutcome.Replayed r) {
        ctx.response().putHeader("Idempotency-Replayed", "true").putHeader("Location", CaseLinks.self(r.body().getString("caseId")));
        Responses.json(ctx, 200, r.body());
      }
    }).onFailure(ctx::fail);
  }

  /** Files {@code o}'s case (once: the offer is marked as being confirmed first) and records the confirmation. */
  private Future<IntakeOutcome> file(Caller caller, UUID offerId, OfferStore.Offer o) {
    String channel = caller.is(Role.CHANNEL) ? caller.channel() : "offer";
    // marked as being confirmed before the case is filed: a decline meanwhile is refused (409), never answered DECLINED
    Future<OfferStore.Offer> begun = o.state().equals("OFFERED") ? offers.store().beginConfirm(offerId, Times.now(zone)).compose(b -> b != null
        ? Future.succeededFuture(b)
        : offers.store().get(offerId).compose(now -> now != null && now.state().equals("CONFIRMED") ? Future.succeededFuture(now) // confirmed meanwhile
            : Future.failedFuture(DomainError.illegal("the offer is no longer OFFERED (declined or expired meanwhile)"))))
        : Future.succeededFuture(o);
    return begun.compose(b -> b.state().equals("CONFIRMED") && b.answer() != null
        ? Future.<IntakeOutcome>succeededFuture(new IntakeOutcome.Replayed(200, b.answer()))
        : offers.file(b, Actors.of(caller), channel, caller.id()).compose(outcome -> {
      JsonObject body = outcome instanceof IntakeOutcome.Created c ? c.body() : ((IntakeOutcome.Replayed) outcome).body();
      UUID caseId = UUID.fromString(body.getString("caseId"));
      return offers.store().confirm(offerId, caseId, Times.now(zone), body).map(outcome);
    }));
  }

  /** POST /offers/{offerId}/decline. */
  public void decline(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    UUID offerId = Request.of(ctx).get("offerId");
    mine(caller, offerId).compose(o -> {
      if (o.state().equals("DECLINED")) return Future.succeededFuture(o);
      if (!o.state().equals("OFFERED")) return Future.failedFuture(DomainError.illegal("the offer is " + o.state() + "; only an OFFERED offer can be declined"));
      return offers.store().decline(offerId, Times.now(zone)).compose(d -> d != null ? Future.succeededFuture(d)
          : Future.failedFuture(DomainError.illegal("the offer is being confirmed, or is no longer OFFERED (confirmed or expired meanwhile)")));
    }).onSuccess(o -> Responses.json(ctx, 200, offers.json(o))).onFailure(ctx::fail);
  }

  /** The offer, when the caller may act on it: 404 unknown, 403 an applicant's whose subject is someone else. */
  private Future<OfferStore.Offer> mine(Caller caller, UUID offerId) {
    return offers.store().get(offerId).compose(o -> {
      if (o == null) return Future.failedFuture(DomainError.notFound("no offer " + offerId));
      if (caller.is(Role.APPLICANT) && !o.subject().equalsIgnoreCase(caller.sub())) {
        return Future.failedFuture(DomainError.forbidden("this offer is someone else's"));
      }
      return Future.succeededFuture(o);
    });
  }
}
