package onego.server.intake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.ItemSpec;
import onego.domain.Thing;

import java.util.List;

/** A POST /cases body that passed every check: the thing, the chosen items and the applicant's data. */
public record Submission(
    Thing thing,
    List<ItemSpec> items,
    String applicantType,
    String applicantId,
    String applicantPhone,
    JsonObject applicant,
    JsonObject form,
    JsonArray materials,
    JsonArray commitments,
    JsonObject delivery) {}
