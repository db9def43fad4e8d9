package onego.server;

import onego.server.admin.AdminHandler;
import onego.server.audit.AuditHandler;
import onego.server.caseapi.CaseActionsHandler;
import onego.server.caseapi.CaseHandler;
import onego.server.catalog.CatalogHandler;
import onego.server.departments.DepartmentHandler;
import onego.server.hotline.HotlineHandler;
import onego.server.intake.IntakeHandler;
import onego.server.ops.OpsHandler;
import onego.server.pages.PagesHandler;
import onego.server.ratings.RatingHandler;
import onego.server.ratings.StatsHandler;
import onego.server.shareddata.SharedDataHandler;
import onego.server.streams.EventsHandler;
import onego.server.streams.WebSocketHandler;
import onego.server.supervision.CardHandler;
import onego.server.web.AuthHandler;
import onego.server.web.Drain;
import onego.server.web.FailureHandler;
import onego.server.ratings.ComplaintHandler;
import onego.server.hotline.UrgeHandler;

/** The handlers of one node, made once by {@link OneGoNode} and shared by every edge verticle. */
record Handlers(
    AuthHandler auth,
    FailureHandler failures,
    CatalogHandler catalog,
    SharedDataHandler sharedData,
    IntakeHandler intake,
    CaseHandler cases,
    CaseActionsHandler caseActions,
    EventsHandler events,
    WebSocketHandler ws,
    RatingHandler ratings,
    ComplaintHandler complaints,
    DepartmentHandler departments,
    HotlineHandler hotline,
    UrgeHandler urges,
    AdminHandler admin,
    CardHandler cards,
    StatsHandler stats,
    OpsHandler ops,
    AuditHandler audit,
    PagesHandler pages,
    Drain drain,
    io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> cors) {}
