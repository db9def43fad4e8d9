package onego.server.ratings;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The aggregates behind GET /stats, each one query over a time window: cases submitted (created) in
 * {@code [from, to)}, the completed ones among them, ratings given in {@code [from, to)}. A null bound
 * is open (the defaults: everything).
 */
public final class StatsQueries {
  /** {@code $1}/{@code $2}: the window's bounds, either null (open). */
  private static final String IN_WINDOW = "($1::timestamptz IS NULL OR %1$s >= $1) AND ($2::timestamptz IS NULL OR %1$s < $2)";
  private static final String COUNTS = "SELECT thing, channel, status, count(*) AS n FROM cases WHERE "
      + IN_WINDOW.formatted("created_at") + " GROUP BY thing, channel, status";
  /** Completion time: created_at to the (last) CaseCompleted event, or to updated_at when the log has none. */
  private static final String COMPLETION = """
      SELECT count(*) AS n, avg(extract(epoch FROM coalesce(e.at, c.updated_at) - c.created_at))::float8 AS avg_seconds
      FROM cases c LEFT JOIN LATERAL (
        SELECT at FROM case_events WHERE case_id = c.case_id AND type = 'CaseCompleted' ORDER BY seq DESC LIMIT 1) e ON true
      WHERE c.status = 'COMPLETED' AND\s""" + IN_WINDOW.formatted("c.created_at");
  /** A rating counts for every department with an item in the case. */
  private static final String RATINGS_BY_DEPARTMENT = "SELECT d AS department, count(*) AS n, avg(score)::float8 AS average"
      + " FROM ratings, unnest(departments) AS d WHERE " + IN_WINDOW.formatted("created_at") + " GROUP BY d ORDER BY d";
  private static final String RATINGS = "SELECT count(*) AS n, avg(score)::float8 AS average FROM ratings WHERE "
      + IN_WINDOW.formatted("created_at");

  /** Cases of one thing, channel and status submitted in the window. */
  public record Count(String thing, String channel, String status, long n) {}
  /** Completed cases submitted in the window and their mean time to completion, null with none. */
  public record Completion(long cases, Double averageSeconds) {}
  /** Ratings given in the window (of one department, or of all when {@code department} is null). */
  public record RatingAverage(String department, long count, Double average) {}
  public record Snapshot(List<Count> counts, Completion completion, RatingAverage overall, List<RatingAverage> byDepartment) {}

  private final Pool pool;

  public StatsQueries(Pool pool) {
    this.pool = pool;
  }

  /** The figures of {@code [from, to)}; either bound may be null (open). Fails with the store's error. */
  public Future<Snapshot> snapshot(OffsetDateTime from, OffsetDateTime to) {
    Tuple window = Tuple.of(from, to);
    Future<RowSet<Row>> counts = pool.preparedQuery(COUNTS).execute(window);
    Future<RowSet<Row>> completion = pool.preparedQuery(COMPLETION).execute(window);
    Future<RowSet<Row>> overall = pool.preparedQuery(RATINGS).execute(window);
    Future<RowSet<Row>> byDept = pool.preparedQuery(RATINGS_BY_DEPARTMENT).execute(window);
    return Future.all(counts, completion, overall, byDept).map(v -> {
      List<Count> c = new ArrayList<>();
      for (Row r : counts.result()) c.add(new Count(r.getString("thing"), r.getString("channel"), r.getString("status"), r.getLong("n")));
      Row done = completion.result().iterator().next();
      Row all = overall.result().iterator().next();
      List<RatingAverage> d = new ArrayList<>();
      for (Row r : byDept.result()) d.add(new RatingAverage(r.getString("department"), r.getLong("n"), r.getDouble("average")));
      return new Snapshot(c, new Completion(done.getLong("n"), done.getDouble("avg_seconds")),
          new RatingAverage(null, all.getLong("n"), all.getDouble("average")), d);
    });
  }
}
