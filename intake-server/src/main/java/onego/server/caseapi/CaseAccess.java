package onego.server.caseapi;

import io.vertx.core.Future;
import onego.domain.DomainError;
import onego.router.cases.CaseReads.CaseFile;
import onego.router.cases.CaseReads;
import onego.router.cases.CaseRow;
import onego.server.web.Caller;

import java.util.UUID;

/** Whether a caller may follow a case: the same rule as GET /cases/{id}; a case it may not see does not exist. */
public final class CaseAccess {
  private final CaseReads reads;

  public CaseAccess(CaseReads reads) {
    this.reads = reads;
  }

  /** The case when {@code caller} may see it; fails with NOT_FOUND when not, UNAVAILABLE when the store is down. */
  public Future<CaseFile> check(Caller caller, UUID caseId) {
    return reads.byId(caseId)
        .recover(e -> Future.failedFuture(storeDown(e)))
        .compose(found -> found.filter(c -> visible(caller, c))
            .map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(DomainError.notFound("no case " + caseId))));
  }

  /**
   * The case when {@code caller} may see it ({@link #check}) or, for an in-person channel naming
   * the person it serves ({@link ServedPerson}, {@code served} not null), when that person is the
   * case's applicant or agent (线上线下融合: whichever channel filed it). Anyone else's case is
   * NOT_FOUND, as for any case the caller may not see (a case id is not something to probe).
   */
  public Future<CaseFile> check(Caller caller, String served, UUID caseId) {
    if (served == null) return check(caller, caseId);
    return reads.byId(caseId)
        .recover(e -> Future.failedFuture(storeDown(e)))
        .compose(found -> found.filter(c -> visible(caller, c) || servedIn(served, c))
            .map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(DomainError.notFound("no case " + caseId))));
  }

  /**
   * Whether {@code served} is the case's applicant, its agent (帮办代办) or, for an enterprise, its legal
   * representative ({@code applicant.legalRepresentativeIdNumber}): the people who stand for the case at a window.
   */
  public static boolean servedIn(String served, CaseFile file) {
    return served != null && (served.equals(file.kase().applicantId()) || served.equals(file.kase().agentId())
        || served.equals(ServedPerson.legalRepresentative(file)));
  }

  /** A failure of a case read: a refusal as it is, anything else the case store being unavailable. */
  public static DomainError storeDown(Throwable cause) {
    return cause instanceof DomainError d ? d : DomainError.unavailable("the case store", cause);
  }

  /** Who may see a case: its submitting channel, its applicant and their agent (帮办代办), admin, and (masked) the hotline. */
  public static boolean visible(Caller caller, CaseFile file) {
    CaseRow c = file.kase();
    return switch (caller.role()) {
      case ADMIN, HOTLINE -> true;
      case CHANNEL -> caller.id().equals(c.submittedBy());
      case APPLICANT -> caller.sub() != null && (caller.sub().equals(c.applicantId()) || caller.sub().equals(c.agentId()));
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
      throw DomainError.notFound("no " + what + " " + raw);
    }
  }
}
