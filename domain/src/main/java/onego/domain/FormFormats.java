package onego.domain;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.format.Format;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The custom JSON Schema formats the published form schema declares, as the standard validator
 * checks them. Portals register the same names in Ajv from {@code intake-server/portal-kit/form-formats.js},
 * which implements the same rules in JavaScript.
 *
 * <ul>
 *   <li>{@code id-number}: 公民身份号码 per GB 11643-1999 (18 characters, region not starting 0,
 *       a real birth date from 1880 to tomorrow, ISO 7064 MOD 11-2 check character);</li>
 *   <li>{@code credit-code}: 统一社会信用代码 per GB 32100-2015 (18 characters of the 31-letter
 *       alphabet, MOD 31 check character);</li>
 *   <li>{@code phone}: a mobile number of the mainland (11 digits starting 13 to 19), Hong Kong
 *       ({@code +852} and 8 digits), Macau ({@code +853} and 8 digits) or Taiwan ({@code +886} and
 *       9 digits starting 9), as {@link Phones#normalize} writes them. The format cannot see the
 *       applicant, so whether a non-mainland number fits the applicant (a residence permit of that
 *       region) is the intake's check ({@link Phones#problemFor}).</li>
 * </ul>
 * Values are checked as canonicalised at intake ({@link IdNumbers#normalize} and the like run
 * first), so a portal normalising the same way gets the same answer.
 */
public final class FormFormats {
  /** The names of the custom formats, as written in the schema's {@code format} keyword. */
  public static final List<String> NAMES = List.of("id-number", "credit-code", "phone");

  private FormFormats() {}

  /** The validator's formats, one per name in {@link #NAMES}. */
  public static List<Format> all() {
    return List.of(format("id-number", IdNumbers::problem), format("credit-code", CreditCodes::problem),
        format("phone", s -> Phones.validInAnyRegion(s) ? null : "not a mobile number"));
  }

  /**
   * Why {@code value} does not satisfy the named format, in the words of the 422's reason, or null
   * when it does (or the format is none of these).
   */
  public static String problem(String format, String value) {
    return switch (format) {
      case "id-number" -> prefixed("not a valid resident ID number: ", IdNumbers.problem(value));
      case "credit-code" -> prefixed("not a valid unified social credit code: ", CreditCodes.problem(value));
      case "phone" -> Phones.validInAnyRegion(value) ? null : "not a valid mobile number";
      default -> null;
    };
  }

  private static String prefixed(String prefix, String problem) {
    return problem == null ? null : prefix + problem;
  }

  private static Format format(String name, UnaryOperator<String> problem) {
    return new Format() {
      @Override public String getName() { return name; }
      @Override public boolean matches(ExecutionContext ctx, String value) { return problem.apply(value) == null; }
    };
  }
}
