package onego.dev;

/**
 * Settings from the {@code devsim:} config section (dev runner only). Shares are probabilities
 * from 0 to 1, drawn from one random sequence per simulator ({@code seed}: the same seed and the
 * same work give the same draws; a share of 0 or 1 makes its loop certain either way). Times in
 * milliseconds.
 *
 * @param port                 the port the push inboxes listen on (0 = any free port)
 * @param workDelayMs          how long a department "works" on an item (accept, work, decide: a third each)
 * @param supplementShare      share of items returned for 补正 (once per item), with a complete {@code missing} list
 * @param rejectShare          share of items rejected; the rest complete
 * @param suspendShare         share of the items listing {@code specialProcedures} whose clock is stopped once for one of them
 * @param procedureMs          how long a simulated special procedure lasts before the department resumes the item
 * @param falseCommitmentShare share of 告知承诺 commitments the after-check finds false (the completed item is then REVOKED)
 * @param verifyDelayMs        how long after completing an item its department verifies the item's commitments
 * @param supervisionPollMs    how often each simulated department that has had work answers its OPEN complaints and explains its OPEN cards; 0 = never
 * @param handInDelayMs        how long after a department took an item the simulated applicant hands in its owed (容缺) materials
 * @param windowKey            the channel key of the service-hall window the simulated applicant hands materials in at
 * @param seed                 the seed of the draws, or null for a fresh one each start
 */
public record SimulatorSettings(int port, long workDelayMs, double supplementShare, double rejectShare, double suspendShare,
                                long procedureMs, double falseCommitmentShare, long verifyDelayMs, long supervisionPollMs,
                                long handInDelayMs, String windowKey, Long seed) {
  /** The department work only (no suspensions, no supervision loops): what the simulator's own tests start with. */
  public SimulatorSettings(int port, long workDelayMs, double supplementShare, double rejectShare) {
    this(port, workDelayMs, supplementShare, rejectShare, 0, workDelayMs, 0, workDelayMs, 0, workDelayMs, "dev-window", 1L);
  }
}
