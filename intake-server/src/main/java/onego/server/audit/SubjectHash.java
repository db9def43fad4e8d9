package onego.server.audit;

import onego.domain.IdNumbers;
import onego.domain.Phones;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The audit trail's name for a person or company: HMAC-SHA256 (hex) of the identifier under the
 * deployment's key ({@code audit_subject_key}), so audit rows never hold an ID number and cannot
 * be reversed by guessing numbers without the key. The identifier is normalised first (full-width
 * characters, spaces and dashes, lower-case x, a +86 prefix on a mobile number), so one person
 * has one hash however the number was written.
 */
public final class SubjectHash {

  private final SecretKeySpec key;

  SubjectHash(String key) {
    this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** The hash of {@code identifier} (an ID number, credit code or phone number); null for null. */
  public String of(String identifier) {
    if (identifier == null) return null;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(normalize(identifier).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /**
   * One spelling per identifier, by the same normalisers as every entry point: a mobile number by
   * {@link Phones#normalize} (a Hong Kong, Macau or Taiwan one too), anything else (ID number, credit code) by
   * {@link IdNumbers#normalize}.
   */
  static String normalize(String identifier) {
    String phone = Phones.normalize(identifier);
    return Phones.validInAnyRegion(phone) ? phone : IdNumbers.normalize(identifier);
  }
}
