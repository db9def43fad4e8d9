package onego.server.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.DomainError;
import onego.domain.IdNumbers;
import onego.server.web.AuthHandler;
import onego.server.web.Caller.Role;
import onego.server.web.Caller;
import onego.server.web.Params;
import onego.server.web.Responses;

/** Reading cases (进度一网可查): one case, and an applicant's cases (一人一档). */
public final class CaseHandler {
  private final CaseQueries queries;
  private final CaseAccess access;
  private final CaseView view;

  public CaseHandler(CaseQueries queries, CaseAccess access, CaseView view) {
    this.queries = queries;
    this.access = access;
    this.view = view;
  }

  /** GET /cases/{caseId}: the full case, or masked for the hotline; 404 for a case the caller may not see. */
  public void get(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    access.check(caller, CaseAccess.caseId(ctx.pathParam("caseId")))
        .onSuccess(c -> Responses.json(ctx, 200, caller.is(Role.HOTLINE) ? view.masked(c) : view.full(c)))
        .onFailure(ctx::fail);
  }

  /** GET /applicants/{idNumber}/cases: applicants their own; a channel the ones it submitted; admin all. */
  public void byApplicant(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String applicantId = IdNumbers.normalize(ctx.pathParam("idNumber")); // a credit code normalises the same way
    if (caller.is(Role.APPLICANT) && !applicantId.equals(caller.sub())) throw DomainError.forbidden("applicants see only their own cases");
    int limit = Params.intParam(ctx, "limit", 50, 1, 200);
    String submittedBy = caller.is(Role.CHANNEL) ? caller.id() : null;
    queries.byApplicant(applicantId, submittedBy, limit).onSuccess(cases -> {
      JsonArray out = new JsonArray();
      cases.forEach(c -> out.add(view.full(c)));
      Responses.json(ctx, 200, new JsonObject().put("cases", out));
    }).onFailure(ctx::fail);
  }
}
