package onego.router.cases;

import onego.domain.Actor;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Everything one accepted submission writes, as {@link CaseOpening} decided it: the case row, its
 * items and its first events (numbered 1, 2, ... by {@link CaseLog#create}).
 *
 * @param submitter   who submitted it, as the audit trail records it (the channel)
 * @param obligations its 容缺 and 告知承诺 follow-ups ({@code obligations}), written in the same transaction
 */
public record NewCase(CaseRow kase, List<ItemRow> items, List<NewEvent> events, Actor submitter, List<ObligationRow> obligations) {
  /** A case without follow-ups. */
  public NewCase(CaseRow kase, List<ItemRow> items, List<NewEvent> events, Actor submitter) {
    this(kase, items, events, submitter, List.of());
  }

  public UUID caseId() { return kase.caseId(); }
  public OffsetDateTime createdAt() { return kase.createdAt(); }
}
