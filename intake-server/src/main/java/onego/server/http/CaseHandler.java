package onego.server.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.FieldError;
import onego.server.auth.Caller;
import onego.server.auth.Caller.Role;
import onego.server.cases.CaseAccess;
import onego.server.cases.CaseQueries;
import onego.server.cases.CaseRecord;
import onego.server.cases.CaseView;
import onego.server.intake.CaseFactory;
import onego.server.intake.CaseLinks;
import onego.server.intake.IntakeOutcome;
import onego.server.intake.IntakeRequest;
import onego.server.intake.IntakeStore;
import onego.server.intake.IntakeWriter;
import onego.server.intake.NewCase;
import onego.server.intake.RequestHash;
import onego.server.intake.Submission;
import onego.server.intake.SubmissionValidator;
import onego.server.shareddata.EcertVerifier;

import java.util.List;

/** Cases (一表申请, 一窗受理): idempotent submission, reading one case, an applicant's cases. */
public final class CaseHandler {
  private static final long WRITE_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final SubmissionValidator validator;
  private final CaseFactory factory;
  private final IntakeStore store;
  private final CaseQueries queries;
  private final CaseAccess access;
  private final CaseView view;
  private final int retryAfterSeconds;
  private final MeterRegistry registry;
  private final java.util.function.BooleanSupplier backlogOverLimit;
  private final EcertVerifier ecerts;

  public CaseHandler(Vertx vertx, SubmissionValidator validator, CaseFactory factory, IntakeStore store, CaseQueries queries, CaseAccess access,
                     CaseView view, int retryAfterSeconds, java.util.function.BooleanSupplier backlogOverLimit, EcertVerifier ecerts,
                     MeterRegistry registry) {
    this.backlogOverLimit = backlogOverLimit;
    this.ecerts = ecerts;
    this.vertx = vertx;
    this.validator = validator;
    this.factory = factory;
    this.store = store;
    this.queries = queries;
    this.access = access;
    this.view = view;
    this.retryAfterSeconds = retryAfterSeconds;
    this.registry = registry;
  }

  public void submit(RoutingContext ctx) {
    Caller caller = AuthHandler.require(ctx, Role.CHANNEL);
    String key = idempotencyKey(ctx);
    JsonObject body = Bodies.json(ctx);
    String hash = RequestHash.of(body);
    if (backlogOverLimit.getAsBoolean()) {
      count("overloaded");
      throw ApiError.overloaded("the departments' queues are over their limit; retry with the same Idempotency-Key", retryAfterSeconds);
    }
    Submission submission;
    try {
      submission = validator.validate(body);
    } catch (ApiError invalid) {
      answerInvalid(ctx, caller, key, hash, invalid);
      return;
    }
    ecerts.check(submission.materials()).onSuccess(problems -> {
      if (problems.isEmpty()) write(ctx, caller, key, hash, submission);
      else answerInvalid(ctx, caller, key, hash, ApiError.validation(problems));
    }).onFailure(ctx::fail);
  }

  private void write(RoutingContext ctx, Caller caller, String key, String hash, Submission submission) {
    NewCase newCase = factory.create(submission, caller);
    vertx.eventBus().<IntakeOutcome>request(IntakeWriter.ADDRESS, new IntakeRequest(caller.id(), key, hash, newCase),
            new DeliveryOptions().setSendTimeout(WRITE_TIMEOUT_MS))
        .onSuccess(reply -> answer(ctx, reply.body()))
        .onFailure(e -> ctx.fail(ApiError.overloaded("intake did not answer in time; retry with the same Idempotency-Key", retryAfterSeconds)));
  }

  /** A body that fails validation may still be the retry of one that passed before (the catalog moved on): replay it. */
  private void answerInvalid(RoutingContext ctx, Caller caller, String key, String hash, ApiError invalid) {
    store.findKeys(new String[] {caller.id()}, new String[] {key}).onComplete(ar -> {
      IntakeStore.StoredKey k = ar.succeeded() ? ar.result().get(IntakeStore.keyOf(caller.id(), key)) : null;
      if (k == null) {
        count("invalid");
        ctx.fail(invalid);
      } else {
        answer(ctx, IntakeWriter.replayOrReuse(k, hash));
      }
    });
  }

