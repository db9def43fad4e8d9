package onego.server.supervision;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.DomainError;
import onego.domain.KnownPii;
import onego.domain.Times;
import onego.router.cases.CardRow;
import onego.router.cases.CaseReads;
import onego.router.cases.Cards;
import onego.server.audit.Actors;
import onego.server.caseapi.CaseView;
import onego.server.web.AuthHandler;
import onego.server.web.Caller;
import onego.server.web.Caller.Role;
import onego.server.web.Request;
import onego.server.web.Responses;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Cards (红黄牌, 个案追查和责任追究; contract "Supervision", Cards): the list (admin: all; a department:
 * its own, another's asked for is 403), the department's explanation of its own card (another
 * department's is 404) and admin's close with a verdict (a closed card is 409). Rules in {@link Cards}.
 * Explanations are shown masked ({@link CardExplanations}), with the names and addresses of the
 * card's case known.
 */
public final class CardHandler {
  private static final int LIST_LIMIT = 500;

  private final Cards cards;
  private final CaseReads reads;
  private final CaseView view;
  private final ZoneId zone;

  public CardHandler(Cards cards, CaseReads reads, CaseView view, ZoneId zone) {
    this.cards = cards;
    this.reads = reads;
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
        .compose(list -> known(list).map(known -> render(list, known)))
        .onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("cards", list)))
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
        .compose(card -> known(List.of(card)).map(known -> card(card, known)))
        .onSuccess(card -> Responses.json(ctx, 200, card))
        .onFailure(ctx::fail);
  }

  /** {@code POST /supervision/cards/{cardId}/close} {verdict: upheld|withdrawn, note} by admin. */
  public void close(RoutingContext ctx) {
    UUID cardId = Request.of(ctx).uuid("cardId");
    JsonObject body = Request.of(ctx).body(); // the documented schema: verdict one of upheld, withdrawn
    cards.close(cardId, body.getString("verdict"), body.getString("note"), Actors.of(AuthHandler.caller(ctx)).id(), Times.now(zone))
        .compose(card -> known(List.of(card)).map(known -> card(card, known)))
        .onSuccess(card -> Responses.json(ctx, 200, card))
        .onFailure(ctx::fail);
  }

  private JsonArray render(List<CardRow> list, Map<UUID, KnownPii> known) {
    JsonArray out = new JsonArray();
    list.forEach(card -> out.add(card(card, known)));
    return out;
  }

  /** What the cases of the explained cards among {@code list} hold (names, addresses), by case; one read for all. */
  private Future<Map<UUID, KnownPii>> known(List<CardRow> list) {
    List<UUID> ids = list.stream().filter(c -> c.explanation() != null).map(CardRow::caseId).filter(Objects::nonNull).distinct().toList();
    if (ids.isEmpty()) return Future.succeededFuture(Map.of());
    return reads.byIdsWithoutResults(ids).map(files -> {
      Map<UUID, KnownPii> out = new HashMap<>();
      files.forEach(f -> out.put(f.kase().caseId(), f.kase().known()));
      return out;
    });
  }

  /** openapi.yaml {@code Card}. */
  private JsonObject card(CardRow c, Map<UUID, KnownPii> known) {
    JsonObject explanation = c.explanation() == null ? null
        : CardExplanations.masked(c.explanation(), c.caseId() == null ? KnownPii.NONE : known.getOrDefault(c.caseId(), KnownPii.NONE))
        .put("explainedAt", c.explanation().getString("explainedAt") == null ? null
            : view.time(java.time.OffsetDateTime.parse(c.explanation().getString("explainedAt"))));
    return new JsonObject().put("cardId", c.cardId().toString()).put("level", c.level()).put("kind", c.kind())
        .put("caseId", c.caseId() == null ? null : c.caseId().toString()).put("itemId", c.itemId() == null ? null : c.itemId().toString())
        .put("department", c.department()).put("raisedAt", view.time(c.raisedAt())).put("state", c.state())
        .put("explanation", explanation).put("verdict", c.verdict()).put("note", c.note())
        .put("closedAt", view.time(c.closedAt())).put("closedBy", c.closedBy());
  }
}
