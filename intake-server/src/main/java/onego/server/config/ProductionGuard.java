package onego.server.config;

import onego.domain.ConfigException;
import onego.domain.ConfigNode;

import java.util.List;

/**
 * What a node outside the {@code dev} profile refuses to start with, each refusal naming the
 * file (or environment variable), the setting and why: a key or secret that appears in the
 * repository (the dev profile's JWT secret and demo keys, the examples of
 * {@code docker/prod-keys.example.yaml}, department and federation peer webhook secrets such as the
 * two-platform demo's in {@code config/federation/}: anyone who can read the repository could mint an admin
 * token or sign a handoff), a {@code CHANGE-ME} placeholder, no {@code sharedData.keySalt} (the cache keys would be
 * a plain SHA-256 of ID numbers, which a dictionary of all 18-digit IDs reverses), and no
 * {@code redis.encryptionKey} (personal data would sit in Redis in the clear). The rules for API
 * key length and {@code dev-} keys are in {@link AuthSettings}, the key format in {@link StoreSettings}.
 */
public final class ProductionGuard {
  static final int MIN_SALT_CHARS = 16;

  private ProductionGuard() {}

  /** Fails with a {@link ConfigException} at the first setting a production node must not run with. */
  public static void check(ConfigNode root) {
    RepositorySecrets repo = RepositorySecrets.load();
    if (repo.bundledFiles() == 0) {
      throw new ConfigException("the OneGo jar", RepositorySecrets.BUNDLE, "was built without the repository's configuration "
          + "files (config/, docker/*.example.yaml), so it cannot tell published keys from real ones; build it from the "
          + "whole repository (mvn package at the root; the Dockerfile copies both folders)");
    }
    ConfigNode auth = root.optObj("auth");
    for (ConfigNode k : auth.list("apiKeys")) notPublished(k.get("key"), repo);
    ConfigNode jwt = auth.optObj("jwt");
    notPublished(jwt.get("hs256Secret"), repo);
    notPublished(jwt.get("rs256PublicKey"), repo);
    ConfigNode departments = root.optObj("departments");
    for (String code : departments.keys()) {
      ConfigNode d = departments.get(code);
      if (!d.isMap()) continue;
      List<ConfigNode> entries = new java.util.ArrayList<>(List.of(d));
      ConfigNode offices = d.get("regions"); // offices per region (就近办) have secrets of their own too
      if (offices.isMap()) for (String region : offices.keys()) if (offices.get(region).isMap()) entries.add(offices.get(region));
      for (ConfigNode e : entries) {
        notPublished(e.get("secret"), repo);
        if (e.get("secrets").raw() instanceof List<?>) {
          for (ConfigNode s : e.list("secrets")) notPublished(s, repo);
        }
      }
    }
    notPublished(root.optObj("logistics").get("secret"), repo);
    ConfigNode peers = root.optObj("federation").optObj("peers");
    for (Object code : peers.map().keySet()) {
      ConfigNode p = peers.get(String.valueOf(code));
      if (!p.isMap()) continue;
      notPublished(p.get("secret"), repo);
      if (p.get("secrets").raw() instanceof List<?>) {
        for (ConfigNode s : p.list("secrets")) notPublished(s, repo);
      }
    }
    ConfigNode salt = required(root.optObj("sharedData").get("keySalt"),
        "the salt of the shared-data cache keys; without it a key is a plain SHA-256 of an ID number, which is easily reversed");
    if (salt.raw().toString().length() < MIN_SALT_CHARS) throw salt.fail("must be at least " + MIN_SALT_CHARS + " characters");
    notPublished(salt, repo);
    ConfigNode redis = root.optObj("redis");
    notPublished(required(redis.get("encryptionKey"),
        "personal data cached in Redis is encrypted with it (AES-256-GCM); make one with: openssl rand -base64 32"), repo);
    for (ConfigNode url : new ConfigNode[] {redis.get("url"), root.optObj("postgres").get("url")}) {
      if (url.raw() instanceof String s && repo.whereFound(RepositorySecrets.urlPassword(s)).isPresent()) {
        throw url.fail("its password is published in the repository (" + repo.whereFound(RepositorySecrets.urlPassword(s)).get()
            + "); use a password of your own");
      }
    }
  }

  private static ConfigNode required(ConfigNode n, String why) {
    if (n.raw() == null || n.raw().toString().isBlank()) throw n.fail("is required outside the dev profile: " + why);
    return n;
  }

  private static void notPublished(ConfigNode n, RepositorySecrets repo) {
    if (!(n.raw() instanceof String value) || value.isBlank()) return;
    var where = repo.whereFound(value);
    if (where.isPresent()) {
      throw n.fail("this value is published in the repository (" + where.get() + "), so anyone can use it; "
          + "set a secret of your own (e.g. openssl rand -base64 32)");
    }
    if (value.toUpperCase().contains("CHANGE-ME")) throw n.fail("is a CHANGE-ME placeholder; set a secret of your own");
  }
}
