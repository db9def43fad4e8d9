package onego.server.intake;

/** One submission on its way to the intake writer: who, under which key, the body's hash, and the case to write. */
public record IntakeRequest(String caller, String key, String requestHash, NewCase newCase) {}
