package onego.server.ratings;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.ArrayList;
import java.util.List;

/** The aggregates behind GET /stats, each one query over the whole table. */
public final class StatsQueries {
  private static final String COUNTS = "SELECT thing, channel, status, count(*) AS n FROM cases GROUP BY thing, channel, status";
  /** Completion time: created_at to the (last) CaseCompleted event, or to updated_at when the log has none. */
  private static final String COMPLETION = """
      SELECT count(*) AS n, avg(extract(epoch FROM coalesce(e.at, c.updated_at) - c.created_at))::float8 AS avg_seconds
      FROM cases c LEFT JOIN LATERAL (
        SELECT at FROM case_events WHERE case_id = c.case_id AND type = 'CaseCompleted' ORDER BY seq DESC LIMIT 1) e ON true
      WHERE c.status = 'COMPLETED'""";
  /** A rating counts for every department with an item in the case. */
  private static final String RATINGS_BY_DEPARTMENT = """
      SELECT d AS department, count(*) AS n, avg(score)::float8 AS average
      FROM ratings, unnest(departments) AS d GROUP BY d ORDER BY d""";
  private static final String RATINGS = "SELECT count(*) AS n, avg(score)::float8 AS average FROM ratings";

  public record Count(String thing, String channel, String status, long n) {}
  public record Completion(long cases, Double averageSeconds) {}
  public record RatingAverage(String department, long count, Double average) {}
  public record Snapshot(List<Count> counts, Completion completion, RatingAverage overall, List<RatingAverage> byDepartment) {}

  private final Pool pool;

  public StatsQueries(Pool pool) {
    this.pool = pool;
  }

  public Future<Snapshot> snapshot() {
    Future<RowSet<Row>> counts = pool.query(COUNTS).execute();
    Future<RowSet<Row>> completion = pool.query(COMPLETION).execute();
    Future<RowSet<Row>> overall = pool.query(RATINGS).execute();
    Future<RowSet<Row>> byDept = pool.query(RATINGS_BY_DEPARTMENT).execute();
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
