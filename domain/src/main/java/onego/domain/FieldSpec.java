package onego.domain;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A form field of the catalog. {@code type} is string, integer, number, boolean, date or
 * date-time; {@code format} (strings) is one of the custom formats of {@link FormFormats}
 * (id-number, credit-code, phone) or the standard email. Published and checked as JSON Schema by
 * {@link MergedForm} and {@link FormSchemas}.
 */
public record FieldSpec(
    String name,
    String title,
    String type,
    String format,
    Pattern pattern,
    List<String> enumValues,
    Integer minLength,
    Integer maxLength,
    Double minimum,
    Double maximum,
    String prefill,
    String description) {

  public static final List<String> TYPES = List.of("string", "integer", "number", "boolean", "date", "date-time");
  public static final List<String> FORMATS =
      java.util.stream.Stream.concat(FormFormats.NAMES.stream(), java.util.stream.Stream.of("email")).toList();
}
