package onego.dev;

/**
 * One simulated department: its code, {@code push} or {@code pull}, its Standard Webhooks secret
 * ({@code whsec_<base64>}, push only) and its API key (Bearer token for OneGo's department endpoints).
 */
public record SimulatedDepartment(String code, String mode, String secret, String apiKey) {}
