package onego.server.pages;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.config.ApiKey;
import onego.server.config.AppConfig;

/**
 * How the pages sign in, as {@code GET /pages/signin.json} tells them. In the dev profile: the dev API keys
 * (already printed at start and listed in the contract) for a picker, department keys left out. Outside dev:
 * no keys at all, only where the deployment's single sign-on starts ({@code ONEGO_SSO_LOGIN_URL}); the SSO
 * sends the person back to the page with a JWT in the address's fragment ({@code #access_token=...}), a
 * token of the contract's claims that the node verifies like any other (docs/design.md "Pages", "Sign-in").
 *
 * @param json the answer: {@code {"profile", "devKeys": [{"key", "role", "channel"}]}} in dev,
 *             {@code {"profile", "sso": {"loginUrl"}|null}} otherwise
 */
public record SignInOptions(JsonObject json) {
  /** From the node's configuration and the SSO login address (null when the deployment has none). */
  public static SignInOptions of(AppConfig config, String ssoLoginUrl) {
    JsonObject out = new JsonObject().put("profile", config.profile());
    if (config.devProfile()) {
      JsonArray keys = new JsonArray();
      for (ApiKey k : config.auth().apiKeys()) {
        if (!k.key().startsWith("dev-") || k.key().startsWith("dev-dept-")) continue;
        keys.add(new JsonObject().put("key", k.key()).put("role", k.role()).put("channel", k.channel()));
      }
      out.put("devKeys", keys);
    }
    String sso = ssoLoginUrl == null || ssoLoginUrl.isBlank() ? null : ssoLoginUrl.trim();
    out.put("sso", sso == null ? null : new JsonObject().put("loginUrl", sso));
    return new SignInOptions(out);
  }
}
