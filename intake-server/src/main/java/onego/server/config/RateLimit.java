package onego.server.config;

/** A token bucket: {@code perSecond} sustained, {@code burst} at once. */
public record RateLimit(double perSecond, double burst) {}
