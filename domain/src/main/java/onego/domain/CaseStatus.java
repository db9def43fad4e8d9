package onego.domain;

/** Case states of the contract; a case's status follows from its items. */
public enum CaseStatus {
  SUBMITTED, IN_PROGRESS, NEEDS_SUPPLEMENT, COMPLETED, REJECTED, WITHDRAWN
}
