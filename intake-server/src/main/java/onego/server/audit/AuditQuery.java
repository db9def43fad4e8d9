package onego.server.audit;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A look-up of {@code GET /admin/audit}; every filter optional, all given ones must hold.
 *
 * @param subjectId the person's or company's identifier in clear (matched by its hash, and by the
 *                  cases whose applicant it is)
 * @param from      rows at or after (inclusive); {@code to} rows before (exclusive)
 * @param beforeDay with {@code beforeSeq}: the page cursor, rows before this position of the chain
 */
public record AuditQuery(String subjectId, UUID caseId, String actorId, String action, OffsetDateTime from, OffsetDateTime to,
                         LocalDate beforeDay, Integer beforeSeq, int limit) {}
