package onego.domain;

import java.util.List;

/**
 * What can stand in for a prerequisite item ({@code dependsOn}) the applicant did not choose because
 * it was done elsewhere or before (国办发〔2022〕32号 三(二): all or part of the items): an
 * e-certificate of one of {@code ecertTypes} held by {@code holder}, or a positive {@code sharedData}
 * check. With neither, the item can only be chosen together with its prerequisite.
 *
 * @param item       the prerequisite item code (one of the item's {@code dependsOn})
 * @param ecertTypes e-certificate types accepted as proof (default: what that item, or any item of its
 *                   alternative group, produces)
 * @param holder     whose certificate it must be: {@code applicant} or the form field holding the ID
 *                   number or credit code of the person or enterprise the thing is about (e.g.
 *                   {@code deceasedIdNumber})
 * @param sharedData a shared-data check that proves it, or null
 * @param basis      the legal basis when the catalog adds an alternative in law (e.g. 宣告死亡判决), or null
 */
public record PrerequisiteProof(String item, List<String> ecertTypes, String holder, SharedDataCheck sharedData, String basis) {
  public static final String APPLICANT = "applicant";

  /** The proof is that {@code source} (sources.yaml) knows a non-empty {@code field} for the holder. */
  public record SharedDataCheck(String source, String field) {}

  public boolean possible() { return !ecertTypes.isEmpty() || sharedData != null; }
}
