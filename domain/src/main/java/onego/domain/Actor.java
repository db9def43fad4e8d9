package onego.domain;

/**
 * Who changed a case or read personal data, as the audit trail records it. Never carries a clear
 * ID number: an applicant appears as {@code applicant:<keyed hash>}.
 *
 * @param id   the caller: {@code key:<API key name>}, {@code jwt:<role>:<scope>:<sub>},
 *             {@code applicant:<hash>}, or {@code system:<component>} for the node's own jobs
 * @param role channel, applicant, department, hotline, admin, or system
 * @param unit the channel (pc, mobile, window, ...), the department code, or the system
 *             component (dispatch, deadline-watcher); null where the role has none
 */
public record Actor(String id, String role, String unit) {
  public static final String SYSTEM = "system";

  /** The node itself: a job such as dispatch or the deadline watcher. */
  public static Actor system(String component) {
    return new Actor(SYSTEM + ":" + component, SYSTEM, component);
  }
}
