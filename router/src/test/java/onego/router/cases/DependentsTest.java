package onego.router.cases;

import onego.domain.ItemStatus;
import onego.router.cases.Dependents.Item;
import onego.router.cases.Dependents.Move;
import onego.router.cases.Dependents.Step;
import org.junit.jupiter.api.Test;

import java.util.List;

import static onego.domain.ItemStatus.ACCEPTED;
import static onego.domain.ItemStatus.CANCELLED;
import static onego.domain.ItemStatus.COMPLETED;
import static onego.domain.ItemStatus.DELIVERY_FAILED;
import static onego.domain.ItemStatus.DISPATCHED;
import static onego.domain.ItemStatus.IN_PROGRESS;
import static onego.domain.ItemStatus.QUEUED;
import static onego.domain.ItemStatus.REJECTED;
import static onego.domain.ItemStatus.RETURNED;
import static onego.domain.ItemStatus.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the release of dependent items (一次联办: 户口登记 waits for 出生医学证明签发, the catalog's
 * {@code dependsOn}; the contract's item statuses (openapi.yaml: "WAITING (dependency not met) → QUEUED");
 * design step 5 "completing an item releases the WAITING items that depended on it"), as
 * {@link Dependents#settle} decides it for {@link CaseTransaction#settleDependents()}: a waiting item
 * is queued once all its prerequisites are COMPLETED, cancelled (transitively) once one is REJECTED
 * or CANCELLED, and left alone otherwise. Item codes are those of {@code config/catalog/things/newborn.yaml}.
 */
class DependentsTest {
  private static final String BIRTH = "birth-medical-certificate";
  private static final String HUKOU = "household-registration";
  private static final String INSURANCE = "resident-medical-insurance-registration";
  private static final String CARD = "social-security-card";
  private static final String VACCINATION = "vaccination-certificate";

  private static Item item(String code, ItemStatus status, String... dependsOn) {
    return new Item(code, status, List.of(dependsOn));
  }

  private static Step queue(String code) { return new Step(code, Move.QUEUE); }

  private static Step cancel(String code) { return new Step(code, Move.CANCEL); }

  @Test
  void completedPrerequisiteReleasesTheWaitingItem() {
    assertThat(Dependents.settle(List.of(item(BIRTH, COMPLETED), item(HUKOU, WAITING, BIRTH))))
        .containsExactly(queue(HUKOU));
  }

  @Test
  void prerequisiteNotYetFinalKeepsTheItemWaiting() {
    for (ItemStatus s : List.of(QUEUED, DISPATCHED, ACCEPTED, IN_PROGRESS, RETURNED, DELIVERY_FAILED)) {
      assertThat(Dependents.settle(List.of(item(BIRTH, s), item(HUKOU, WAITING, BIRTH)))).as("prerequisite %s", s).isEmpty();
    }
  }

  @Test
  void itemWaitingOnAWaitingPrerequisiteKeepsWaiting() {
    List<Item> items = List.of(item(VACCINATION, IN_PROGRESS), item(BIRTH, WAITING, VACCINATION), item(HUKOU, WAITING, BIRTH));
    assertThat(Dependents.settle(items)).isEmpty();
  }

  @Test
  void itemWithSomePrerequisitesCompletedKeepsWaiting() {
    List<Item> items = List.of(item(BIRTH, COMPLETED), item(VACCINATION, IN_PROGRESS), item(HUKOU, WAITING, BIRTH, VACCINATION));
    assertThat(Dependents.settle(items)).isEmpty();
  }

  @Test
  void itemIsReleasedWhenAllOfSeveralPrerequisitesCompleted() {
    List<Item> items = List.of(item(BIRTH, COMPLETED), item(VACCINATION, COMPLETED), item(HUKOU, WAITING, BIRTH, VACCINATION));
    assertThat(Dependents.settle(items)).containsExactly(queue(HUKOU));
  }

  @Test
  void rejectedPrerequisiteCancelsTheWaitingItem() {
    assertThat(Dependents.settle(List.of(item(BIRTH, REJECTED), item(HUKOU, WAITING, BIRTH))))
        .containsExactly(cancel(HUKOU));
  }

  @Test
  void cancelledPrerequisiteCancelsTheWaitingItem() {
    assertThat(Dependents.settle(List.of(item(BIRTH, CANCELLED), item(HUKOU, WAITING, BIRTH))))
        .containsExactly(cancel(HUKOU));
  }

  @Test
  void oneRejectedPrerequisiteCancelsEvenWhenAnotherIsStillRunning() {
    List<Item> items = List.of(item(BIRTH, REJECTED), item(VACCINATION, IN_PROGRESS), item(HUKOU, WAITING, BIRTH, VACCINATION));
    assertThat(Dependents.settle(items)).containsExactly(cancel(HUKOU));
  }

  @Test
  void rejectionCascadesThroughAChain() {
    List<Item> items = List.of(item(BIRTH, REJECTED), item(HUKOU, WAITING, BIRTH), item(INSURANCE, WAITING, HUKOU));
    assertThat(Dependents.settle(items)).containsExactly(cancel(HUKOU), cancel(INSURANCE));
  }

  @Test
  void cascadeReachesAnItemListedBeforeItsPrerequisiteInALaterPass() {
    // the insurance item comes first, so the pass that cancels 户口登记 has already looked at it
    List<Item> items = List.of(item(INSURANCE, WAITING, HUKOU), item(BIRTH, REJECTED), item(HUKOU, WAITING, BIRTH));
    assertThat(Dependents.settle(items)).containsExactly(cancel(HUKOU), cancel(INSURANCE));
  }

  @Test
  void chainIsReleasedOneStepAtATime() {
    List<Item> items = List.of(item(BIRTH, COMPLETED), item(HUKOU, WAITING, BIRTH), item(INSURANCE, WAITING, HUKOU),
        item(CARD, WAITING, HUKOU));
    assertThat(Dependents.settle(items)).containsExactly(queue(HUKOU));
  }

  @Test
  void nextStepOfTheChainIsReleasedWhenItsPrerequisiteCompletes() {
    List<Item> items = List.of(item(BIRTH, COMPLETED), item(HUKOU, COMPLETED), item(INSURANCE, WAITING, HUKOU),
        item(CARD, WAITING, HUKOU));
    assertThat(Dependents.settle(items)).containsExactly(queue(INSURANCE), queue(CARD));
  }

  @Test
  void itemsThatAreNotWaitingAreNeverMoved() {
    for (ItemStatus s : ItemStatus.values()) {
      if (s == WAITING) continue;
      assertThat(Dependents.settle(List.of(item(BIRTH, COMPLETED), item(HUKOU, s, BIRTH)))).as("dependent %s", s).isEmpty();
      assertThat(Dependents.settle(List.of(item(BIRTH, REJECTED), item(HUKOU, s, BIRTH)))).as("dependent %s", s).isEmpty();
    }
  }

  @Test
  void prerequisiteOutsideTheCaseCountsAsMet() {
    // allMatch over no prerequisites is true: a dependsOn naming no item of the case releases the item
    assertThat(Dependents.settle(List.of(item(VACCINATION, IN_PROGRESS), item(HUKOU, WAITING, BIRTH))))
        .containsExactly(queue(HUKOU));
  }

  @Test
  void prerequisiteOutsideTheCaseIsIgnoredBesideOnesInIt() {
    List<Item> items = List.of(item(BIRTH, IN_PROGRESS), item(HUKOU, WAITING, BIRTH, "not-in-this-case"));
    assertThat(Dependents.settle(items)).isEmpty();
  }

  @Test
  void waitingItemWithoutPrerequisitesIsReleased() {
    assertThat(Dependents.settle(List.of(item(HUKOU, WAITING)))).containsExactly(queue(HUKOU));
  }

  @Test
  void nothingWaitingMeansNothingMoves() {
    assertThat(Dependents.settle(List.of(item(BIRTH, COMPLETED), item(VACCINATION, REJECTED)))).isEmpty();
    assertThat(Dependents.settle(List.of())).isEmpty();
  }

  @Test
  void releasesAndCancellationsOfOneSettlementComeInItemOrder() {
    List<Item> items = List.of(item(BIRTH, COMPLETED), item(VACCINATION, REJECTED),
        item(INSURANCE, WAITING, VACCINATION), item(HUKOU, WAITING, BIRTH), item(CARD, WAITING, INSURANCE));
    assertThat(Dependents.settle(items)).containsExactly(cancel(INSURANCE), queue(HUKOU), cancel(CARD));
  }
}
