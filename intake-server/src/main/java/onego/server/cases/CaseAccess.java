package onego.server.cases;

import io.vertx.core.Future;
import onego.server.auth.Caller;
import onego.server.http.ApiError;

import java.util.List;
import java.util.UUID;

/** Whether a caller may follow a case: the same rule as GET /cases/{id}; a case it may not see does not exist. */
public final class CaseAccess {
  private final CaseQueries queries;
  private final int retryAfterSeconds;

  public CaseAccess(CaseQueries queries, int retryAfterSeconds) {
    this.queries = queries;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The case when {@code caller} may see it; fails with 404 when not, 503 when the store is down. */
  public Future<CaseRecord> check(Caller caller, UUID caseId) {
    return queries.byId(caseId)
        .recover(e -> Future.failedFuture(storeDown(e)))
        .compose(found -> found.filter(c -> visible(caller, c))
            .map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ApiError.notFound("no case " + caseId))));
  }

  public ApiError storeDown(Throwable cause) {
    return ApiError.unavailable("the case store", retryAfterSeconds, cause);
  }

  /** Who may see a case: its submitting channel, its applicant, admin, and (masked) the hotline. */
  public static boolean visible(Caller caller, CaseRecord c) {
    return switch (caller.role()) {
      case ADMIN, HOTLINE -> true;
      case CHANNEL -> caller.id().equals(c.submittedBy());
      case APPLICANT -> caller.sub() != null && caller.sub().equals(c.applicantId());
      case DEPARTMENT -> false;
    };
  }

  /** A case id from a path or frame; anything that is not a UUID names no case. */
  public static UUID caseId(String raw) {
    return uuid(raw, "case");
  }

  /** An id from a path or frame; anything that is not a UUID names nothing: 404. */
  public static UUID uuid(String raw, String what) {
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApiError.notFound("no " + what + " " + raw);
    }
  }

  public static List<Caller.Role> readers() {
    return List.of(Caller.Role.CHANNEL, Caller.Role.APPLICANT, Caller.Role.ADMIN, Caller.Role.HOTLINE);
  }
}
