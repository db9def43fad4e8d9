package onego.server.ops;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import onego.domain.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * Deletes rows past their retention from the tables that would otherwise only grow: idempotency
 * keys (kept at least 24 h by contract), delivery attempts, department callback ids, and the
 * audit trail. Deletes in slices so no sweep holds long locks; every node may sweep, concurrent
 * sweeps just find less. The audit trail is append-only in the database (a trigger refuses
 * DELETE), so its rule calls the one function allowed to delete there, {@code audit_purge},
 * which takes whole days (a day's hash chain goes as a whole, so the days kept still verify).
 */
public final class RetentionSweeper {
  private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);
  static final int SLICE = 10_000;

  /**
   * Rows of {@code table} whose {@code column} is older than {@code keep} go. Names are constants
   * of the code, never input. With a {@code purgeFunction}, the rule calls it with the first day
   * to keep (in the sweeper's zone) until it answers 0; it deletes one whole older day per call.
   */
  public record Rule(String table, String column, Duration keep, String purgeFunction) {
    public Rule(String table, String column, Duration keep) {
      this(table, column, keep, null);
    }

    /** Whole days of {@code table} older than {@code keep}, deleted by {@code function(first day kept)}. */
    public static Rule wholeDays(String table, String function, Duration keep) {
      return new Rule(table, "day", keep, function);
    }

    String delete() {
      if (purgeFunction != null) return "SELECT " + purgeFunction + "($1::date)";
      return "DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM " + table + " WHERE " + column + " < $1 LIMIT " + SLICE + ")";
    }
  }

  private final Pool pool;
  private final ZoneId zone;
  private final List<Rule> rules;

  public RetentionSweeper(Pool pool, ZoneId zone, List<Rule> rules) {
    this.pool = pool;
    this.zone = zone;
    this.rules = List.copyOf(rules);
  }

  /** One sweep of every rule; answers how many rows went in all. */
  public Future<Integer> sweep() {
    Future<Integer> total = Future.succeededFuture(0);
    for (Rule r : rules) total = total.compose(sum -> sweep(r, 0).map(n -> sum + n));
    return total;
  }

  private Future<Integer> sweep(Rule rule, int sofar) {
    var cutoff = Times.now(zone).minus(rule.keep());
    Tuple args = rule.purgeFunction() != null ? Tuple.of(cutoff.toLocalDate()) : Tuple.of(cutoff);
    return pool.preparedQuery(rule.delete()).execute(args).compose(rs -> {
      int n = rule.purgeFunction() != null ? (int) Math.min(Integer.MAX_VALUE, rs.iterator().next().getLong(0)) : rs.rowCount();
      boolean more = rule.purgeFunction() != null ? n > 0 : n == SLICE;
      if (more) return sweep(rule, sofar + n);
      if (sofar + n > 0) log.info("deleted {} rows of {} older than {}", sofar + n, rule.table(), rule.keep());
      return Future.succeededFuture(sofar + n);
    });
  }
}
