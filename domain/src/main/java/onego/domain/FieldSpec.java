package onego.domain;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A form field of the catalog. {@code type} is string, integer, number, boolean, date or
 * date-time; {@code format} (strings) is one of the custom formats of {@link FormFormats}
 * (id-number, credit-code, phone) or the standard email. Published and checked as JSON Schema by
 * {@link MergedForm} and {@link FormSchemas}. {@code about} (optional, with {@code prefill}) names
 * the field of the form holding the ID number of the person this field describes (逝者姓名 is about
 * {@code deceasedIdNumber}, 母亲姓名 about {@code motherIdNumber}): prefill with
 * {@code about.<that field>=<id>} reads it from that person's record instead of the applicant's.
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
    String description,
    String about) {

  /** A field about nobody in particular (the applicant's, or the case's own). */
  public FieldSpec(String name, String title, String type, String format, Pattern pattern, List<String> enumValues, Integer minLength,
                   Integer maxLength, Double minimum, Double maximum, String prefill, String description) {
    this(name, title, type, format, pattern, enumValues, minLength, maxLength, minimum, maximum, prefill, description, null);
  }

  public static final List<String> TYPES = List.of("string", "integer", "number", "boolean", "date", "date-time");
  public static final List<String> FORMATS =
      java.util.stream.Stream.concat(FormFormats.NAMES.stream(), java.util.stream.Stream.of("email")).toList();
}
