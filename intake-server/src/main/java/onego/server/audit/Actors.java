package onego.server.audit;

import onego.domain.Actor;
import onego.server.web.Caller;

/** The audit {@link Actor} of an authenticated caller. */
public final class Actors {
  static final String APPLICANT_PREFIX = "applicant:";

  private Actors() {}

  /**
   * The caller as the trail records it: its id (API key name or JWT principal), role and unit
   * (channel or department). An applicant's id is {@code applicant:<ID number>} here and is stored
   * as {@code applicant:<subject hash>} by {@link AuditTrail}; no clear number reaches a row.
   */
  public static Actor of(Caller c) {
    return switch (c.role()) {
      case APPLICANT -> new Actor(APPLICANT_PREFIX + c.sub(), c.role().code(), null);
      case CHANNEL -> new Actor(c.id(), c.role().code(), c.channel());
      case DEPARTMENT -> new Actor(c.id(), c.role().code(), c.department());
      case HOTLINE, ADMIN -> new Actor(c.id(), c.role().code(), null);
    };
  }
}
