package onego.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks form values with the standard JSON Schema validator against the published schema
 * ({@link FormSchema}) and turns its output into the 422's {@code form.<field>} reasons: one per
 * failing field, every failing field listed. The only rules kept here are the two JSON Schema does
 * not express and the contract has always had: a null or blank value is left out (so a blank
 * required field is "required", a blank optional one is not stored), and a field of the thing that
 * only unchosen items use is dropped rather than refused.
 */
public final class FormValidator {
  private FormValidator() {}

  /**
   * Checks {@code values} and answers the values of the chosen items only. A field of the thing
   * that only unchosen items use is dropped, not refused: a portal showing the whole notice's form
   * may send it. A name that is no field of the thing at all reaches the validator and is refused
   * by the schema's {@code additionalProperties: false} as a likely typo.
   */
  public static JsonObject validate(FormSchema schema, MergedForm wholeThing, JsonObject values, List<FieldError> errors) {
    JsonObject kept = new JsonObject();
    JsonObject checked = new JsonObject();
    for (String name : values.fieldNames()) {
      Object v = values.getValue(name);
      if (v == null || v instanceof String s && s.isBlank()) continue;
      String source = schema.form().fromItem(name);
      if (source != null) {
        errors.add(new FieldError("form." + name, "produced by item " + source + " of this case (一次联办): leave it out"));
        continue;
      }
      if (schema.form().has(name)) kept.put(name, v);
      if (schema.form().has(name) || !wholeThing.has(name)) checked.put(name, v);
    }
    errors.addAll(reasons(schema, checked, "not a field of this thing", true).values());
    return kept;
  }

  /**
   * Checks the values a supplement (补正) brings for one item against that item's schema: each
   * given value must be valid, none is required (a supplement brings what was asked for), and a
   * name that is no field of the item is refused. Answers the valid values.
   */
  public static JsonObject validatePartial(FormSchema itemSchema, String itemCode, JsonObject values, List<FieldError> errors) {
    Map<String, FieldError> wrong = reasons(itemSchema, values, "not a field of item " + itemCode, false);
    errors.addAll(wrong.values());
    JsonObject kept = new JsonObject();
    for (String name : values.fieldNames()) if (!wrong.containsKey(name)) kept.put(name, values.getValue(name));
    return kept;
  }

  /**
   * The validator's errors for {@code values} as one reason per field, keyed by field name, in
   * the order the validator reports them (the first error of a field wins).
   */
  public static Map<String, FieldError> reasons(FormSchema schema, JsonObject values, String unknown, boolean requiredToo) {
    Map<String, FieldError> out = new LinkedHashMap<>();
    for (Error e : schema.errors(values)) {
      String field = field(e);
      if (field == null || out.containsKey(field)) continue;
      String reason = switch (e.getKeyword()) {
        case "required" -> requiredToo ? "required" : null;
        case "additionalProperties" -> unknown;
        default -> reason(e.getKeyword(), e.getSchemaNode(), e.getInstanceNode());
      };
      if (reason != null) out.put(field, new FieldError("form." + field, reason));
    }
    return out;
  }

  /** The form field an error is about: the missing or extra property at the top, else the instance location's first name. */
  static String field(Error e) {
    if (e.getInstanceLocation().getNameCount() == 0) return e.getProperty();
    return e.getInstanceLocation().getName(0);
  }

  /**
   * The 422 reason for a failed keyword; {@code rule} is the keyword's value in the schema (the
   * error's schema node), {@code value} the offending value.
   */
  static String reason(String keyword, JsonNode rule, JsonNode value) {
    return switch (keyword) {
      case "type" -> switch (rule.asText()) {
        case "string" -> "must be a string";
        case "integer" -> "must be a whole number";
        case "number" -> "must be a number";
        case "boolean" -> "must be true or false";
        default -> "must be of type " + rule.asText();
      };
      case "minLength" -> "must be at least " + rule.asInt() + " characters";
      case "maxLength" -> "must be at most " + rule.asInt() + " characters";
      case "minimum" -> "must be at least " + number(rule);
      case "maximum" -> "must be at most " + number(rule);
      case "enum" -> "must be one of " + enumList(rule);
      case "pattern" -> "does not match the pattern " + rule.asText();
      case "format" -> format(rule.asText(), value);
      default -> "does not satisfy " + keyword;
    };
  }

  private static String enumList(JsonNode rule) {
    StringBuilder b = new StringBuilder();
    for (JsonNode n : rule) b.append(b.length() == 0 ? "" : ", ").append(n.asText());
    return b.toString();
  }

  private static String format(String format, JsonNode value) {
    return switch (format) {
      case "date" -> "must be a date YYYY-MM-DD";
      case "date-time" -> "must be an RFC 3339 date-time with offset";
      case "email" -> "not a valid e-mail address";
      default -> {
        String problem = FormFormats.problem(format, value.asText());
        yield problem != null ? problem : "not a valid " + format;
      }
    };
  }

  private static String number(JsonNode n) {
    double d = n.asDouble();
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
