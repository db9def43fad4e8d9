package onego.router.cases;

import onego.domain.ItemStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * Which waiting items of a case move once an item reached a final status (一次联办: 户口登记 waits
 * for 出生医学证明签发; the order is each item's {@code dependsOn} in the catalog, contract
 * the contract's item statuses (openapi.yaml: WAITING, dependency not met, then QUEUED), design step 5
 * "completing an item releases the WAITING items that depended on it").
 *
 * <p>The rule, applied in item order and repeated until a pass changes nothing:
 * <ul>
 *   <li>a {@code WAITING} item all of whose prerequisites (the case's items whose code is in its
 *       {@code dependsOn}) are {@code COMPLETED} is queued; with no such item among the case's
 *       items (the stored {@code dependsOn} holds only chosen items) it is queued too;</li>
 *   <li>otherwise a {@code WAITING} item with a prerequisite {@code REJECTED} or {@code CANCELLED}
 *       can never start and is cancelled, which in turn cancels what waits for it;</li>
 *   <li>items that are not {@code WAITING} are never moved.</li>
 * </ul>
 * A move counts at once for the items after it in the same pass, as the moves themselves do in
 * {@link CaseTransaction#settleDependents}, which applies the answer in its order. Item codes are
 * distinct within a case (the catalog loader checks a thing's items have distinct codes).
 */
final class Dependents {
  private Dependents() {}

  /** One item as the rule sees it. */
  record Item(String code, ItemStatus status, List<String> dependsOn) {}

  /** What happens to a waiting item. */
  enum Move {
    /** Every prerequisite completed: requeue it. */
    QUEUE,
    /** A prerequisite was rejected or cancelled: cancel it. */
    CANCEL
  }

  /** One decision: {@code code} moves by {@code move}. */
  record Step(String code, Move move) {}

  /** The moves for {@code items} (in the case's order), in the order they are to be made. */
  static List<Step> settle(List<Item> items) {
    List<ItemStatus> status = new ArrayList<>(items.stream().map(Item::status).toList());
    List<Step> steps = new ArrayList<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int w = 0; w < items.size(); w++) {
        if (status.get(w) != ItemStatus.WAITING) continue;
        List<ItemStatus> deps = new ArrayList<>();
        for (int d = 0; d < items.size(); d++) {
          if (items.get(w).dependsOn().contains(items.get(d).code())) deps.add(status.get(d));
        }
        if (deps.stream().allMatch(s -> s == ItemStatus.COMPLETED)) {
          status.set(w, ItemStatus.QUEUED);
          steps.add(new Step(items.get(w).code(), Move.QUEUE));
          changed = true;
        } else if (deps.stream().anyMatch(s -> s == ItemStatus.REJECTED || s == ItemStatus.CANCELLED)) {
          status.set(w, ItemStatus.CANCELLED);
          steps.add(new Step(items.get(w).code(), Move.CANCEL));
          changed = true;
        }
      }
    }
    return steps;
  }
}
