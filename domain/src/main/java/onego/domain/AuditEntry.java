package onego.domain;

import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One audit row before it is chained: who ({@code actor}) did what ({@code action}) to whom, when
 * and for what. The trail stores {@code subjectId} only as a keyed hash.
 *
 * @param subjectId the person's resident ID number, the company's credit code or a phone number,
 *                  in clear (hashed before it is stored); null when the row names a case only
 * @param purpose   what the access served: {@code case:<id>}, {@code thing:<code>}, {@code hotline:search}, ...
 * @param detail    what else identifies the row, without personal data (event seqs and types,
 *                  field names, case ids); never null
 */
public record AuditEntry(OffsetDateTime at, Actor actor, AuditAction action, String subjectId, UUID caseId,
                         String purpose, JsonObject detail) {
  public AuditEntry {
    if (detail == null) detail = new JsonObject();
  }
}
