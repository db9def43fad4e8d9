package onego.server.infra;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RedisCipherTest {
  private static String key() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  private final RedisCipher cipher = RedisCipher.fromBase64(key());

  @Test
  void aSealedValueOpensUnderItsKeyAndShowsNothingOfThePlainText() {
    String plain = "{\"motherName\":\"李娜\",\"motherIdNumber\":\"430102196501011224\"}";
    String sealed = cipher.seal("onego:sd:p:population:abc", plain);
    assertThat(sealed).startsWith("v1:").doesNotContain("430102196501011224").doesNotContain("motherName");
    assertThat(cipher.open("onego:sd:p:population:abc", sealed)).isEqualTo(plain);
  }

  @Test
  void everySealUsesAFreshNonce() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) seen.add(cipher.seal("k", "same value"));
    assertThat(seen).hasSize(1000);
  }

  @Test
  void aValueDoesNotOpenUnderAnotherRedisKeyAnotherCipherKeyOrWhenAltered() {
    String sealed = cipher.seal("onego:hotline:case:a", "view of a");
    assertThat(cipher.open("onego:hotline:case:b", sealed)).isNull();
    assertThat(RedisCipher.fromBase64(key()).open("onego:hotline:case:a", sealed)).isNull();
    byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
    raw[raw.length / 2] ^= 1;
    assertThat(cipher.open("onego:hotline:case:a", "v1:" + Base64.getEncoder().encodeToString(raw))).isNull();
    assertThat(cipher.open("onego:hotline:case:a", "{\"written\":\"before encryption\"}")).isNull();
    assertThat(cipher.open("onego:hotline:case:a", "v1:not base64!")).isNull();
    assertThat(cipher.open("onego:hotline:case:a", "v1:AAAA")).isNull();
    assertThat(cipher.open("onego:hotline:case:a", null)).isNull();
  }

  @Test
  void theDevKeyIsOnePerProcess() {
    assertThat(RedisCipher.randomForThisProcess()).isSameAs(RedisCipher.randomForThisProcess());
    String sealed = RedisCipher.randomForThisProcess().seal("k", "v");
    assertThat(RedisCipher.randomForThisProcess().open("k", sealed)).isEqualTo("v");
  }
}
