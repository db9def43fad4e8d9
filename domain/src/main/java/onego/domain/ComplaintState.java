package onego.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a complaint (openapi.yaml, tag Supervision, 差评与投诉处置; 湖南方案 四(三) 差评与投诉处置流程), with
 * the steps allowed from each written next to it: OPEN → ANSWERED (the department's 整改 and reply) →
 * CONFIRMED (the applicant or admin accepts) or OPEN again (reopened) → CLOSED (admin).
 */
public enum ComplaintState {
  OPEN, ANSWERED, CONFIRMED, CLOSED;

  /** The states one step leads to from this one. */
  public Set<ComplaintState> next() {
    return switch (this) {
      case OPEN -> EnumSet.of(ANSWERED);
      case ANSWERED -> EnumSet.of(CONFIRMED, OPEN);
      case CONFIRMED -> EnumSet.of(CLOSED);
      case CLOSED -> EnumSet.noneOf(ComplaintState.class);
    };
  }

  public boolean canMoveTo(ComplaintState to) { return next().contains(to); }
}
