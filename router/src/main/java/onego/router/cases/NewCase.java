package onego.router.cases;

import onego.domain.Actor;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Everything one accepted submission writes, as {@link CaseOpening} decided it: the case row, its
 * items and its first events (numbered 1, 2, ... by {@link CaseLog#create}).
 *
 * @param submitter who submitted it, as the audit trail records it (the channel)
 */
public record NewCase(CaseRow kase, List<ItemRow> items, List<NewEvent> events, Actor submitter) {
  public UUID caseId() { return kase.caseId(); }
  public OffsetDateTime createdAt() { return kase.createdAt(); }
}
