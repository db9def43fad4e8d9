package onego.server.intake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.ItemSpec;
import onego.domain.PrerequisiteClaims;
import onego.domain.Thing;

import java.util.List;

/**
 * A POST /cases body that passed every check: the thing, the chosen items, the applicant's data, the
 * agent ({@code null} when the applicants file themselves; {@code agentId} their canonical ID number) and
 * the proofs of prerequisites held elsewhere (still to be verified against the registry); {@code region} the
 * 6-digit division code the body named, or null (the channel's region, else the city).
 */
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
    JsonObject delivery,
    JsonObject agent,
    String agentId,
    List<PrerequisiteClaims.Claim> prerequisites,
    String region) {}
