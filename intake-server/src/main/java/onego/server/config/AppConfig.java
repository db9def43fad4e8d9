package onego.server.config;

import onego.domain.Catalog;
import onego.domain.ConfigNode;
import onego.domain.WorkingCalendar;
import onego.router.DispatchSettings;
import onego.router.RouterSettings;
import onego.router.federation.FederationSettings;

import java.nio.file.Path;
import java.util.Map;

/**
 * The validated configuration of one OneGo node: one record per section of
 * {@code config/application.yaml}, each read (and checked) by its own {@code read}.
 */
public record AppConfig(
    String profile,
    HttpSettings http,
    StoreSettings stores,
    ClusterSettings cluster,
    WorkingCalendar calendar,
    IntakeSettings intake,
    RetentionSettings retention,
    RateLimits rateLimits,
    AuthSettings auth,
    Catalog catalog,
    Map<String, DispatchSettings> dispatch,
    RouterSettings router,
    StreamSettings streams,
    SharedDataSettings sharedData,
    SupervisionSettings supervision,
    OfferSettings offers,
    LogisticsSettings logistics,
    FederationSettings federation,
    AuditSettings audit) {

  /**
   * Reads every section of {@code root}; the catalog from {@code catalogDir} (relative to {@code configDir}),
   * its regions from {@code regionsFile} when set (relative to {@code configDir}; else the catalog's {@code regions.yaml}).
   * Outside the dev profile {@link ProductionGuard} then refuses published secrets and missing keys.
   */
  public static AppConfig read(ConfigNode root, Path configDir) {
    String profile = root.str("profile");
    if (!profile.equals("dev") && !profile.equals("prod")) throw root.get("profile").fail("must be dev or prod");
    String regionsFile = root.optStr("regionsFile", null);
    Catalog catalog = onego.domain.CatalogLoader.load(configDir.resolve(root.optStr("catalogDir", "catalog")),
        regionsFile == null ? null : configDir.resolve(regionsFile));
    AppConfig config = new AppConfig(
        profile,
        HttpSettings.read(root.optObj("http")),
        StoreSettings.read(root.optObj("postgres"), root.optObj("redis")),
        ClusterSettings.read(root.optObj("cluster")),
        WorkingCalendar.read(root.optObj("calendar")),
        IntakeSettings.read(root.optObj("intake")),
        RetentionSettings.read(root.optObj("retention")),
        RateLimits.read(root.optObj("rateLimit"), AuthSettings.ROLES),
        AuthSettings.read(root.optObj("auth"), profile, catalog),
        catalog,
        DispatchSettings.read(root.optObj("departments"), catalog),
        RouterSettings.read(root.optObj("router")),
        StreamSettings.read(root.optObj("streams")),
        SharedDataSettings.read(root.optObj("sharedData")),
        SupervisionSettings.read(root.optObj("supervision"), catalog),
        OfferSettings.read(root.optObj("offers")),
        LogisticsSettings.read(root.optObj("logistics")),
        FederationSettings.read(root.optObj("federation"), catalog.regions().province()),
        AuditSettings.read(root.optObj("audit")));
    if (!config.devProfile()) ProductionGuard.check(root);
    return config;
  }

  public boolean devProfile() { return "dev".equals(profile); }

  /** The same configuration with another {@code federation:} section (the dev runner's two-platform demo). */
  public AppConfig withFederation(FederationSettings f) {
    return new AppConfig(profile, http, stores, cluster, calendar, intake, retention, rateLimits, auth, catalog, dispatch, router, streams, sharedData, supervision, offers, logistics, f, audit);
  }

  /** The same configuration with other stores (the dev runner's embedded PostgreSQL and Redis). */
  public AppConfig withStores(StoreSettings s) {
    return new AppConfig(profile, http, s, cluster, calendar, intake, retention, rateLimits, auth, catalog, dispatch, router, streams, sharedData, supervision, offers, logistics, federation, audit);
  }

  /** The same configuration dispatching as {@code d} (the dev runner points departments at its simulators). */
  public AppConfig withDispatch(Map<String, DispatchSettings> d) {
    return new AppConfig(profile, http, stores, cluster, calendar, intake, retention, rateLimits, auth, catalog, d, router, streams, sharedData, supervision, offers, logistics, federation, audit);
  }

  /** The same configuration with another shared-data platform (the dev runner's simulated one). */
  public AppConfig withSharedData(SharedDataSettings s) {
    return new AppConfig(profile, http, stores, cluster, calendar, intake, retention, rateLimits, auth, catalog, dispatch, router, streams, s, supervision, offers, logistics, federation, audit);
  }

  /** The same configuration with another logistics service (the dev runner's simulated one). */
  public AppConfig withLogistics(LogisticsSettings l) {
    return new AppConfig(profile, http, stores, cluster, calendar, intake, retention, rateLimits, auth, catalog, dispatch, router, streams, sharedData, supervision, offers, l, federation, audit);
  }
}
