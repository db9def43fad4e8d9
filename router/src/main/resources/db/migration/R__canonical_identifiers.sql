-- One person, one file (issue 9): identifiers are stored in their canonical spelling (IdNumbers.normalize,
-- CreditCodes.normalize, Phones.normalize) since this version. Before, a resident ID number could be stored with a
-- lower-case check character x (phones and credit codes were only accepted in their canonical form); this writes
-- those in upper case, so that look-ups by the canonical spelling find them. A repeatable migration (no version
-- number to collide with), idempotent: it touches only rows still spelled otherwise.
UPDATE cases
SET applicant_id = upper(applicant_id),
    applicant = CASE WHEN applicant->>'idNumber' IS NOT NULL
                     THEN jsonb_set(applicant, '{idNumber}', to_jsonb(upper(applicant->>'idNumber')))
                     ELSE applicant END
WHERE applicant_id <> upper(applicant_id);
