package onego.server.ops;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Every periodic job of a node, in one list, run on this verticle's event loop (so each job must
 * be non-blocking, and one job's run never overlaps another's on this node). The list is made
 * by the composition root ({@code OneGoNode}).
 */
public final class PeriodicJobs extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PeriodicJobs.class);

  /** A job: first run after {@code firstDelayMs} (0 = at once), then every {@code periodMs}. */
  public record Job(String name, long firstDelayMs, long periodMs, Runnable run) {}

  private final List<Job> jobs;

  public PeriodicJobs(List<Job> jobs) {
    this.jobs = List.copyOf(jobs);
  }

  public List<Job> jobs() { return jobs; }

  @Override
  public Future<?> start() {
    for (Job j : jobs) {
      if (j.firstDelayMs() == 0) run(j);
      else vertx.setTimer(j.firstDelayMs(), t -> run(j));
      vertx.setPeriodic(j.periodMs(), t -> run(j));
    }
    return Future.succeededFuture();
  }

  private static void run(Job j) {
    try {
      j.run().run();
    } catch (RuntimeException e) {
      log.error("periodic job {} failed: {}", j.name(), e.toString(), e);
    }
  }
}
