package onego.server.intake;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import onego.domain.DomainError;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

/** How a failed intake transaction is read: retry the database's troubles, refuse the data it cannot keep, call the rest a bug. */
class BatchFailureTest {
  private static PgException pg(String sqlState, String message) {
    return new PgException(message, "ERROR", sqlState, null);
  }

  @Test
  void aLostDatabaseOrARolledBackTransactionIsTransient() {
    assertThat(BatchFailure.isTransient(new ConnectException("refused"))).isTrue();
    assertThat(BatchFailure.isTransient(ClosedConnectionException.INSTANCE)).isTrue();
    assertThat(BatchFailure.isTransient(pg("40001", "could not serialize access"))).isTrue();
    assertThat(BatchFailure.isTransient(pg("40P01", "deadlock detected"))).isTrue();
    assertThat(BatchFailure.isTransient(pg("57P01", "terminating connection due to administrator command"))).isTrue();
    assertThat(BatchFailure.isTransient(pg("25006", "cannot execute INSERT in a read-only transaction")))
        .as("a standby during a failover").isTrue();
    assertThat(BatchFailure.isTransient(pg("0A000", "cached plan must not change result type")))
        .as("a stale plan its transaction's retry did not cure: written again").isTrue();
    assertThat(BatchFailure.isTransient(pg("22021", "invalid byte sequence for encoding \"UTF8\": 0x00"))).isFalse();
    assertThat(BatchFailure.isTransient(new IllegalStateException("a bug"))).isFalse();
  }

  @Test
  void dataTheDatabaseCannotKeepIsA422ForThatSubmission() {
    RuntimeException nul = BatchFailure.of(new RuntimeException("wrapped", pg("22P05", "unsupported Unicode escape sequence")));
    assertThat(nul).isInstanceOf(DomainError.class);
    assertThat(((DomainError) nul).kind()).isEqualTo(DomainError.Kind.INVALID);
    assertThat(nul.getMessage()).contains("22P05");
    RuntimeException check = BatchFailure.of(pg("23514", "new row for relation \"cases\" violates check constraint \"c\""));
    assertThat(((DomainError) check).details()).extracting(d -> d.field()).containsExactly("body");
  }

  @Test
  void anyOtherFailureOfOneSubmissionIsABug() {
    assertThat(BatchFailure.of(pg("42P01", "relation does not exist"))).isInstanceOf(BatchFailure.Bug.class);
    assertThat(BatchFailure.of(pg("23503", "violates foreign key constraint"))).isInstanceOf(BatchFailure.Bug.class);
    assertThat(BatchFailure.of(new NullPointerException())).isInstanceOf(BatchFailure.Bug.class);
    DomainError refusal = DomainError.conflict("as it is");
    assertThat(BatchFailure.of(refusal)).isSameAs(refusal);
  }
}
