package onego.server.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.DomainError;
import onego.domain.FieldError;
import onego.domain.PrerequisiteClaims;
import onego.router.cases.CaseOpening;
import onego.router.cases.NewCase;
import onego.server.audit.Actors;
import onego.server.shareddata.EcertVerifier;
import onego.server.shareddata.PrerequisiteVerifier;
import onego.server.web.Caller;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Intake as one use case (一表申请, 一窗受理): a channel's submission under its Idempotency-Key
 * becomes a committed case, or the answer given to that key before. In order: a full group-commit
 * queue (OVERLOADED at once, before any work is spent on the body), the body's
 * identifiers are made canonical (so two spellings of one ID number are one request and one
 * file), the departments' backlog (OVERLOADED), the body against the catalog (BAD_REQUEST / INVALID, listing every
 * failing field), the e-certificates (materials, the agent's authorization, proofs of prerequisites
 * held elsewhere) against the registry, then the case is opened ({@link CaseOpening}) and written by
 * the group commit. An invalid body whose key was used before is answered from the key, so that
 * a retry after a catalog change still gets its case. Fails with a {@link DomainError}.
 */
public final class Intake {
  /** The {@code outcome} labels of {@code onego_intake_requests_total}. */
  private static final List<String> OUTCOMES =
      List.of("created", "replayed", "key_reused", "invalid", "in_progress", "overloaded", "failed");
  private static final long WRITE_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final SubmissionValidator validator;
  private final EcertVerifier ecerts;
  private final PrerequisiteVerifier prerequisites;
  private final CaseOpening opening;
  private final CaseCreatedView view;
  private final IdempotencyStore keys;
  private final BooleanSupplier backlogOverLimit;
  private final BooleanSupplier writerFull;
  private final MeterRegistry registry;

  public Intake(Vertx vertx, SubmissionValidator validator, EcertVerifier ecerts, PrerequisiteVerifier prerequisites,
                CaseOpening opening, CaseCreatedView view, IdempotencyStore keys, BooleanSupplier backlogOverLimit, BooleanSupplier writerFull,
                MeterRegistry registry) {
    this.vertx = vertx;
    this.validator = validator;
    this.ecerts = ecerts;
    this.prerequisites = prerequisites;
    this.opening = opening;
    this.view = view;
    this.keys = keys;
    this.backlogOverLimit = backlogOverLimit;
    this.writerFull = writerFull;
    this.registry = registry;
    // every outcome at zero from the start: the dashboard and a rate() over it see each series before its first answer
    for (String outcome : OUTCOMES) counter(outcome);
  }

  /**
   * Submits {@code body} for {@code caller} under {@code key}; counted in {@code onego.intake.requests{outcome}}.
   * {@code traceparent}: the request's W3C trace context, kept with the case for its webhooks (null: none).
   */
  public Future<IntakeOutcome> submit(Caller caller, String key, JsonObject body, String traceparent) {
    return attempt(caller, key, body, traceparent).onComplete(ar -> count(ar.succeeded() ? outcome(ar.result()) : outcome(ar.cause())));
  }

  private Future<IntakeOutcome> attempt(Caller caller, String key, JsonObject sent, String traceparent) {
    if (writerFull.getAsBoolean()) {
      return Future.failedFuture(DomainError.overloaded("intake is over its backlog limit; retry with the same Idempotency-Key"));
    }
    JsonObject body = validator.canonical(sent);
    String hash = RequestHash.of(body);
    if (backlogOverLimit.getAsBoolean()) {
      return Future.failedFuture(DomainError.overloaded("the departments' queues are over their limit; retry with the same Idempotency-Key"));
    }
    Submission submission;
    try {
      submission = validator.validate(body, caller.channel());
    } catch (DomainError invalid) {
      return replayOr(caller, key, hash, invalid);
    }
    Future<List<FieldError>> materials = ecerts.check(submission.materials(), submission.thing(), submission.applicantId(),
        submission.agentId(), submission.form());
    Future<List<FieldError>> authorization = ecerts.checkAuthorization(submission.agent());
    Future<List<FieldError>> proofs = prerequisites.verify(caller, submission.thing().code(), submission.prerequisites(),
        submission.applicantId(), submission.form());
    return Future.all(materials, authorization, proofs).compose(all -> {
      List<FieldError> problems = new ArrayList<>(materials.result());
      problems.addAll(authorization.result());
      problems.addAll(proofs.result());
      return problems.isEmpty()
          ? write(request(submission, caller, key, hash, traceparent))
          : replayOr(caller, key, hash, DomainError.invalid(problems));
    });
  }

  /** The case {@code s} opens (the rules are {@link CaseOpening}'s) with its 201 body, for {@code caller}'s {@code key}. */
  private IntakeRequest request(Submission s, Caller caller, String key, String hash, String traceparent) {
    CaseOpening.Filing filing = new CaseOpening.Filing(caller.channel(), caller.id(), Actors.of(caller), s.applicantId(),
        s.applicantPhone(), s.applicant(), s.form(), s.materials(), s.commitments(), s.delivery(), s.agent(), s.agentId(),
        new JsonArray(s.prerequisites().stream().map(PrerequisiteClaims.Claim::toJson).toList()), traceparent,
        s.region() != null ? s.region() : caller.region() != null ? caller.region() : validator.cityRegion());
    NewCase opened = opening.open(s.thing(), s.items(), filing);
    return new IntakeRequest(caller.id(), key, hash, opened, view.of(opened));
  }

  private Future<IntakeOutcome> write(IntakeRequest request) {
    return vertx.eventBus().<IntakeWriter.Reply>request(IntakeWriter.ADDRESS, request, new DeliveryOptions().setSendTimeout(WRITE_TIMEOUT_MS))
        .recover(e -> Future.failedFuture(DomainError.overloaded("intake did not answer in time; retry with the same Idempotency-Key")))
        .compose(reply -> reply.body().toFuture());
  }

  /** A body that fails validation may still be the retry of one that passed before: replay it, else refuse it. */
  private Future<IntakeOutcome> replayOr(Caller caller, String key, String hash, DomainError invalid) {
    return keys.find(caller.id(), key).transform(ar -> ar.succeeded() && ar.result() != null
        ? IdempotencyStore.replay(ar.result(), hash)
        : Future.failedFuture(invalid));
  }

  private static String outcome(IntakeOutcome o) {
    return o instanceof IntakeOutcome.Created ? "created" : "replayed";
  }

  private static String outcome(Throwable e) {
    if (!(e instanceof DomainError d)) return "failed";
    return switch (d.kind()) {
      case BAD_REQUEST, INVALID -> "invalid";
      case KEY_REUSED -> "key_reused";
      case KEY_IN_PROGRESS -> "in_progress";
      case OVERLOADED -> "overloaded";
      default -> "failed";
    };
  }

  private void count(String outcome) {
    counter(outcome).increment();
  }

  private io.micrometer.core.instrument.Counter counter(String outcome) {
    return io.micrometer.core.instrument.Counter.builder("onego.intake.requests").tag("outcome", outcome)
        .description("POST /cases answers by outcome").register(registry);
  }
}
