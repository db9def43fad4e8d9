package onego.server.audit;

import io.vertx.core.json.JsonObject;
import onego.server.web.ParamKind;
import onego.server.web.ParamKinds;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in the audit chain, {@code <day>/<seq>} as a page's {@code next} gives it: the
 * {@code before} parameter of {@code GET /admin/audit} asks for the rows before it.
 */
public record AuditCursor(LocalDate day, int seq) {
  private static final Pattern FORM = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})/(\\d{1,9})");

  /** The parameter kind: anything else is refused "before must be &lt;day&gt;/&lt;seq&gt; as given in next". */
  public static final ParamKind<AuditCursor> PARAM = ParamKinds.kind(raw -> {
    Matcher m = FORM.matcher(raw);
    if (!m.matches()) throw new ParamKind.Refused("<day>/<seq> as given in next", "expected YYYY-MM-DD/N");
    return new AuditCursor(ParamKinds.day(m.group(1)), Integer.parseInt(m.group(2)));
  }, new JsonObject().put("type", "string"));
}
