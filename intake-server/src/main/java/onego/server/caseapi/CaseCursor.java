package onego.server.caseapi;

import io.vertx.core.json.JsonObject;
import onego.server.web.ParamKind;
import onego.server.web.ParamKinds;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in an applicant's case list (newest first: {@code created_at}, then {@code case_id},
 * both descending): the last case of a page. Given to callers as an opaque page token (a page's
 * {@code next}), read back from the {@code before} parameter, which asks for the cases after it.
 *
 * @param createdAt the case's creation time (microseconds, as PostgreSQL keeps it)
 * @param caseId    the case, to order cases created in the same microsecond
 */
public record CaseCursor(OffsetDateTime createdAt, UUID caseId) {
  private static final Pattern FORM = Pattern.compile("(-?\\d{1,19}):([0-9a-f-]{36})");

  /** The parameter kind: anything but a token a page gave is refused "before must be a page's next". */
  public static final ParamKind<CaseCursor> PARAM = ParamKinds.kind(raw -> {
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ParamKind.Refused("a page's next, as given", "not a page token");
    }
    Matcher m = FORM.matcher(decoded);
    if (!m.matches()) throw new ParamKind.Refused("a page's next, as given", "not a page token");
    try {
      long micros = Long.parseLong(m.group(1));
      Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
      return new CaseCursor(OffsetDateTime.ofInstant(at, ZoneOffset.UTC), UUID.fromString(m.group(2)));
    } catch (RuntimeException e) {
      throw new ParamKind.Refused("a page's next, as given", "not a page token");
    }
  }, new JsonObject().put("type", "string"));

  /** The page token of this position (base64url, no padding). */
  public String token() {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt.toInstant());
    return Base64.getUrlEncoder().withoutPadding().encodeToString((micros + ":" + caseId).getBytes(StandardCharsets.UTF_8));
  }
}
