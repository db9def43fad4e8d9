package onego.server.supervision;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.DomainError;
import onego.domain.Times;
import onego.router.cases.CardRow;
import onego.router.cases.Cards;
import onego.server.audit.Actors;
import onego.server.caseapi.CaseView;
import onego.server.web.AuthHandler;
import onego.server.web.Caller;
import onego.server.web.Caller.Role;
import onego.server.web.Request;
import onego.server.web.Responses;

import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * Cards (红黄牌, 个案追查和责任追究; contract "Supervision", Cards): the list (admin: all; a department:
 * its own, another's asked for is 403), the department's explanation of its own card (another
 * department's is 404) and admin's close with a verdict (a closed card is 409). Rules in {@link Cards}.
 */
public final class CardHandler {
  private static final int LIST_LIMIT = 500;

  private final Cards cards;
  private final CaseView view;
  private final ZoneId zone;

  public CardHandler(Cards cards, CaseView view, ZoneId zone) {
    this.cards = cards;
    this.view = view;
    this.zone = zone;
  }

  /** {@code GET /supervision/cards?level=&kind=&state=&department=}, newest first, at most 500. */
  public void list(RoutingContext ctx) {
    Caller c = AuthHandler.caller(ctx);
    Request r = Request.of(ctx);
    String department = r.text("department");
    if (c.is(Role.DEPARTMENT)) {
      if (department != null && !department.equals(c.department())) throw DomainError.forbidden("departments see only their own cards");
      department = c.department();
    }
    cards.list(r.text("level"), r.text("kind"), r.text("state"), department, LIST_LIMIT)
        .onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("cards", render(list))))
        .onFailure(ctx::fail);
  }

  /** {@code POST /supervision/cards/{cardId}/explanation} {reason, responsiblePerson, measures} by the card's department. */
  public void explain(RoutingContext ctx) {
    Caller c = AuthHandler.caller(ctx);
    UUID cardId = Request.of(ctx).uuid("cardId");
    JsonObject body = Request.of(ctx).body(); // the documented schema: the three texts required
    JsonObject explanation = new JsonObject().put("reason", body.getString("reason"))
        .put("responsiblePerson", body.getString("responsiblePerson")).put("measures", body.getString("measures"));
    cards.explain(cardId, c.department(), explanation, Times.now(zone))
        .onSuccess(card -> Responses.json(ctx, 200, card(card)))
        .onFailure(ctx::fail);
  }

  /** {@code POST /supervision/cards/{cardId}/close} {verdict: upheld|withdrawn, note} by admin. */
  public void close(RoutingContext ctx) {
    UUID cardId = Request.of(ctx).uuid("cardId");
    JsonObject body = Request.of(ctx).body(); // the documented schema: verdict one of upheld, withdrawn
    cards.close(cardId, body.getString("verdict"), body.getString("note"), Actors.of(AuthHandler.caller(ctx)).id(), Times.now(zone))
        .onSuccess(card -> Responses.json(ctx, 200, card(card)))
        .onFailure(ctx::fail);
  }

  private JsonArray render(List<CardRow> list) {
    JsonArray out = new JsonArray();
    list.forEach(card -> out.add(card(card)));
    return out;
  }

  /** openapi.yaml {@code Card}. */
  private JsonObject card(CardRow c) {
    JsonObject explanation = c.explanation() == null ? null : new JsonObject().put("reason", c.explanation().getString("reason"))
        .put("responsiblePerson", c.explanation().getString("responsiblePerson")).put("measures", c.explanation().getString("measures"))
        .put("explainedAt", c.explanation().getString("explainedAt") == null ? null
            : view.time(java.time.OffsetDateTime.parse(c.explanation().getString("explainedAt"))));
    return new JsonObject().put("cardId", c.cardId().toString()).put("level", c.level()).put("kind", c.kind())
        .put("caseId", c.caseId() == null ? null : c.caseId().toString()).put("itemId", c.itemId() == null ? null : c.itemId().toString())
        .put("department", c.department()).put("raisedAt", view.time(c.raisedAt())).put("state", c.state())
        .put("explanation", explanation).put("verdict", c.verdict()).put("note", c.note())
        .put("closedAt", view.time(c.closedAt())).put("closedBy", c.closedBy());
  }
}