  private void answer(RoutingContext ctx, IntakeOutcome outcome) {
    if (outcome instanceof IntakeOutcome.Created c) {
      count("created");
      ctx.response().putHeader("Location", CaseLinks.self(c.body().getString("caseId")));
      Responses.json(ctx, 201, c.body());
    } else if (outcome instanceof IntakeOutcome.Replayed r) {
      count("replayed");
      ctx.response().putHeader("Idempotency-Replayed", "true");
      if (r.body().containsKey("caseId")) ctx.response().putHeader("Location", CaseLinks.self(r.body().getString("caseId")));
      Responses.json(ctx, r.status(), r.body());
    } else if (outcome instanceof IntakeOutcome.KeyReused) {
      count("key_reused");
      ctx.fail(new ApiError(422, "IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used before with a different body"));
    } else if (outcome instanceof IntakeOutcome.InProgress) {
      count("in_progress");
      ctx.fail(new ApiError(409, "IDEMPOTENCY_IN_PROGRESS", "a request with this Idempotency-Key is still being processed", List.of(), 1));
    } else if (outcome instanceof IntakeOutcome.Overloaded) {
      count("overloaded");
      ctx.fail(ApiError.overloaded("intake is over its backlog limit; retry with the same Idempotency-Key", retryAfterSeconds));
    } else {
      count("failed");
      ctx.fail(ApiError.overloaded("the case store is unavailable; retry with the same Idempotency-Key", retryAfterSeconds));
    }
  }

  private void count(String outcome) {
    registry.counter("onego.intake.requests", "outcome", outcome).increment();
  }

  /** Required, at most 255 characters of printable ASCII. */
  static String idempotencyKey(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    String problem = null;
    if (key == null || key.isEmpty()) problem = "the Idempotency-Key header is required";
    else if (key.length() > 255) problem = "Idempotency-Key must be at most 255 characters";
    else if (!key.chars().allMatch(ch -> ch >= 0x20 && ch <= 0x7e)) problem = "Idempotency-Key must be printable ASCII";
    if (problem != null) throw new ApiError(400, "IDEMPOTENCY_KEY_MISSING", problem);
    return key;
  }

  public void get(RoutingContext ctx) {
    Caller caller = AuthHandler.require(ctx, Role.CHANNEL, Role.APPLICANT, Role.ADMIN, Role.HOTLINE);
    access.check(caller, CaseAccess.caseId(ctx.pathParam("caseId")))
        .onSuccess(c -> Responses.json(ctx, 200, caller.is(Role.HOTLINE) ? view.masked(c) : view.full(c)))
        .onFailure(ctx::fail);
  }

  public void byApplicant(RoutingContext ctx) {
    Caller caller = AuthHandler.require(ctx, Role.APPLICANT, Role.CHANNEL, Role.ADMIN);
    String applicantId = ctx.pathParam("idNumber");
    if (caller.is(Role.APPLICANT) && !applicantId.equals(caller.sub())) throw ApiError.forbidden("applicants see only their own cases");
    int limit = intParam(ctx, "limit", 50, 1, 200);
    String submittedBy = caller.is(Role.CHANNEL) ? caller.id() : null;
    queries.byApplicant(applicantId, submittedBy, limit).onSuccess(cases -> {
      JsonArray out = new JsonArray();
      cases.forEach(c -> out.add(view.full(c)));
      Responses.json(ctx, 200, new JsonObject().put("cases", out));
    }).onFailure(ctx::fail);
  }

  static int intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
    String v = ctx.request().getParam(name);
    if (v == null) return dflt;
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) return n;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw ApiError.badRequest(name + " must be a whole number from " + min + " to " + max,
        List.of(new FieldError(name, "must be " + min + ".." + max)));
  }
}
