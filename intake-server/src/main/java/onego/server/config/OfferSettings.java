package onego.server.config;

import onego.domain.ConfigNode;

/**
 * 免申即享 settings ({@code offers:}): the sweep that runs the catalog's swept rules (offers.yaml) and closes
 * offers past their {@code expiresAt}. One node of the cluster sweeps at a time (the {@code offer-sweeper}
 * lease in PostgreSQL, held for three intervals and renewed each sweep).
 *
 * @param enabled              whether this node takes part in sweeping (event-driven rules run regardless)
 * @param sweepIntervalSeconds seconds between sweeps (default 3600, 1..86400)
 * @param pageSize             subjects asked of the shared-data platform per page (default 200, 1..1000)
 * @param maxSubjectsPerRule   subjects one sweep examines per rule at most (default 10000); the next sweep goes on
 *                             where this one stopped (from the first page once the last was reached)
 */
public record OfferSettings(boolean enabled, int sweepIntervalSeconds, int pageSize, int maxSubjectsPerRule) {
  public static OfferSettings read(ConfigNode n) {
    return new OfferSettings(n.optBool("enabled", true), (int) n.range("sweepIntervalSeconds", 3600, 1, 86_400),
        (int) n.range("pageSize", 200, 1, 1000), (int) n.range("maxSubjectsPerRule", 10_000, 1, 1_000_000));
  }
}
