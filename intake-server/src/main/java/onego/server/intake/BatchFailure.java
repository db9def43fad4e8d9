package onego.server.intake;

import io.vertx.pgclient.PgException;
import onego.domain.DomainError;
import onego.domain.Pii;
import onego.router.store.DatabaseFault;
import onego.server.web.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed intake transaction means for its submissions, in the terms of {@link DatabaseFault}.
 * Transient (the database lost, restarting or read-only, a connection error, a rolled-back
 * transaction: SQLSTATE classes 08, 40, 53, 57 and 25006; a stale cached plan that its retry did
 * not cure): retry, then 503 for all. Anything else is the fault of some member, and once a
 * submission fails on its own: the database refusing its data (class 22 data exception, such as
 * text it cannot store, or 23514 a check constraint) is a 422 for that submission alone; any other
 * failure is a bug, answered with a logged 500.
 */
final class BatchFailure {
  private static final Logger log = LoggerFactory.getLogger(BatchFailure.class);

  /** A submission that failed on its own for no reason of its data: a bug (500). */
  static final class Bug extends RuntimeException {
    Bug(Throwable cause) {
      super("intake could not write a submission: " + cause, cause);
    }
  }

  private BatchFailure() {}

  static boolean isTransient(Throwable e) {
    return Unavailable.is(e);
  }

  /** The answer to a submission whose transaction failed with {@code e} when written alone. */
  static RuntimeException of(Throwable e) {
    if (e instanceof DomainError d) return d;
    if (DatabaseFault.of(e) == DatabaseFault.REFUSED_DATA) {
      PgException pg = DatabaseFault.pgException(e);
      String state = pg.getSqlState();
      String what = Pii.scrub(pg.getErrorMessage());
      log.warn("the database refused one submission's data (SQLSTATE {}: {}); the rest of its batch was written", state, what);
      return DomainError.invalid("body", "the case store cannot keep this submission's data: " + what + " (SQLSTATE " + state + ")");
    }
    return new Bug(e);
  }
}
