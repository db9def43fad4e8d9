package onego.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static onego.domain.ItemStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the item state machine of the contract ({@link ItemStatus#next}): exactly the transitions
 * listed below are allowed and every other one is refused by {@link ItemStatus#canMoveTo}, which
 * {@code ItemState.move} enforces for every change in the router. The final states are exactly
 * COMPLETED, REJECTED, CANCELLED and REVOKED; the one way out of a final state is COMPLETED → REVOKED
 * (告知承诺: the after-check found a commitment false).
 */
class ItemStatusTest {

  /** The contract's table, written out here independently of the enum. */
  private static final Map<ItemStatus, Set<ItemStatus>> ALLOWED = new EnumMap<>(Map.ofEntries(
      Map.entry(WAITING, EnumSet.of(QUEUED, CANCELLED)),
      Map.entry(QUEUED, EnumSet.of(DISPATCHED, DELIVERY_FAILED, CANCELLED)),
      Map.entry(DISPATCHED, EnumSet.of(ACCEPTED, IN_PROGRESS, COMPLETED, REJECTED, RETURNED, CANCELLED)),
      Map.entry(ACCEPTED, EnumSet.of(IN_PROGRESS, SUSPENDED, COMPLETED, REJECTED, RETURNED, CANCELLED)),
      Map.entry(IN_PROGRESS, EnumSet.of(SUSPENDED, COMPLETED, REJECTED, RETURNED, CANCELLED)),
      // a special procedure ends back in IN_PROGRESS (contract "Item status")
      Map.entry(SUSPENDED, EnumSet.of(IN_PROGRESS, CANCELLED)),
      Map.entry(RETURNED, EnumSet.of(QUEUED, CANCELLED)),
      Map.entry(DELIVERY_FAILED, EnumSet.of(QUEUED, CANCELLED)),
      // a false commitment found after completion (告知承诺 after-check) revokes the approval
      Map.entry(COMPLETED, EnumSet.of(REVOKED)),
      Map.entry(REVOKED, EnumSet.noneOf(ItemStatus.class)),
      Map.entry(REJECTED, EnumSet.noneOf(ItemStatus.class)),
      Map.entry(CANCELLED, EnumSet.noneOf(ItemStatus.class))));

  @Test
  void theTableCoversEveryStatus() {
    assertThat(ALLOWED.keySet()).containsExactlyInAnyOrder(ItemStatus.values());
  }

  @ParameterizedTest
  @EnumSource(ItemStatus.class)
  void allowsExactlyTheListedTransitions(ItemStatus from) {
    for (ItemStatus to : ItemStatus.values()) {
      assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(ALLOWED.get(from).contains(to));
    }
  }

  @Test
  void completedMovesOnlyToRevoked() {
    for (ItemStatus to : ItemStatus.values()) assertThat(COMPLETED.canMoveTo(to)).as("COMPLETED -> %s", to).isEqualTo(to == REVOKED);
  }

  @Test
  void aSuspensionStartsOnlyOnceTheDepartmentHasAcceptedAndEndsInProgress() {
    assertThat(EnumSet.allOf(ItemStatus.class).stream().filter(s -> s.canMoveTo(SUSPENDED))).containsExactlyInAnyOrder(ACCEPTED, IN_PROGRESS);
    assertThat(SUSPENDED.canMoveTo(COMPLETED)).isFalse();
    assertThat(SUSPENDED.canMoveTo(IN_PROGRESS)).isTrue();
  }

  @Test
  void waitingCannotSkipTheQueue() {
    assertThat(WAITING.canMoveTo(DISPATCHED)).isFalse();
  }

  @Test
  void queuedCannotCompleteWithoutBeingDispatched() {
    assertThat(QUEUED.canMoveTo(COMPLETED)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(value = ItemStatus.class, mode = EnumSource.Mode.EXCLUDE, names = {"COMPLETED", "REJECTED", "CANCELLED", "REVOKED"})
  void everyUnfinishedItemCanBeCancelled(ItemStatus from) {
    // withdrawing a case moves every non-final item to CANCELLED (ItemFlow.withdraw)
    assertThat(from.canMoveTo(CANCELLED)).isTrue();
  }

  @Test
  void finalStatesAreExactlyCompletedRejectedCancelledRevoked() {
    EnumSet<ItemStatus> finals = EnumSet.noneOf(ItemStatus.class);
    for (ItemStatus s : ItemStatus.values()) if (s.isFinal()) finals.add(s);
    assertThat(finals).containsExactlyInAnyOrder(COMPLETED, REJECTED, CANCELLED, REVOKED);
  }
}
