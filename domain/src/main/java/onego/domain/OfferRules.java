package onego.domain;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offers file of the catalog ({@code offers.yaml}, FORMAT.md "Offers"): the facts rules may read and the
 * rules. Checked against the rest of the catalog: an unknown thing, item, source, fact or trigger item, an
 * item the thing does not hold, a subject kind the thing does not accept, or a clause on a fact the rule does
 * not list is a load error naming the file and path. Without the file there are no rules.
 */
public record OfferRules(Map<String, OfferRule.Fact> facts, Map<String, OfferRule> rules) {
  public static final OfferRules NONE = new OfferRules(Map.of(), Map.of());
  private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "date");
  private static final List<String> OPS = List.of("equals", "atLeast", "atMost", "ageAtLeast", "present");

  public OfferRule rule(String code) { return rules.get(code); }

  static OfferRules load(Path file, String display, Map<String, String> sources, Map<String, Thing> things) {
    if (!Files.isRegularFile(file)) return NONE;
    ConfigNode root = ConfigNode.read(file, display);
    Map<String, OfferRule.Fact> facts = new LinkedHashMap<>();
    for (ConfigNode n : root.list("facts")) {
      String name = n.str("name");
      if (!name.matches("[a-z][A-Za-z0-9]*")) throw n.get("name").fail("must be a camelCase name");
      String source = n.str("source");
      if (!sources.containsKey(source)) throw n.get("source").fail("unknown source " + source + " (see sources.yaml)");
      String type = n.str("type");
      if (!TYPES.contains(type)) throw n.get("type").fail("must be one of " + TYPES);
      if (facts.put(name, new OfferRule.Fact(name, n.str("title"), source, kind(n, "subject"), type)) != null) throw n.get("name").fail("listed twice");
    }
    Map<String, OfferRule> rules = new LinkedHashMap<>();
    for (ConfigNode n : root.list("rules")) {
      String code = n.str("code");
      if (!code.matches("[a-z0-9]+(-[a-z0-9]+)*")) throw n.get("code").fail("must be lower-case kebab-case");
      Thing thing = things.get(n.str("thing"));
      if (thing == null) throw n.get("thing").fail("unknown thing " + n.str("thing"));
      List<String> items = n.strList("items");
      if (items.isEmpty()) throw n.get("items").fail("must name at least one item");
      for (String i : items) if (thing.item(i).isEmpty()) throw n.get("items").fail("thing " + thing.code() + " has no item " + i);
      OfferRule.SubjectKind kind = kind(n, "subject");
      if (!thing.applicantTypes().contains(kind.code())) throw n.get("subject").fail("thing " + thing.code() + " is not filed by a " + kind.code());
      List<String> needed = n.strList("facts");
      for (String f : needed) {
        OfferRule.Fact fact = facts.get(f);
        if (fact == null) throw n.get("facts").fail("unknown fact " + f + " (see facts)");
        if (fact.subject() != kind) throw n.get("facts").fail("fact " + f + " is about a " + fact.subject().code() + ", the rule's subject is a " + kind.code());
      }
      List<OfferRule.Clause> when = new ArrayList<>();
      for (ConfigNode c : n.list("when")) when.add(clause(c, needed, facts));
      if (when.isEmpty()) throw n.get("when").fail("a rule needs at least one condition");
      String period = n.str("period");
      OfferRule.Period p = switch (period) {
        case "once" -> OfferRule.Period.ONCE;
        case "year" -> OfferRule.Period.YEAR;
        default -> throw n.get("period").fail("must be once or year");
      };
      int expiry = (int) n.range("expiryDays", 90, 1, 3660);
      OfferRule.Clause candidates = null;
      OfferRule.Trigger trigger = null;
      if (n.has("trigger") == n.has("candidates")) throw n.fail("a rule has exactly one of candidates (swept) and trigger (event-driven)");
      if (n.has("candidates")) {
        candidates = clause(n.obj("candidates"), needed, facts);
      } else {
        ConfigNode t = n.obj("trigger");
        Thing tt = things.get(t.str("thing"));
        if (tt == null) throw t.get("thing").fail("unknown thing " + t.str("thing"));
        if (tt.item(t.str("item")).isEmpty()) throw t.get("item").fail("thing " + tt.code() + " has no item " + t.str("item"));
        String status = t.optStr("status", "COMPLETED");
        try {
          ItemStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
          throw t.get("status").fail("unknown item status " + status);
        }
        trigger = new OfferRule.Trigger(tt.code(), t.str("item"), status);
      }
      String legalBasis = n.str("legalBasis");
      if (legalBasis.isBlank()) throw n.get("legalBasis").fail("must cite the seed section");
      OfferRule r = new OfferRule(code, n.str("name"), thing.code(), List.copyOf(items), kind, List.copyOf(needed), List.copyOf(when), p, expiry,
          candidates, trigger, legalBasis);
      if (rules.put(code, r) != null) throw n.get("code").fail("listed twice");
    }
    return new OfferRules(Map.copyOf(facts), java.util.Collections.unmodifiableMap(rules));
  }

  private static OfferRule.SubjectKind kind(ConfigNode n, String key) {
    return switch (n.str(key)) {
      case "person" -> OfferRule.SubjectKind.PERSON;
      case "enterprise" -> OfferRule.SubjectKind.ENTERPRISE;
      default -> throw n.get(key).fail("must be person or enterprise");
    };
  }

  private static OfferRule.Clause clause(ConfigNode c, List<String> needed, Map<String, OfferRule.Fact> facts) {
    String fact = c.str("fact");
    if (!needed.contains(fact)) throw c.get("fact").fail("fact " + fact + " is not among the rule's facts");
    List<String> ops = OPS.stream().filter(c::has).toList();
    if (ops.size() != 1) throw c.fail("a condition has exactly one of " + OPS);
    String op = ops.get(0);
    Object v = c.get(op).raw();
    if (v instanceof BigDecimal b) v = b.stripTrailingZeros().scale() <= 0 ? (Object) b.longValue() : (Object) b.doubleValue();
    if (v instanceof Integer i) v = i.longValue();
    String type = facts.get(fact).type();
    if (op.equals("ageAtLeast") && (!type.equals("date") || !(v instanceof Number))) throw c.get(op).fail("ageAtLeast takes whole years of a date fact");
    if (op.equals("present") && !(v instanceof Boolean)) throw c.get(op).fail("present takes true or false");
    if ((op.equals("atLeast") || op.equals("atMost")) && !(v instanceof Number || type.equals("date"))) throw c.get(op).fail("takes a number or a date");
    return new OfferRule.Clause(fact, op, v);
  }
}
