package onego.domain;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * One {@link SecureRandom} per thread: a NIST SP 800-90A DRBG ({@code SecureRandom.getInstance("DRBG")}),
 * each seeded once from the system's entropy source. The JDK's default on Linux (NativePRNG) serialises
 * every caller of the process on one lock, and event loops were seen waiting on it under load (ids and
 * nonces are drawn on every request); a thread's own generator is never contended.
 */
public final class SecureRandoms {
  private static final ThreadLocal<SecureRandom> PER_THREAD = ThreadLocal.withInitial(SecureRandoms::drbg);

  private SecureRandoms() {}

  /** The calling thread's generator; never share it with another thread. */
  public static SecureRandom current() {
    return PER_THREAD.get();
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the DRBG SecureRandom is part of every JDK since 9", e);
    }
  }
}
