package onego.router.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Actor;
import onego.domain.DomainError;
import onego.router.DispatchSettings;
import onego.router.cases.CaseReads;
import onego.router.cases.ItemFlow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Pull dispatch: a department long-polls for work; each item handed out is leased
 * ({@code router.pullLeaseSeconds}); an ack makes it DISPATCHED; an unacked lease runs out and the
 * item is offered again. After {@code maxAttempts} leases without an ack the item is dead-lettered.
 * While the node drains ({@link #drain}) a long poll does not wait.
 */
public final class PullService {
  private final Vertx vertx;
  private final ClaimStore store;
  private final CaseReads reads;
  private final ItemFlow flow;
  private final int leaseSeconds;
  private final MeterRegistry registry;
  private final PullWaiters waiters;
  private volatile boolean draining;

  /** @param registry gets {@code onego_router_pull_leases_total{department,region}}: items this node leased to pulling departments (region: the lane, see {@link DispatchSettings#laneTag}) */
  public PullService(Vertx vertx, ClaimStore store, CaseReads reads, ItemFlow flow, int leaseSeconds, MeterRegistry registry) {
    this.vertx = vertx;
    this.store = store;
    this.reads = reads;
    this.flow = flow;
    this.leaseSeconds = leaseSeconds;
    this.registry = registry;
    this.waiters = new PullWaiters(vertx);
  }

  /**
   * Registers {@code onego_router_pull_leases_total} at zero for every pulling department, so the dashboard's lease
   * panel reads a series from the node's start instead of "No data" until a department's first lease.
   */
  public void registerCounters(Collection<DispatchSettings> pullLanes) {
    for (DispatchSettings lane : pullLanes) leases(lane);
  }

  private Counter leases(DispatchSettings lane) {
    return Counter.builder("onego.router.pull.leases").tag("department", lane.department()).tag("region", lane.laneTag())
        .description("items leased to a pulling department (each lease, first or repeated)").register(registry);
  }

  /** The largest {@code limit} of one pull, and the most leases of one batch ack: the HTTP contract's caps (openapi.yaml). */
  public static final int MAX_BATCH = 500;

  /**
   * Up to {@code limit} items of the lane {@code dept} (a department's own settings: items of regions
   * without an office of their own; a region entry: that region's items only), waiting up to
   * {@code waitSeconds} for work to arrive when none is ready ({@link PullWaiters}: woken once per burst of
   * arrivals, answering everything ready up to {@code limit}; an arrival announced after the first claim began
   * wakes the poll even when it came before the poll started to wait). One claim statement leases the whole batch
   * ({@link ClaimStore#claim}); the work messages are built from its rows and one read of the cases' follow-ups.
   */
  public Future<JsonArray> lease(DispatchSettings dept, int limit, int waitSeconds) {
    if (waitSeconds <= 0 || draining) return claim(dept, limit);
    // the announcements heard before the claim: one heard after it may be for an item the claim did not see
    return waiters.seen(dept.department()).compose(seen -> claim(dept, limit).compose(items -> {
      if (!items.isEmpty() || draining) return Future.succeededFuture(items);
      return waiters.await(dept.department(), dept.lane(), limit, waitSeconds * 1000L, seen, () -> claim(dept, limit));
    }));
  }

  private Future<JsonArray> claim(DispatchSettings dept, int limit) {
    return store.claim(dept, limit, leaseSeconds * 1000L).compose(claimed -> {
      JsonArray out = new JsonArray();
      List<Future<?>> deadLetters = new ArrayList<>();
      for (WorkItem w : claimed) {
        if (!w.cancel() && w.attempt() > dept.maxAttempts()) {
          deadLetters.add(flow.deliveryFailed(w.caseId(), w.itemId(), w.leaseId(),
              "not acknowledged after " + dept.maxAttempts() + " pull leases"));
          continue;
        }
        out.add(w.payload().put("leaseId", w.leaseId().toString())); // built for this claim alone: no copy
      }
      if (!out.isEmpty()) leases(dept).increment(out.size());
      return Future.join(deadLetters).transform(x -> Future.succeededFuture(out));
    });
  }

  /** A node's shutdown: every waiting long poll answers at once (an empty list), and new ones do not wait. */
  public void drain() {
    draining = true;
    waiters.drain();
  }

  /**
   * Acknowledges a leased item (or withdrawal notice) for {@code actor} (the department's caller, on record);
   * 404 for another department's item, 409 for a stale lease.
   */
  public Future<Void> ack(Actor actor, String department, UUID itemId, UUID leaseId) {
    return reads.item(itemId).compose(item -> {
      if (item == null || !item.department().equals(department)) {
        return Future.failedFuture(DomainError.notFound("no item " + itemId + " for department " + department));
      }
      if (!leaseId.equals(item.leaseId())) {
        return Future.failedFuture(DomainError.conflict("lease " + leaseId + " has expired or was superseded; pull again"));
      }
      Future<Boolean> done = item.cancelPending() ? store.cancelDone(itemId, leaseId, null)
          : flow.dispatched(actor, item.caseId(), itemId, leaseId);
      return done.compose(ok -> ok ? Future.succeededFuture()
          : Future.failedFuture(DomainError.conflict("lease " + leaseId + " is no longer valid; pull again")));
    });
  }

  /** One lease of a batch ack: the item and the lease the department holds for it. */
  public record Lease(UUID itemId, UUID leaseId) {}

  /**
   * What one lease of a batch ack came to: {@code outcome} is {@code acked} (the lease was the item's:
   * DISPATCHED now, or a withdrawal notice acknowledged), {@code already-acked} (the item holds no lease
   * and is past delivery: a repeat), {@code lease-expired} (not the item's lease: ran out, superseded, or the
   * item dead-lettered or withdrawn meanwhile; pull again; the single ack's 409) or {@code not-found} (no
   * such item of this department; the single ack's 404).
   */
  public record AckResult(UUID itemId, UUID leaseId, String outcome) {}

  /**
   * Acknowledges many leases of {@code department} at once (a pull department with high volume): each
   * judged as {@link #ack}, but one bad lease fails none of the others. Two statements and one
   * transaction for the whole batch: the items read at once, then every ack that may count in one
   * {@link ItemFlow#ackedAll} (cases locked in id order, one commit). Answers in the order given; fails
   * as a whole only when the store does.
   */
  public Future<List<AckResult>> ackAll(Actor actor, String department, List<Lease> leases) {
    Set<UUID> ids = new java.util.LinkedHashSet<>();
    for (Lease l : leases) ids.add(l.itemId());
    return reads.itemsById(ids).compose(found -> {
      List<ItemFlow.Delivered> ours = new ArrayList<>();
      List<Integer> at = new ArrayList<>();
      String[] outcomes = new String[leases.size()];
      for (int k = 0; k < leases.size(); k++) {
        Lease l = leases.get(k);
        var item = found.get(l.itemId());
        if (item == null || !item.department().equals(department)) {
          outcomes[k] = "not-found";
          continue;
        }
        ours.add(new ItemFlow.Delivered(item.caseId(), l.itemId(), l.leaseId()));
        at.add(k);
      }
      Future<List<ItemFlow.AckOutcome>> judged = ours.isEmpty() ? Future.succeededFuture(List.of()) : flow.ackedAll(actor, ours);
      return judged.map(list -> {
        for (int j = 0; j < list.size(); j++) {
          outcomes[at.get(j)] = switch (list.get(j)) {
            case ACKED -> "acked";
            case ALREADY_ACKED -> "already-acked";
            case LEASE_EXPIRED -> "lease-expired";
          };
        }
        List<AckResult> out = new ArrayList<>(leases.size());
        for (int k = 0; k < leases.size(); k++) out.add(new AckResult(leases.get(k).itemId(), leases.get(k).leaseId(), outcomes[k]));
        return out;
      });
    });
  }
}
