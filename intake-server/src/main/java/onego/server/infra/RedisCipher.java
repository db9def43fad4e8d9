package onego.server.infra;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import onego.domain.SecureRandoms;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts values that hold personal data before they go to Redis (the shared-data cache, the
 * hotline status view): AES-256-GCM, a random 96-bit nonce per value (NIST SP 800-38D), the Redis
 * key as associated data so a value copied under another key does not decrypt. A sealed value is
 * {@code v1:<base64(nonce ‖ ciphertext ‖ 128-bit tag)>}. Thread-safe: each thread reuses its own
 * {@link Cipher} (looking one up per value was about 2 % of dispatch's event loop),
 * initialised for every value with that value's own nonce.
 */
public final class RedisCipher {
  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK", e);
    }
  });
  /** The dev profile's key when none is configured: one per JVM, so nodes of one process (tests) share it. */
  private static volatile RedisCipher processKey;

  private final SecretKey key;

  private RedisCipher(byte[] key) {
    if (key.length != 32) throw new IllegalArgumentException("an AES-256 key is 32 bytes, not " + key.length);
    this.key = new SecretKeySpec(key, "AES");
  }

  /** The cipher for {@code redis.encryptionKey} (base64 of 32 bytes, checked by the configuration). */
  public static RedisCipher fromBase64(String key) {
    return new RedisCipher(Base64.getDecoder().decode(key.trim()));
  }

  /** A random key for this process (dev only): cached values do not survive a restart and other processes cannot read them. */
  public static synchronized RedisCipher randomForThisProcess() {
    if (processKey == null) {
      byte[] k = new byte[32];
      SecureRandoms.current().nextBytes(k);
      processKey = new RedisCipher(k);
    }
    return processKey;
  }

  /** {@code plain} sealed for storage under {@code redisKey}. */
  public String seal(String redisKey, String plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    SecureRandoms.current().nextBytes(nonce);
    try {
      Cipher c = CIPHERS.get();
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(redisKey.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK", e);
    }
  }

  /**
   * The clear value of what {@link #seal} stored under {@code redisKey}; null when it cannot be
   * opened (another key, another Redis key, altered, or written before encryption), which callers
   * treat as a cache miss.
   */
  public String open(String redisKey, String stored) {
    if (stored == null || !stored.startsWith(PREFIX)) return null;
    byte[] in;
    try {
      in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (in.length < NONCE_BYTES + TAG_BITS / 8) return null;
    try {
      Cipher c = CIPHERS.get();
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      c.updateAAD(redisKey.getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK", e);
    }
  }
}
