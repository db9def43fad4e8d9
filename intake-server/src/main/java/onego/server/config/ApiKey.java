package onego.server.config;

/**
 * A static API key of the configuration: the secret {@code key} and the principal it stands for;
 * {@code region}: a channel key's own region (its hall's district, 6-digit division code), the
 * default {@code region} of the cases it files, or null (the city).
 */
public record ApiKey(String name, String key, String role, String channel, String department, String sub, String region) {}
