package onego.server.intake;

import io.vertx.core.json.JsonObject;
import onego.domain.FieldError;
import onego.domain.IdNumbers;
import onego.domain.Phones;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the {@code agent} of a POST /cases body: someone filing for the applicant (帮办代办,
 * 委托代理). {@code {"name", "idNumber", "phone"?, "relation", "authorization": {"ecertRef"} | {"fileRef"}}}.
 * At the service-hall window and the community station ({@link #IN_PERSON}) staff see the paper
 * authorization and the agent in person, so a scanned {@code fileRef} is accepted; online channels
 * need an {@code ecertRef} (an e-certificate of type {@code power-of-attorney} the registry verifies).
 */
final class AgentCheck {
  /** Channels where the agent stands in front of staff. */
  static final Set<String> IN_PERSON = Set.of("window", "community");
  private static final Set<String> FIELDS = Set.of("name", "idNumber", "phone", "relation", "authorization");
  private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}");
  private static final int MAX_TEXT = 200;

  private AgentCheck() {}

  /** Adds every problem of {@code agent} filed through {@code channel} to {@code errors}; answers the agent's ID number or null. */
  static String check(JsonObject agent, String channel, String applicantId, List<FieldError> errors) {
    for (String k : agent.fieldNames()) if (!FIELDS.contains(k)) errors.add(new FieldError("agent." + k, "unknown field"));
    text(agent, "name", errors);
    text(agent, "relation", errors);
    String id = text(agent, "idNumber", errors);
    if (id != null && IdNumbers.problem(id) != null) {
      errors.add(new FieldError("agent.idNumber", "not a valid resident ID number: " + IdNumbers.problem(id)));
      id = null;
    } else if (id != null && id.equals(applicantId)) {
      errors.add(new FieldError("agent.idNumber", "the agent cannot be the applicant; leave agent out"));
    }
    Object phone = agent.getValue("phone");
    if (phone != null && !(phone instanceof String p && Phones.valid(p))) errors.add(new FieldError("agent.phone", "not a valid mobile number"));
    if (!(agent.getValue("authorization") instanceof JsonObject auth)) {
      errors.add(new FieldError("agent.authorization", "required: {ecertRef} or {fileRef} of the authorization (授权委托书)"));
      return id;
    }
    Object ecert = auth.getValue("ecertRef");
    Object file = auth.getValue("fileRef");
    for (String k : auth.fieldNames()) {
      if (!k.equals("ecertRef") && !k.equals("fileRef")) errors.add(new FieldError("agent.authorization." + k, "unknown field"));
    }
    if ((ecert == null) == (file == null)) {
      errors.add(new FieldError("agent.authorization", "give exactly one of ecertRef or fileRef"));
    } else if (ecert != null && !(ecert instanceof String s && REF.matcher(s).matches())) {
      errors.add(new FieldError("agent.authorization.ecertRef", "not a valid e-certificate reference"));
    } else if (file != null && !(file instanceof String s && REF.matcher(s).matches())) {
      errors.add(new FieldError("agent.authorization.fileRef", "not a valid file reference"));
    } else if (file != null && !IN_PERSON.contains(channel)) {
      errors.add(new FieldError("agent.authorization", "channel " + channel + " needs an e-certificate (ecertRef) of the authorization;"
          + " a scanned file is accepted only in person (window, community)"));
    }
    return id;
  }

  private static String text(JsonObject o, String key, List<FieldError> errors) {
    Object v = o.getValue(key);
    if (!(v instanceof String s) || s.isBlank()) {
      errors.add(new FieldError("agent." + key, v == null ? "required" : "must be a non-empty string"));
      return null;
    }
    if (s.length() > MAX_TEXT) {
      errors.add(new FieldError("agent." + key, "must be at most " + MAX_TEXT + " characters"));
      return null;
    }
    return s;
  }
}
