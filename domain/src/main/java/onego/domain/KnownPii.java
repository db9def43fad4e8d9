package onego.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names and addresses one case is known to hold (applicant and agent, delivery recipient and
 * address, the form's person names and addresses), so that its free text (department notes,
 * results, event data) can be searched for them: a name has no shape a pattern could find, so
 * the case's own values are looked for literally. Numbers need no such list; {@link PiiNumbers}
 * finds them in any written form.
 */
public final class KnownPii {
  /** Knows nothing: free text gets the pattern scan only. */
  public static final KnownPii NONE = new KnownPii(List.of(), List.of());

  /**
   * A Chinese personal name: 1 to 4 letters of a name, or up to 50 (the longest a name field takes)
   * with middle dots between them (阿依古丽·买买提, any dot of {@link NameForms#DOTS}); a letter is a
   * Han character, or one the JDK does not know yet or a private-use one ({@link NameForms}).
   */
  private static final Pattern PERSON_NAME = Pattern.compile(
      NameForms.LETTER + "{1,4}|" + NameForms.LETTER + "(?:" + NameForms.LETTER + "|" + NameForms.DOT + "(?=" + NameForms.LETTER + ")){1,49}");

  /** Keys ending in "name" (lower case) that hold the name of a thing, office, bank or firm, never a person's. */
  static final Set<String> NOT_PERSONS = Set.of("thingname", "departmentname", "itemname", "bankname", "lendername",
      "hospitalname", "enterprisename", "projectname", "invoicegoodsname", "invoicebuyername");

  private final List<String> names;
  private final List<Pattern> namePatterns;
  private final List<String> addresses;

  private KnownPii(List<String> names, List<String> addresses) {
    this.names = names;
    this.namePatterns = names.stream().map(NameForms::pattern).toList();
    this.addresses = addresses;
  }

  /**
   * What a case holds: {@code applicant} (its {@code name}, and any nested person's such as an
   * agent's), {@code delivery} ({@code recipient}, {@code address}), and {@code form} fields whose
   * key ends in {@code Name} with a person-like value, or names an address or place. Any argument
   * may be null.
   */
  public static KnownPii of(JsonObject applicant, JsonObject delivery, JsonObject form) {
    return of(applicant, null, delivery, form);
  }

  /** As {@link #of(JsonObject, JsonObject, JsonObject)}, with the case's {@code agent} (帮办代办) too. */
  public static KnownPii of(JsonObject applicant, JsonObject agent, JsonObject delivery, JsonObject form) {
    Set<String> names = new LinkedHashSet<>();
    Set<String> addresses = new LinkedHashSet<>();
    for (JsonObject person : new JsonObject[] {applicant, agent}) {
      if (person == null) continue;
      collect(person, names, addresses);
      if (person.getValue("name") instanceof String n) names.add(n.strip());
    }
    if (delivery != null) collect(delivery, names, addresses);
    if (form != null) collect(form, names, addresses);
    return new KnownPii(longestFirst(names), longestFirst(addresses));
  }

  /**
   * This knowledge and the person names in {@code texts} besides (e.g. the person a department names
   * responsible for a card): each run of name letters (and middle dots) in them that looks like a name
   * ({@link #personLike}), and, where a title or role is written onto the name ("科长周建国", "周建国科长",
   * "经办人龘"), also what is left of the run without it ({@link #TITLES}), so that the name is known
   * wherever it is written alone.
   */
  public KnownPii withNamesIn(Collection<String> texts) {
    Set<String> more = new LinkedHashSet<>(names);
    for (String t : texts) {
      if (t == null || t.isBlank()) continue;
      Matcher m = NAME_RUN.matcher(t);
      while (m.find()) {
        String run = m.group().strip();
        if (personLike(run)) more.add(run);
        for (String piece : TITLES.split(run)) if (!piece.isEmpty() && !piece.equals(run) && personLike(piece)) more.add(piece);
      }
    }
    return more.size() == names.size() ? this : new KnownPii(longestFirst(more), addresses);
  }

  /** Titles and roles staff write beside a person's name (longest first where one contains another). */
  private static final Pattern TITLES = Pattern.compile("副?(?:科长|主任|处长|局长|股长|站长|所长|队长|组长|部长|书记|主任科员|科员)|经办人|负责人|责任人|"
      + "承办人|工作人员|审批员|受理员|窗口|同志|专员|老师|先生|女士");

  /** A run of name letters with middle dots between them (see {@link #PERSON_NAME}). */
  static final Pattern NAME_RUN = Pattern.compile(NameForms.LETTER + "(?:" + NameForms.LETTER + "|" + NameForms.DOT + "(?=" + NameForms.LETTER + "))*");

  /** Whether {@code s} looks like a personal name (so a key ending in Name holds a person's). */
  public static boolean personLike(String s) {
    return s != null && PERSON_NAME.matcher(s.strip()).matches();
  }

  /** The kind of value a key names: person name, address, or neither (null). */
  static String kindOfKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.contains("address") || k.endsWith("place") || k.endsWith("location") || k.endsWith("site")) return "address";
    if (k.equals("recipient") || k.equals("holder") || k.endsWith("name") && !NOT_PERSONS.contains(k)) return "name";
    return null;
  }

  private static void collect(JsonObject o, Set<String> names, Set<String> addresses) {
    for (var e : o) {
      Object v = e.getValue();
      if (v instanceof JsonObject nested) {
        collect(nested, names, addresses);
      } else if (v instanceof JsonArray a) {
        for (Object x : a) if (x instanceof JsonObject nested) collect(nested, names, addresses);
      } else if (v instanceof String s && !s.isBlank()) {
        String kind = kindOfKey(e.getKey());
        if ("address".equals(kind) && s.strip().length() >= 2) addresses.add(s.strip());
        else if ("name".equals(kind) && personLike(s)) names.add(s.strip());
      }
    }
  }

  private static List<String> longestFirst(Set<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) if (!v.isEmpty() && !v.chars().allMatch(c -> c == '*')) out.add(v);
    out.sort(Comparator.comparingInt(String::length).reversed());
    return List.copyOf(out);
  }

  /**
   * {@code text} with every occurrence of a known address and then a known name masked; a name
   * however it is written ({@link NameForms}: either normalization form, any middle dot), each
   * occurrence masked as written.
   */
  String mask(String text) {
    String out = text;
    for (String a : addresses) if (out.contains(a)) out = out.replace(a, AddressMask.mask(a));
    for (Pattern n : namePatterns) out = n.matcher(out).replaceAll(m -> Matcher.quoteReplacement(Pii.name(m.group())));
    return out;
  }

  boolean isEmpty() {
    return names.isEmpty() && addresses.isEmpty();
  }
}
