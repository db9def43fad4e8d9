package onego.server.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The committed audit rows not yet sealed into a chain ({@code audit_pending}, migration V17), as
 * the verifier reports them and the sealer's gauges sample them: how many, the oldest one's
 * {@code at}, and how many are older than the merge delay promise ({@code audit.mergeDelayMs}).
 */
public final class AuditBacklog {
  private static final String READ = """
      SELECT count(*), min(at), count(*) FILTER (WHERE at < $1) FROM audit_pending WHERE $2::date IS NULL OR day = $2""";

  private final Pool pool;
  private final Duration promise;

  public AuditBacklog(Pool pool, Duration promise) {
    this.pool = pool;
    this.promise = promise;
  }

  /**
   * What was unsealed at a moment: {@code rows} pending, {@code oldestAt} the oldest one's time (null when none),
   * {@code overdue} how many were older than {@code promise} at {@code asOf}.
   */
  public record Unsealed(long rows, OffsetDateTime oldestAt, long overdue, OffsetDateTime asOf, Duration promise) {
    /** Seconds since the oldest unsealed row's {@code at} (0 when none). */
    public double oldestAgeSeconds() {
      return oldestAt == null ? 0 : Math.max(0, Duration.between(oldestAt, asOf).toNanos() / 1e9);
    }
  }

  /** The promise: every committed row is sealed within this of its {@code at}. */
  public Duration promise() { return promise; }

  /** The unsealed rows now: all of them, or those of {@code day} when not null. */
  public Future<Unsealed> read(LocalDate day) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return pool.preparedQuery(READ).execute(Tuple.of(now.minus(promise), day)).map(rs -> {
      Row r = rs.iterator().next();
      return new Unsealed(r.getLong(0), r.getOffsetDateTime(1), r.getLong(2), now, promise);
    });
  }
}
