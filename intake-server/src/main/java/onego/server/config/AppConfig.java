package onego.server.config;

import onego.domain.Catalog;
import onego.domain.WorkingCalendar;
import onego.router.DispatchSettings;
import onego.router.RouterSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The validated configuration of one OneGo node. */
public record AppConfig(
    String profile,
    int httpPort,
    int maxBodyBytes,
    int edgeInstances,
    String pgUrl,
    int pgPoolSize,
    String redisUrl,
    Path dataDir,
    boolean clusterEnabled,
    List<String> clusterMembers,
    int clusterPort,
    WorkingCalendar calendar,
    GroupCommit groupCommit,
    int idempotencyRetentionHours,
    int deliveryAttemptsRetentionDays,
    int departmentCallbacksRetentionDays,
    int retryAfterSeconds,
    RateLimit defaultRateLimit,
    Map<String, RateLimit> roleRateLimits,
    List<ApiKey> apiKeys,
    String jwtHs256Secret,
    String jwtRs256PublicKey,
    String jwtIssuer,
    Catalog catalog,
    Map<String, DispatchSettings> dispatch,
    RouterSettings router,
    onego.server.streams.StreamSettings streams,
    DevSimConfig devsim,
    onego.server.shareddata.SharedDataSettings sharedData) {

  /** The dev profile's simulated departments ({@code devsim:}); never started in prod. */
  public record DevSimConfig(boolean enabled, int port, long workDelayMs, double supplementShare, double rejectShare) {}

  public boolean devProfile() { return "dev".equals(profile); }

  public RateLimit rateLimitFor(String role) {
    return roleRateLimits.getOrDefault(role, defaultRateLimit);
  }
}
