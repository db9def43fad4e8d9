package onego.server.config;

/** A static API key of the configuration: the secret {@code key} and the principal it stands for. */
public record ApiKey(String name, String key, String role, String channel, String department, String sub) {}
