package onego.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.ItemSelection.HeldElsewhere;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Matches the {@code prerequisites} of a POST /cases body to the prerequisites the chosen items
 * leave out (国办发〔2022〕32号 三(二): part of a thing may be chosen when the rest was done before or
 * elsewhere). Each entry is {@code {"item", "ecertRef"}} or {@code {"item", "sharedData": true}};
 * {@code item} may name the prerequisite or any alternative of it. What the proofs say is verified
 * afterwards against the registry ({@code PrerequisiteVerifier}).
 */
public final class PrerequisiteClaims {
  private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}");

  /** One proof given for a left-out prerequisite, and the chosen items it stands in for. */
  public record Claim(int index, String item, String ecertRef, boolean sharedData, List<HeldElsewhere> covers) {
    public JsonObject toJson() {
      JsonObject o = new JsonObject().put("item", item);
      return sharedData ? o.put("sharedData", true) : o.put("ecertRef", ecertRef);
    }
  }

  private PrerequisiteClaims() {}

  /** The claims of {@code given} (may be null) for {@code needed}; every problem added to {@code errors}. */
  public static List<Claim> match(List<HeldElsewhere> needed, JsonArray given, List<FieldError> errors) {
    List<Claim> out = new ArrayList<>();
    Set<HeldElsewhere> covered = new HashSet<>();
    Set<String> named = new HashSet<>();
    for (int i = 0; given != null && i < given.size(); i++) {
      String at = "prerequisites[" + i + "]";
      if (!(given.getValue(i) instanceof JsonObject p) || !(p.getValue("item") instanceof String item)) {
        errors.add(new FieldError(at, "must be an object {item, ecertRef} or {item, sharedData: true}"));
        continue;
      }
      for (String k : p.fieldNames()) {
        if (!Set.of("item", "ecertRef", "sharedData").contains(k)) errors.add(new FieldError(at + "." + k, "unknown field"));
      }
      List<HeldElsewhere> covers = needed.stream().filter(h -> h.alternatives().contains(item)).toList();
      if (covers.isEmpty()) {
        errors.add(new FieldError(at + ".item", item + " is not a prerequisite the chosen items leave out"));
        continue;
      }
      if (!named.add(covers.get(0).alternatives().get(0))) errors.add(new FieldError(at + ".item", "a proof of " + item + " is given twice"));
      Object ref = p.getValue("ecertRef");
      boolean shared = Boolean.TRUE.equals(p.getValue("sharedData"));
      if ((ref == null) == !shared) {
        errors.add(new FieldError(at, "give exactly one of ecertRef or sharedData: true"));
      } else if (ref != null && !(ref instanceof String s && REF.matcher(s).matches())) {
        errors.add(new FieldError(at + ".ecertRef", "not a valid e-certificate reference"));
      } else if (shared && covers.stream().anyMatch(h -> h.proof().sharedData() == null)) {
        errors.add(new FieldError(at + ".sharedData", "no shared-data check can prove " + item + " for "
            + covers.stream().filter(h -> h.proof().sharedData() == null).map(h -> h.dependent().code()).toList()));
      } else {
        covered.addAll(covers);
        out.add(new Claim(i, item, shared ? null : (String) ref, shared, covers));
      }
    }
    for (HeldElsewhere h : needed) {
      if (!covered.contains(h) && !named.contains(h.alternatives().get(0))) errors.add(new FieldError("prerequisites", missing(h)));
    }
    return out;
  }

  /** "X needs Y first: …" with every way to satisfy it. */
  static String missing(HeldElsewhere h) {
    PrerequisiteProof p = h.proof();
    String dep = String.join(" or ", h.alternatives());
    StringBuilder sb = new StringBuilder(h.dependent().code()).append(" needs ").append(dep).append(" first: add it to items");
    if (!p.possible()) return sb.append(" (nothing can stand in for it)").toString();
    if (!p.ecertTypes().isEmpty()) {
      sb.append(", or prove it with {\"item\": \"").append(h.alternatives().get(0)).append("\", \"ecertRef\": ...} (an e-certificate of type ")
          .append(String.join(" or ", p.ecertTypes())).append(" about ")
          .append(PrerequisiteProof.APPLICANT.equals(p.holder()) ? "the applicant" : "form." + p.holder()).append(")");
    }
    if (p.sharedData() != null) {
      sb.append(", or {\"item\": \"").append(h.alternatives().get(0)).append("\", \"sharedData\": true} (checked with ")
          .append(p.sharedData().source()).append(")");
    }
    return sb.toString();
  }
}
