package onego.domain;

/**
 * The one rule for fields that hold a person's name (姓名): they take at least
 * {@link #MIN_MAX_LENGTH} characters. Names of ethnic minorities written in Chinese characters
 * (e.g. transliterated Tibetan, Uyghur or Mongolian names with their middle dots) and foreign names of
 * permanent residents and spouses run well past 20 characters; 50 is what the parents' fields always
 * allowed. A catalog field is a person's name when its title ends in 姓名 (a company's or a thing's name
 * is 名称); {@link CatalogLoader} refuses such a field with a smaller {@code maxLength}, so no new
 * field can cut names again. Lengths count characters (Unicode code points), as JSON Schema's
 * {@code maxLength} does.
 */
public final class PersonNames {
  /** The smallest {@code maxLength} a person-name field may have, in characters. */
  public static final int MIN_MAX_LENGTH = 50;
  /** The title ending that marks a field as a person's name. */
  public static final String TITLE_SUFFIX = "姓名";

  private PersonNames() {}

  /** Whether the catalog field titled {@code title} holds a person's name. */
  public static boolean isPersonName(String title) {
    return title != null && title.endsWith(TITLE_SUFFIX);
  }

  /**
   * Why a field titled {@code title} of {@code type} with {@code maxLength} (null: the published
   * default of {@link MergedForm#DEFAULT_MAX_LENGTH}) cannot hold every name, or null when it can
   * (or is no person-name field).
   */
  public static String problem(String title, String type, Integer maxLength) {
    if (!isPersonName(title)) return null;
    if (!"string".equals(type)) return "a person's name (title ends in " + TITLE_SUFFIX + ") must be of type string";
    if (maxLength != null && maxLength < MIN_MAX_LENGTH) {
      return "a person's name (title ends in " + TITLE_SUFFIX + ") must allow at least " + MIN_MAX_LENGTH
          + " characters (maxLength " + maxLength + "): ethnic-minority and foreign names are longer than 20";
    }
    return null;
  }
}
