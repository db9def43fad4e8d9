package onego.server.intake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.CanonicalFormValues;
import onego.domain.Catalog;
import onego.domain.CreditCodes;
import onego.domain.DatePlausibility;
import onego.domain.DomainError;
import onego.domain.FieldError;
import onego.domain.FieldSpec;
import onego.domain.FormSchemas;
import onego.domain.FormValidator;
import onego.domain.IdNumbers;
import onego.domain.ItemSelection;
import onego.domain.ItemSpec;
import onego.domain.Material;
import onego.domain.Phones;
import onego.domain.PrerequisiteClaims;
import onego.domain.Thing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a POST /cases body against the catalog. Wrong JSON types at the top level are a 400;
 * everything else (a {@code null} where an object or array belongs included) is collected and
 * reported at once as one 422 listing every failing field. Bodies come in with their identifiers
 * and form values already canonical ({@link #canonical}). Form dates are checked for plausibility
 * ({@link DatePlausibility}) against the node's clock.
 */
public final class SubmissionValidator {
  private static final Set<String> TOP_LEVEL = Set.of("thing", "items", "applicant", "form", "materials", "commitments", "delivery",
      "agent", "prerequisites", "region");
  private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}");
  private static final int MAX_TEXT = 200;
  private static final Set<String> PERSON_FIELDS = Set.of("type", "idNumber", "name", "phone");
  private static final Set<String> ENTERPRISE_FIELDS = Set.of("type", "creditCode", "name", "phone", "legalRepresentativeIdNumber", "contactName");

  private final Catalog catalog;
  private final CanonicalIdentifiers identifiers;
  private final FormSchemas forms;
  private final Clock clock;
  private final Set<String> peerProvinces;

  public SubmissionValidator(Catalog catalog) {
    this(catalog, new FormSchemas(catalog));
  }

  /** {@code forms} is the cache the catalog endpoints publish from: forms are checked against exactly what is published. */
  public SubmissionValidator(Catalog catalog, FormSchemas forms) {
    this(catalog, forms, Clock.systemUTC());
  }

  /** As {@link #SubmissionValidator(Catalog, FormSchemas)}, with {@code clock} as "now" for the date plausibility rules. */
  public SubmissionValidator(Catalog catalog, FormSchemas forms, Clock clock) {
    this(catalog, forms, clock, Set.of());
  }

  /**
   * As {@link #SubmissionValidator(Catalog, FormSchemas, Clock)}; {@code peerProvinces}: the 2-digit
   * codes of the provinces whose platforms are federation peers (跨省通办): a {@code region} there is accepted.
   */
  public SubmissionValidator(Catalog catalog, FormSchemas forms, Clock clock, Set<String> peerProvinces) {
    this.peerProvinces = Set.copyOf(peerProvinces);
    this.catalog = catalog;
    this.identifiers = new CanonicalIdentifiers(catalog);
    this.forms = forms;
    this.clock = clock;
  }

  /**
   * A copy of {@code body} with its identifiers in their canonical spelling and its form values in the
   * canonical form of their type ({@link CanonicalFormValues}): what is hashed, validated, stored and
   * forwarded to departments.
   */
  public JsonObject canonical(JsonObject body) {
    JsonObject out = identifiers.submission(body);
    if (out.getValue("form") instanceof JsonObject f) CanonicalFormValues.apply(catalog, f);
    return out;
  }

  /**
   * Checks {@code body} filed through {@code channel}: the thing and its applicant types, the chosen
   * items and the proofs of prerequisites they leave out, the agent, the form (fields an earlier chosen
   * item produces are refused: 一次联办), materials, commitments and delivery. Throws a
   * {@link DomainError} (400 or 422 listing every failing field).
   */
  public Submission validate(JsonObject body, String channel) {
    checkTopLevelTypes(body);
    List<FieldError> errors = new ArrayList<>();
    for (String k : body.fieldNames()) if (!TOP_LEVEL.contains(k)) errors.add(new FieldError(k, "unknown field"));
    body = withoutNulls(body, Set.of("items", "region"), errors);

    String thingCode = body.getString("thing");
    Thing thing = thingCode == null ? null : catalog.thing(thingCode).orElse(null);
    if (thingCode == null) errors.add(new FieldError("thing", "required"));
    else if (thing == null) errors.add(new FieldError("thing", "unknown thing " + thingCode));

    JsonObject applicant = body.getJsonObject("applicant");
    String[] identity = applicant(applicant, errors);
    JsonObject form = body.getJsonObject("form", new JsonObject());
    JsonArray materials = body.getJsonArray("materials", new JsonArray());
    JsonArray commitments = body.getJsonArray("commitments", new JsonArray());
    JsonObject delivery = body.getJsonObject("delivery");

    JsonObject agent = body.getJsonObject("agent");
    String agentId = agent == null ? null : AgentCheck.check(agent, channel, identity[1], errors);

    if (thing == null) throw DomainError.invalid(errors);
    if (identity[0] != null && !thing.applicantTypes().contains(identity[0])) {
      errors.add(new FieldError("applicant.type", thing.code() + " is applied for by " + String.join(" or ", thing.applicantTypes())
          + ", not " + identity[0]));
    }
    List<ItemSpec> items = ItemSelection.resolve(thing, stringList(body.getJsonArray("items"), "items", errors), errors);
    List<PrerequisiteClaims.Claim> proofs = PrerequisiteClaims.match(ItemSelection.heldElsewhere(thing, items), body.getJsonArray("prerequisites"), errors);
    JsonObject keptForm = FormValidator.validate(forms.of(thing, items), forms.of(thing).form(), form, errors);
    DatePlausibility.check(forms.of(thing, items).form(), keptForm, clock.instant(), errors);
    phonesFitApplicant(keptForm, "person".equals(identity[0]) ? identity[1] : null, errors);
    JsonArray keptMaterials = materials(thing, items, materials, commitments, errors);
    JsonObject normalizedDelivery = delivery(thing, delivery, errors);
    String region = body.getString("region");
    if (region != null) region(region, errors);
    if (!errors.isEmpty()) throw DomainError.invalid(errors);
    return new Submission(thing, items, identity[0], identity[1], identity[2], applicant, keptForm, keptMaterials, commitments,
        normalizedDelivery, agent, agentId, proofs, region);
  }

  /**
   * The {@code phone} format accepts a Hong Kong, Macau or Taiwan number whoever the applicant is
   * (it cannot see the applicant); here such a number in a {@code phone} form field of {@code form}
   * is refused unless {@code applicantIdNumber} (a person's; null for an enterprise) is that region's
   * residence permit ({@link Phones#problemFor}). Mainland numbers and fields the format already
   * refused are left alone.
   */
  private void phonesFitApplicant(JsonObject form, String applicantIdNumber, List<FieldError> errors) {
    for (String name : form.fieldNames()) {
      FieldSpec spec = catalog.field(name);
      if (spec == null || !"phone".equals(spec.format()) || !(form.getValue(name) instanceof String phone) || !Phones.validInAnyRegion(phone)) continue;
      String problem = Phones.problemFor(phone, applicantIdNumber);
      if (problem != null) errors.add(new FieldError("form." + name, problem));
    }
  }

  /** What a supplement (补正) brings: form values and materials of one item, checked like at intake. */
  public record Supplement(JsonObject form, JsonArray materials) {}

  /**
   * Checks what a supplement brings to {@code item} of a case of {@code thing} whose applicant is
   * {@code applicantId} (a resident ID number or credit code: a Hong Kong, Macau or Taiwan phone
   * fits only that region's permit, as at intake).
   */
  public Supplement validateSupplement(Thing thing, ItemSpec item, JsonObject body, String applicantId) {
    List<FieldError> wrong = new ArrayList<>();
    expect(body, "form", JsonObject.class, "an object", wrong);
    expect(body, "materials", JsonArray.class, "an array", wrong);
    if (!wrong.isEmpty()) throw DomainError.badRequest("wrong types at the top level of the body", wrong);
    List<FieldError> errors = new ArrayList<>();
    for (String k : body.fieldNames()) if (!k.equals("form") && !k.equals("materials")) errors.add(new FieldError(k, "unknown field"));
    body = withoutNulls(body, Set.of(), errors);
    if (body.getValue("form") instanceof JsonObject f) {
      identifiers.form(f);
      CanonicalFormValues.apply(catalog, f);
    }
    JsonObject form = body.getJsonObject("form", new JsonObject());
    JsonArray materials = body.getJsonArray("materials", new JsonArray());
    if (form.isEmpty() && materials.isEmpty()) errors.add(new FieldError("form", "a supplement needs form values or materials"));
    JsonObject kept = FormValidator.validatePartial(forms.of(thing, List.of(item)), item.code(), form, errors);
    DatePlausibility.check(forms.of(thing, List.of(item)).form(), kept, clock.instant(), errors);
    List<FieldError> misfits = new ArrayList<>();
    phonesFitApplicant(kept, applicantId, misfits);
    for (FieldError e : misfits) kept.remove(e.field().substring("form.".length()));
    errors.addAll(misfits);
    for (int i = 0; i < materials.size(); i++) {
      String at = "materials[" + i + "]";
      if (!(materials.getValue(i) instanceof JsonObject m) || !(m.getValue("code") instanceof String code)) {
        errors.add(new FieldError(at, "must be an object {code, ecertRef | fileRef}"));
      } else if (!item.materials().contains(code)) {
        errors.add(new FieldError(at + ".code", "material " + code + " is not a material of item " + item.code()));
      } else {
        reference(catalog.material(code), m, at, errors);
      }
    }
    if (!errors.isEmpty()) throw DomainError.invalid(errors);
    return new Supplement(kept, materials);
  }

  /**
   * Checks the body of {@code POST /cases/{caseId}/materials} (容缺 handed in): {@code materials}, a
   * non-empty array of {code, ecertRef | fileRef}, each a material of {@code thing}; whether each is
   * owed by the case is the flow's check. Wrong top-level types 400, anything else wrong 422.
   */
  public JsonArray validateOwedMaterials(Thing thing, JsonObject body) {
    List<FieldError> wrong = new ArrayList<>();
    expect(body, "materials", JsonArray.class, "an array", wrong);
    if (!wrong.isEmpty()) throw DomainError.badRequest("wrong types at the top level of the body", wrong);
    List<FieldError> errors = new ArrayList<>();
    for (String k : body.fieldNames()) if (!k.equals("materials")) errors.add(new FieldError(k, "unknown field"));
    JsonArray materials = body.getJsonArray("materials");
    if (materials == null || materials.isEmpty()) errors.add(new FieldError("materials", "required: the owed materials handed in"));
    Set<String> ofThing = new java.util.HashSet<>();
    thing.items().forEach(i -> ofThing.addAll(i.materials()));
    for (int i = 0; materials != null && i < materials.size(); i++) {
      String at = "materials[" + i + "]";
      if (!(materials.getValue(i) instanceof JsonObject m) || !(m.getValue("code") instanceof String code)) {
        errors.add(new FieldError(at, "must be an object {code, ecertRef | fileRef}"));
      } else if (!ofThing.contains(code)) {
        errors.add(new FieldError(at + ".code", "material " + code + " is not a material of this thing"));
      } else {
        reference(catalog.material(code), m, at, errors);
      }
    }
    if (!errors.isEmpty()) throw DomainError.invalid(errors);
    return materials;
  }

  /** The city's division code: the region of a case that names none, filed by a channel without a region of its own. */
  public String cityRegion() {
    return catalog.regions().city();
  }

  /**
   * Where the case is to be handled (就近办, 全市通办, 跨省通办): a 6-digit division code that is the city,
   * one of its divisions ({@link onego.domain.Regions}), or in the province of a federation peer.
   */
  private void region(String code, List<FieldError> errors) {
    onego.domain.Regions regions = catalog.regions();
    if (!onego.domain.Regions.wellFormed(code)) {
      errors.add(new FieldError("region", "must be a 6-digit administrative division code (e.g. " + regions.city() + ")"));
    } else if (onego.domain.Regions.provinceOf(code).equals(regions.province())) {
      if (!regions.local(code)) errors.add(new FieldError("region", "unknown region " + code + ": this platform handles "
          + regions.cityName() + " (" + regions.city() + ") and its divisions"));
    } else if (!peerProvinces.contains(onego.domain.Regions.provinceOf(code))) {
      errors.add(new FieldError("region", "no platform of province " + onego.domain.Regions.provinceOf(code)
          + " is a federation peer of this one (跨省通办)"));
    }
  }

  private static void checkTopLevelTypes(JsonObject body) {
    List<FieldError> wrong = new ArrayList<>();
    expect(body, "thing", String.class, "a string", wrong);
    expect(body, "items", JsonArray.class, "an array of item codes", wrong);
    expect(body, "applicant", JsonObject.class, "an object", wrong);
    expect(body, "form", JsonObject.class, "an object", wrong);
    expect(body, "materials", JsonArray.class, "an array", wrong);
    expect(body, "commitments", JsonArray.class, "an array of material codes", wrong);
    expect(body, "delivery", JsonObject.class, "an object", wrong);
    expect(body, "agent", JsonObject.class, "an object", wrong);
    expect(body, "prerequisites", JsonArray.class, "an array", wrong);
    expect(body, "region", String.class, "a string (6-digit division code)", wrong);
    if (!wrong.isEmpty()) throw DomainError.badRequest("wrong types at the top level of the body", wrong);
  }

  /**
   * {@code body} without its top-level members that are JSON {@code null}; each is an error, since
   * every member of these bodies is a string, an object or an array when given (422, not a 500),
   * but for the members of {@code absentWhenNull}, where {@code null} means "not given": a
   * submission's {@code items} (the default selection; what a client generated with OpenAPI
   * Generator's defaults may send for a nullable list it was not given).
   */
  private static JsonObject withoutNulls(JsonObject body, Set<String> absentWhenNull, List<FieldError> errors) {
    if (!body.getMap().containsValue(null)) return body;
    JsonObject out = new JsonObject();
    for (String k : body.fieldNames()) {
      Object v = body.getValue(k);
      if (v != null) out.put(k, v);
      else if (!absentWhenNull.contains(k)) errors.add(new FieldError(k, "must not be null; leave it out or give a value"));
    }
    return out;
  }

  private static void expect(JsonObject body, String key, Class<?> type, String what, List<FieldError> wrong) {
    Object v = body.getValue(key);
    if (v != null && !type.isInstance(v)) wrong.add(new FieldError(key, "must be " + what));
  }

  /** Returns {type, id, phone}; adds errors for what is missing or invalid. */
  private static String[] applicant(JsonObject a, List<FieldError> errors) {
    if (a == null) {
      errors.add(new FieldError("applicant", "required"));
      return new String[3];
    }
    String type = text(a, "type", "applicant.type", errors);
    String id = null;
    if ("person".equals(type)) {
      id = text(a, "idNumber", "applicant.idNumber", errors);
      if (id != null && IdNumbers.problem(id) != null) errors.add(new FieldError("applicant.idNumber", "not a valid resident ID number: " + IdNumbers.problem(id)));
    } else if ("enterprise".equals(type)) {
      id = text(a, "creditCode", "applicant.creditCode", errors);
      if (id != null && CreditCodes.problem(id) != null) errors.add(new FieldError("applicant.creditCode", "not a valid unified social credit code: " + CreditCodes.problem(id)));
      Object rep = a.getValue("legalRepresentativeIdNumber");
      if (rep != null && (!(rep instanceof String s) || IdNumbers.problem(s) != null)) {
        errors.add(new FieldError("applicant.legalRepresentativeIdNumber", "not a valid resident ID number"));
      }
    } else if (type != null) {
      errors.add(new FieldError("applicant.type", "must be person or enterprise"));
    }
    text(a, "name", "applicant.name", errors);
    String phone = text(a, "phone", "applicant.phone", errors);
    String problem = phone == null ? null : Phones.problemFor(phone, "person".equals(type) ? id : null);
    if (problem != null) errors.add(new FieldError("applicant.phone", problem));
    Set<String> allowed = "enterprise".equals(type) ? ENTERPRISE_FIELDS : PERSON_FIELDS;
    for (String k : a.fieldNames()) {
      if (!allowed.contains(k)) errors.add(new FieldError("applicant." + k, "not a field of a " + (type == null ? "person" : type) + " applicant"));
    }
    return new String[] {type, id, phone};
  }

  private static String text(JsonObject o, String key, String field, List<FieldError> errors) {
    Object v = o.getValue(key);
    if (v == null || (v instanceof String s && s.isBlank())) {
      errors.add(new FieldError(field, "required"));
      return null;
    }
    if (!(v instanceof String s)) {
      errors.add(new FieldError(field, "must be a string"));
      return null;
    }
    if (s.length() > MAX_TEXT) {
      errors.add(new FieldError(field, "must be at most " + MAX_TEXT + " characters"));
      return null;
    }
    return s;
  }

  private static List<String> stringList(JsonArray a, String field, List<FieldError> errors) {
    if (a == null) return null;
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      if (a.getValue(i) instanceof String s) out.add(s);
      else errors.add(new FieldError(field + "[" + i + "]", "must be a string"));
    }
    return out;
  }

  /**
   * Checks the materials and commitments; answers the materials the chosen items need (one of
   * the thing's materials that only unchosen items use is dropped, like their form fields).
   */
  private JsonArray materials(Thing thing, List<ItemSpec> items, JsonArray supplied, JsonArray commitments, List<FieldError> errors) {
    Map<String, List<String>> needed = new LinkedHashMap<>();
    Map<String, String> produced = new LinkedHashMap<>();
    List<String> chosen = items.stream().map(ItemSpec::code).toList();
    for (ItemSpec i : items) {
      for (String m : i.materials()) {
        String source = ItemSelection.chosenSource(thing, i, m, chosen);
        if (source == null) needed.computeIfAbsent(m, k -> new ArrayList<>()).add(i.code());
        else produced.putIfAbsent(m, source);
      }
    }
    produced.keySet().removeAll(needed.keySet());
    Set<String> ofThing = new java.util.HashSet<>();
    thing.items().forEach(i -> ofThing.addAll(i.materials()));

    JsonArray kept = new JsonArray();
    Set<String> given = new LinkedHashSet<>();
    for (int i = 0; i < supplied.size(); i++) {
      String at = "materials[" + i + "]";
      if (!(supplied.getValue(i) instanceof JsonObject m)) {
        errors.add(new FieldError(at, "must be an object {code, ecertRef | fileRef}"));
        continue;
      }
      String code = m.getValue("code") instanceof String s ? s : null;
      if (code == null) {
        errors.add(new FieldError(at + ".code", "required"));
        continue;
      }
      if (!ofThing.contains(code)) {
        errors.add(new FieldError(at + ".code", "material " + code + " is not a material of this thing"));
        continue;
      }
      if (produced.containsKey(code)) {
        errors.add(new FieldError(at + ".code", "material " + code + " is issued by item " + produced.get(code) + " of this case (一次联办): leave it out"));
        continue;
      }
      if (!given.add(code)) errors.add(new FieldError(at + ".code", "material " + code + " is given twice"));
      reference(catalog.material(code), m, at, errors);
      if (needed.containsKey(code)) kept.add(m);
    }
    Set<String> committed = new LinkedHashSet<>();
    for (int i = 0; i < commitments.size(); i++) {
      String at = "commitments[" + i + "]";
      Object v = commitments.getValue(i);
      Material mat = v instanceof String s && needed.containsKey(s) ? catalog.material(s) : null;
      if (mat == null) errors.add(new FieldError(at, "not a material of the chosen items"));
      else if (!mat.commitmentAllowed()) errors.add(new FieldError(at, "material " + mat.code() + " cannot be replaced by a commitment (告知承诺)"));
      else committed.add(mat.code());
    }
    for (Map.Entry<String, List<String>> e : needed.entrySet()) {
      Material mat = catalog.material(e.getKey());
      if (given.contains(mat.code()) || committed.contains(mat.code()) || mat.waivable()) continue;
      String how = mat.commitmentAllowed() ? "; supply it or list it in commitments (告知承诺)" : "";
      errors.add(new FieldError("materials." + mat.code(), "missing: " + mat.name() + ", required by " + String.join(", ", e.getValue()) + how));
    }
    return kept;
  }

  private static void reference(Material mat, JsonObject m, String at, List<FieldError> errors) {
    Object ecert = m.getValue("ecertRef");
    Object file = m.getValue("fileRef");
    if ((ecert == null) == (file == null)) {
      errors.add(new FieldError(at, "give exactly one of ecertRef or fileRef"));
    } else if (ecert != null) {
      if (mat.ecertType() == null) errors.add(new FieldError(at + ".ecertRef", "material " + mat.code() + " has no electronic certificate; give fileRef"));
      else if (!(ecert instanceof String s) || !REF.matcher(s).matches()) errors.add(new FieldError(at + ".ecertRef", "not a valid e-certificate reference"));
    } else if (!(file instanceof String s) || !REF.matcher(s).matches()) {
      errors.add(new FieldError(at + ".fileRef", "not a valid file reference"));
    }
    for (String k : m.fieldNames()) {
      if (!Set.of("code", "ecertRef", "fileRef", "name").contains(k)) errors.add(new FieldError(at + "." + k, "unknown field"));
    }
  }

  private static JsonObject delivery(Thing thing, JsonObject d, List<FieldError> errors) {
    if (d == null) {
      String method = thing.deliveryMethods().get(0);
      if (method.equals("ems")) errors.add(new FieldError("delivery", "required"));
      return new JsonObject().put("method", method);
    }
    Object method = d.getValue("method");
    if (!(method instanceof String m) || !thing.deliveryMethods().contains(m)) {
      errors.add(new FieldError("delivery.method", "must be one of " + String.join(", ", thing.deliveryMethods())));
      return d;
    }
    Object address = d.getValue("address");
    if (m.equals("ems") || m.equals("locker")) {
      if (!(address instanceof String a) || a.isBlank()) errors.add(new FieldError("delivery.address", "required for " + m));
      else if (a.length() > MAX_TEXT) errors.add(new FieldError("delivery.address", "must be at most " + MAX_TEXT + " characters"));
    }
    for (String k : d.fieldNames()) {
      if (!Set.of("method", "address", "window", "recipient", "phone").contains(k)) errors.add(new FieldError("delivery." + k, "unknown field"));
    }
    Object phone = d.getValue("phone");
    if (phone != null && !(phone instanceof String p && Phones.valid(p))) errors.add(new FieldError("delivery.phone", "not a valid mobile number"));
    return d;
  }
}
