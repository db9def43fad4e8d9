package onego.server.caseapi;

import io.vertx.ext.web.RoutingContext;
import onego.domain.DomainError;
import onego.domain.IdNumbers;
import onego.server.web.Caller;

import java.util.Set;

/**
 * The person a service-hall channel serves in person (线上线下融合, 衡阳 工作目标 "线上线下深度融合";
 * 国办 三(四) 同步获取受理信息): header {@code X-Served-Person: <resident ID number>}. Only a
 * {@code window} or {@code community} channel names one; with it the channel reads that person's
 * cases from every channel and hands in supplements and owed materials for the cases whose
 * applicant or agent the person is (or, for an enterprise, its legal representative), each access audited with purpose {@value #PURPOSE}. Any other
 * caller's header is ignored (it grants nothing, and nothing is refused for it).
 */
public final class ServedPerson {
  /** The header. */
  public static final String HEADER = "X-Served-Person";
  /** The audit purpose of every read and write done for a served person. */
  public static final String PURPOSE = "window-assist";
  /** The channels that serve people in person. */
  public static final Set<String> IN_PERSON = Set.of("window", "community");

  private ServedPerson() {}

  /**
   * The canonical ID number of the person {@code caller} serves, or null when the caller is not an
   * in-person channel or sends no (or a blank) header. A header that is not a resident ID number
   * (GB 11643 checksum): 400 BAD_REQUEST, detail {@code {"field": "X-Served-Person", "reason": ...}}.
   */
  public static String of(RoutingContext ctx, Caller caller) {
    if (!caller.is(Caller.Role.CHANNEL) || !IN_PERSON.contains(caller.channel())) return null;
    String raw = ctx.request().getHeader(HEADER);
    if (raw == null || raw.isBlank()) return null;
    String id = IdNumbers.normalize(raw.trim());
    String problem = id == null ? "not a resident ID number" : IdNumbers.problem(id);
    if (problem != null) throw DomainError.badParameter(HEADER, HEADER + " must be a valid resident ID number", problem);
    return id;
  }

  /**
   * What the served person is to the case, for the audit row: {@code applicant}, {@code agent},
   * {@code legal-representative} (of an enterprise applicant) or {@code none} (a case the channel filed itself).
   */
  public static String as(String served, onego.router.cases.CaseReads.CaseFile c) {
    if (served.equals(c.kase().applicantId())) return "applicant";
    if (served.equals(c.kase().agentId())) return "agent";
    return served.equals(legalRepresentative(c)) ? "legal-representative" : "none";
  }

  /** An enterprise applicant's legal representative's ID number (canonical, as intake stored it), or null. */
  static String legalRepresentative(onego.router.cases.CaseReads.CaseFile c) {
    io.vertx.core.json.JsonObject applicant = c.kase().applicant();
    return applicant == null || !"enterprise".equals(applicant.getString("type")) ? null : applicant.getString("legalRepresentativeIdNumber");
  }
}
