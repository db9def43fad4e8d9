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

  /** Item ratings given in the window, per department (好差评 of 事项 and 对象: each booked to its item's department only). */
  private static final String ITEM_RATINGS = "SELECT department, count(*) AS n, avg(score)::float8 AS average FROM item_ratings WHERE "
      + IN_WINDOW.formatted("created_at") + " GROUP BY department";
  /** Rating coverage: the finished items of the cases submitted in the window, and how many of them are rated. */
  private static final String COVERAGE = """
      SELECT i.department, count(*) AS finished, count(r.item_id) AS rated
      FROM case_items i JOIN cases c ON c.case_id = i.case_id LEFT JOIN item_ratings r ON r.item_id = i.item_id
      WHERE i.status IN ('COMPLETED', 'REJECTED') AND\s""" + IN_WINDOW.formatted("c.created_at") + " GROUP BY i.department";
  /**
   * Complaints opened in the window per department and state; {@code in_time}: answered by their deadline
   * and not reopened since (state past OPEN); {@code decided}: answered, or past their deadline at {@code $3}.
   */
  private static final String COMPLAINTS = """
      SELECT department, status, count(*) AS n, count(*) FILTER (WHERE overdue_at IS NOT NULL) AS overdue,
        count(*) FILTER (WHERE status <> 'OPEN' AND answered_at <= due_at) AS in_time,
        count(*) FILTER (WHERE answered_at IS NOT NULL OR due_at < $3) AS decided
      FROM complaints WHERE\s""" + IN_WINDOW.formatted("created_at") + " GROUP BY department, status";
  /** 催办 in the window per department (one per item urged). */
  private static final String URGES = "SELECT department, count(*) AS n FROM urges WHERE " + IN_WINDOW.formatted("created_at")
      + " GROUP BY department";

  /** Cases of one thing, channel and status submitted in the window. */
  public record Count(String thing, String channel, String status, long n) {}
  /** Completed cases submitted in the window and their mean time to completion, null with none. */
  public record Completion(long cases, Double averageSeconds) {}
  /** Ratings given in the window (of one department, or of all when {@code department} is null). */
  public record RatingAverage(String department, long count, Double average) {}
  /** The finished items of one department (of the cases submitted in the window) and how many are rated. */
  public record Coverage(String department, long finished, long rated) {}
  /**
   * Complaints of one department in one state opened in the window: how many, how many were marked overdue,
   * how many were answered in time (and stayed answered), how many are decided (answered or past their deadline).
   */
  public record ComplaintCount(String department, String state, long n, long overdue, long inTime, long decided) {}
  /** 催办 of one department in the window. */
  public record UrgeCount(String department, long n) {}
  /**
   * The figures: {@code byDepartment} the case ratings booked to every department of the case (kept as
   * before); {@code itemRatings}, {@code coverage}, {@code complaints} and {@code urges} per department.
   */
  public record Snapshot(List<Count> counts, Completion completion, RatingAverage overall, List<RatingAverage> byDepartment,
                         List<RatingAverage> itemRatings, List<Coverage> coverage, List<ComplaintCount> complaints, List<UrgeCount> urges) {}

  private final Pool pool;

  public StatsQueries(Pool pool) {
    this.pool = pool;
  }

  /**
   * The figures of {@code [from, to)}; either bound may be null (open); {@code now} decides which complaints'
   * deadlines have passed. Fails with the store's error.
   */
  public Future<Snapshot> snapshot(OffsetDateTime from, OffsetDateTime to, OffsetDateTime now) {
    Tuple window = Tuple.of(from, to);
    Future<RowSet<Row>> items = pool.preparedQuery(ITEM_RATINGS).execute(window);
    Future<RowSet<Row>> coverage = pool.preparedQuery(COVERAGE).execute(window);
    Future<RowSet<Row>> complaints = pool.preparedQuery(COMPLAINTS).execute(Tuple.of(from, to, now));
    Future<RowSet<Row>> urges = pool.preparedQuery(URGES).execute(window);
    Future<RowSet<Row>> counts = pool.preparedQuery(COUNTS).execute(window);
    Future<RowSet<Row>> completion = pool.preparedQuery(COMPLETION).execute(window);
    Future<RowSet<Row>> overall = pool.preparedQuery(RATINGS).execute(window);
    Future<RowSet<Row>> byDept = pool.preparedQuery(RATINGS_BY_DEPARTMENT).execute(window);
    return Future.all(List.of(counts, completion, overall, byDept, items, coverage, complaints, urges)).map(v -> {
      List<Count> c = new ArrayList<>();
      for (Row r : counts.result()) c.add(new Count(r.getString("thing"), r.getString("channel"), r.getString("status"), r.getLong("n")));
      Row done = completion.result().iterator().next();
      Row all = overall.result().iterator().next();
      List<RatingAverage> d = new ArrayList<>();
      for (Row r : byDept.result()) d.add(new RatingAverage(r.getString("department"), r.getLong("n"), r.getDouble("average")));
      List<RatingAverage> ir = new ArrayList<>();
      for (Row r : items.result()) ir.add(new RatingAverage(r.getString("department"), r.getLong("n"), r.getDouble("average")));
      List<Coverage> cv = new ArrayList<>();
      for (Row r : coverage.result()) cv.add(new Coverage(r.getString("department"), r.getLong("finished"), r.getLong("rated")));
      List<ComplaintCount> cc = new ArrayList<>();
      for (Row r : complaints.result()) {
        cc.add(new ComplaintCount(r.getString("department"), r.getString("status"), r.getLong("n"), r.getLong("overdue"),
            r.getLong("in_time"), r.getLong("decided")));
      }
      List<UrgeCount> u = new ArrayList<>();
      for (Row r : urges.result()) u.add(new UrgeCount(r.getString("department"), r.getLong("n")));
      return new Snapshot(c, new Completion(done.getLong("n"), done.getDouble("avg_seconds")),
          new RatingAverage(null, all.getLong("n"), all.getDouble("average")), d, ir, cv, cc, u);
    });
  }
}
