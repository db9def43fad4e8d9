package onego.domain;

/**
 * One special procedure an item may stop its clock for (catalog {@code specialProcedures}).
 *
 * @param procedure the procedure
 * @param maxDays   the longest it may last, in working days (at least 1): a suspension whose {@code until}
 *                  lies further than this many working days after the day it starts is refused
 * @param basis     the law or practice the procedure and its length rest on (never blank)
 */
public record ProcedureLimit(SpecialProcedure procedure, int maxDays, String basis) {}
