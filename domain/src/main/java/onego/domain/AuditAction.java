package onego.domain;

/**
 * What an audit row records (the {@code action} column). State changes are written in the
 * transaction of the change; reads of personal data after the read, before the answer.
 */
public enum AuditAction {
  // state changes of a case (CaseLog)
  CASE_SUBMITTED, ITEM_STATUS, ITEM_DISPATCHED, ITEM_DELIVERY_FAILED, DEADLINE_CARD, SUPPLEMENT_SUBMITTED,
  CASE_WITHDRAWN, CASE_RATED, DEAD_LETTER_REPLAY, ITEM_RATED, COMPLAINT, ITEM_URGED, MATERIALS_SUPPLIED,
  COMMITMENT_VERIFIED, RESULTS_SHIPPING,
  // reads of personal data by staff and channels
  CASE_READ, APPLICANT_CASES_READ, HOTLINE_CASE_READ, HOTLINE_SEARCH, PREFILL_READ, ECERT_READ, PREREQUISITE_CHECK, AUDIT_SEARCH,
  // shared-data reads of a 免申即享 rule (the purpose names the rule: {@code offer-rule:<code>})
  OFFER_FACTS_READ
}
