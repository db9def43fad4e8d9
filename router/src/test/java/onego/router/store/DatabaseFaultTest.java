package onego.router.store;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

/** How failures of PostgreSQL are read: retry later, prepare again, the caller's data, or a bug. */
class DatabaseFaultTest {
  private static PgException pg(String sqlState, String message) {
    return new PgException(message, "ERROR", sqlState, null);
  }

  @Test
  void aDatabaseThatIsDownGoingAwayOrReadOnlyIsUnavailable() {
    assertThat(DatabaseFault.of(pg("25006", "cannot execute INSERT in a read-only transaction"))).isEqualTo(DatabaseFault.UNAVAILABLE);
    assertThat(DatabaseFault.of(pg("57P01", "terminating connection due to administrator command"))).isEqualTo(DatabaseFault.UNAVAILABLE);
    assertThat(DatabaseFault.of(pg("57P03", "the database system is starting up"))).isEqualTo(DatabaseFault.UNAVAILABLE);
    assertThat(DatabaseFault.of(pg("08006", "connection failure"))).isEqualTo(DatabaseFault.UNAVAILABLE);
    assertThat(DatabaseFault.of(pg("53300", "sorry, too many clients already"))).isEqualTo(DatabaseFault.UNAVAILABLE);
    assertThat(DatabaseFault.of(pg("40P01", "deadlock detected"))).isEqualTo(DatabaseFault.UNAVAILABLE);
    assertThat(DatabaseFault.of(new RuntimeException("wrapped", pg("40001", "could not serialize access")))).isEqualTo(DatabaseFault.UNAVAILABLE);
  }

  @Test
  void aConnectionClosedUnderItsCommandsIsUnavailable() {
    assertThat(DatabaseFault.of(ClosedConnectionException.INSTANCE)).isEqualTo(DatabaseFault.UNAVAILABLE);
    assertThat(DatabaseFault.of(new ConnectException("Connection refused"))).isEqualTo(DatabaseFault.UNAVAILABLE);
    assertThat(DatabaseFault.of(new java.net.SocketException("Connection reset"))).as("a transaction whose connection was reset")
        .isEqualTo(DatabaseFault.UNAVAILABLE);
    // what the client gives commands that were queued, not yet sent, when the connection closed
    assertThat(DatabaseFault.of(new VertxException("Pending requests failed to be sent due to connection has been closed.",
        new java.io.IOException("Connection reset by peer")))).isEqualTo(DatabaseFault.UNAVAILABLE);
    assertThat(DatabaseFault.of(VertxException.noStackTrace("Connection is not active now, current status: CLOSED")))
        .isEqualTo(DatabaseFault.UNAVAILABLE);
  }

  @Test
  void aPoolWhoseWaitQueueIsFullIsUnavailable() {
    assertThat(DatabaseFault.of(new io.vertx.core.http.ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 10000")))
        .isEqualTo(DatabaseFault.UNAVAILABLE);
  }

  @Test
  void aChangedResultTypeIsAStalePlanAndOtherUnsupportedFeaturesAreBugs() {
    assertThat(DatabaseFault.of(pg("0A000", "cached plan must not change result type"))).isEqualTo(DatabaseFault.STALE_PLAN);
    assertThat(DatabaseFault.STALE_PLAN.retryLater()).as("left after its retry, it is a 503").isTrue();
    assertThat(DatabaseFault.of(pg("0A000", "FOR UPDATE is not allowed with aggregate functions"))).isEqualTo(DatabaseFault.BUG);
  }

  @Test
  void refusedDataAndBugsAreNotToBeRetried() {
    assertThat(DatabaseFault.of(pg("22P05", "unsupported Unicode escape sequence"))).isEqualTo(DatabaseFault.REFUSED_DATA);
    assertThat(DatabaseFault.of(pg("23514", "violates check constraint"))).isEqualTo(DatabaseFault.REFUSED_DATA);
    assertThat(DatabaseFault.of(pg("42P01", "relation does not exist"))).isEqualTo(DatabaseFault.BUG);
    assertThat(DatabaseFault.of(pg("23505", "duplicate key value"))).isEqualTo(DatabaseFault.BUG);
    assertThat(DatabaseFault.of(new IllegalStateException("a bug"))).isEqualTo(DatabaseFault.BUG);
    assertThat(DatabaseFault.of(VertxException.noStackTrace("some other failure"))).isEqualTo(DatabaseFault.BUG);
    assertThat(DatabaseFault.REFUSED_DATA.retryLater()).isFalse();
    assertThat(DatabaseFault.BUG.retryLater()).isFalse();
  }
}
