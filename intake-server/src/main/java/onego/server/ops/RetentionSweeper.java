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
 * keys (kept at least 24 h by contract), delivery attempts and department callback ids. Deletes
 * in slices so no sweep holds long locks; every node may sweep, concurrent sweeps just find less.
 */
public final class RetentionSweeper {
  private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);
  static final int SLICE = 10_000;

  /** Rows of {@code table} whose {@code column} is older than {@code keep} go. Names are constants of the code, never input. */
  public record Rule(String table, String column, Duration keep) {
    String delete() {
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
    return pool.preparedQuery(rule.delete()).execute(Tuple.of(Times.now(zone).minus(rule.keep()))).compose(rs -> {
      int n = rs.rowCount();
      if (n == SLICE) return sweep(rule, sofar + n);
      if (sofar + n > 0) log.info("deleted {} rows of {} older than {}", sofar + n, rule.table(), rule.keep());
      return Future.succeededFuture(sofar + n);
    });
  }
}
