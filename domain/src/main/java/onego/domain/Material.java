package onego.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A supporting document. {@code waivable}: 容缺 (may follow later); {@code commitmentAllowed}: 告知承诺 may replace it.
 *
 * @param ecertType the e-certificate type that can replace it (电子证照), or null when only a file can
 * @param about     whose certificate it must be, for a material with an {@code ecertType} (empty otherwise), as
 *                  alternatives: {@link #APPLICANT} (the applicant's ID number or credit code), {@link #AGENT} (the
 *                  agent's ID number), a form field holding the ID number or credit code of the person or enterprise
 *                  it is about ({@code motherIdNumber}, {@code creditCode}), or {@link #ANY} (last: nobody the case
 *                  names can be compared, e.g. an employee's health certificate). See {@link #holdersIn}.
 * @param waiverDays       容缺: working days from intake within which a waived material is to be handed in (0 when not waivable)
 * @param verificationDays 告知承诺: working days from intake within which the department checks a commitment (0 when not allowed)
 * @param alternatives     materials that stand in for this one (二者取其一: 结婚证 or 非婚生育说明); one of them supplied, at
 *                         intake or later, settles this one's 容缺 too
 */
public record Material(String code, String name, String ecertType, boolean waivable, boolean commitmentAllowed, List<String> about,
                       int waiverDays, int verificationDays, List<String> alternatives) {
  /** The follow-up periods of a material built in code without them (tests): 10 and 20 working days. */
  public static final int DEFAULT_WAIVER_DAYS = 10;
  public static final int DEFAULT_VERIFICATION_DAYS = 20;
  public static final String APPLICANT = "applicant";
  public static final String AGENT = "agent";
  public static final String ANY = "any";

  /** Copies {@code about} (null counts as none). */
  public Material {
    about = about == null ? List.of() : List.copyOf(about);
    alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
  }

  /** A material without a holder rule (tests; a material with no e-certificate). */
  public Material(String code, String name, String ecertType, boolean waivable, boolean commitmentAllowed) {
    this(code, name, ecertType, waivable, commitmentAllowed, List.of());
  }

  /** A material with the default follow-up periods ({@link #DEFAULT_WAIVER_DAYS}, {@link #DEFAULT_VERIFICATION_DAYS}). */
  public Material(String code, String name, String ecertType, boolean waivable, boolean commitmentAllowed, List<String> about) {
    this(code, name, ecertType, waivable, commitmentAllowed, about, waivable ? DEFAULT_WAIVER_DAYS : 0,
        commitmentAllowed ? DEFAULT_VERIFICATION_DAYS : 0, List.of());
  }

  /**
   * The entries of {@link #about} that a thing whose merged form has {@code formFields} can name:
   * {@code applicant} and {@code agent} always, a field when the form has it, and {@code any} only
   * when none of the others remains. Empty means the thing can never say whose it must be (the
   * catalog loader refuses that).
   */
  public List<String> aboutIn(Set<String> formFields) {
    List<String> out = new ArrayList<>();
    for (String a : about) {
      if (a.equals(APPLICANT) || a.equals(AGENT) || formFields.contains(a)) out.add(a);
    }
    if (out.isEmpty() && about.contains(ANY)) out.add(ANY);
    return out;
  }

  /**
   * Whose ID numbers or credit codes a certificate for this material may be about, in one case:
   * one per entry of {@link #aboutIn} that names someone in it ({@code applicantId}; {@code agentId}
   * when the case has an agent; the form field's value when given). When none names anyone and
   * {@code any} is listed (an agent's ID card filed without an agent), nobody is compared.
   *
   * @param formFields  the field names of the thing's merged form (every item's fields and optional fields)
   * @param applicantId the canonical ID number or credit code of the applicant
   * @param agentId     the canonical ID number of the agent, or null without one
   * @param form        the canonical form: field name → value
   */
  public Holders holdersIn(Set<String> formFields, String applicantId, String agentId, Map<String, Object> form) {
    List<String> entries = aboutIn(formFields);
    List<String> ids = new ArrayList<>();
    for (String a : entries) {
      String id = switch (a) {
        case APPLICANT -> applicantId;
        case AGENT -> agentId;
        case ANY -> null;
        default -> form.get(a) instanceof String s && !s.isBlank() ? s : null;
      };
      if (id != null) ids.add(id);
    }
    boolean anyone = ids.isEmpty() && (entries.contains(ANY) || about.contains(ANY));
    return new Holders(entries, List.copyOf(ids), anyone);
  }

  /**
   * The result of {@link #holdersIn}.
   *
   * @param entries the applicable {@code about} entries (for messages: who it must be about)
   * @param ids     the ID numbers or credit codes the certificate may be about
   * @param anyone  true when nobody is compared ({@code any}, and no other entry names someone)
   */
  public record Holders(List<String> entries, List<String> ids, boolean anyone) {}
}
