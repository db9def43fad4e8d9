package onego.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.NodeTest;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request example in openapi.yaml, sent as the spec shows it to a live node, gets the status
 * the spec documents for it: what a portal team copies from the document works.
 */
class OpenApiExamplesTest extends NodeTest {
  /** The caller and path values each operation's examples need, and the state they need first. */
  private record Call(String token, Map<String, String> pathValues, Map<String, String> headers) {}

  static List<OpenApiDocument.RequestExample> examples() {
    return OpenApiDocument.requestExamples();
  }

  @Test
  void theSpecHasRequestExamplesForTheMainWrites() {
    assertThat(examples()).extracting(OpenApiDocument.RequestExample::operationId)
        .contains("submitCase", "rateCase", "supplementItem", "reportItemStatus");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyRequestExampleGetsTheDocumentedStatus(OpenApiDocument.RequestExample example) {
    Call call = prepare(example.operationId());
    String path = example.pathTemplate();
    for (Map.Entry<String, String> v : call.pathValues().entrySet()) path = path.replace("{" + v.getKey() + "}", v.getValue());
    HttpRequest.Builder b = http.request(path).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + call.token())
        .method(example.method(), HttpRequest.BodyPublishers.ofString(example.body().toString()));
    call.headers().forEach(b::header);
    Http.Response r = http.send(b.build());
    assertThat(r.status()).as(example + " answered " + r.body()).isEqualTo(example.expectedStatus());
  }

  private Call prepare(String operationId) {
    return switch (operationId) {
      case "submitCase" -> new Call("dev-portal", Map.of(), Map.of("Idempotency-Key", "example-" + UUID.randomUUID()));
      case "rateCase" -> {
        UUID caseId = submitTheSpecsCase();
        TestServices.setCaseState(caseId, "COMPLETED", "COMPLETED");
        yield new Call("dev-portal", Map.of("caseId", caseId.toString()), Map.of());
      }
      case "supplementItem" -> {
        UUID caseId = submitTheSpecsCase();
        String itemId = itemOf(caseId, "birth-medical-certificate");
        TestServices.sql("UPDATE case_items SET status = 'RETURNED' WHERE item_id = '" + itemId + "'");
        yield new Call("dev-portal", Map.of("caseId", caseId.toString(), "itemId", itemId), Map.of());
      }
      case "reportItemStatus" -> {
        UUID caseId = submitTheSpecsCase();
        String itemId = itemOf(caseId, "birth-medical-certificate");
        TestServices.sql("UPDATE case_items SET status = 'DISPATCHED' WHERE item_id = '" + itemId + "'");
        yield new Call("dev-dept-health", Map.of("code", "health", "itemId", itemId), Map.of());
      }
      case "rateItem" -> {
        UUID caseId = submitTheSpecsCase();
        String itemId = itemOf(caseId, "birth-medical-certificate");
        TestServices.sql("UPDATE case_items SET status = 'ACCEPTED' WHERE item_id = '" + itemId + "'");
        yield new Call("dev-portal", Map.of("caseId", caseId.toString(), "itemId", itemId), Map.of());
      }
      // leases the node never handed out: each answers not-found, the batch 200
      case "ackItems" -> new Call("dev-dept-disabled-persons-federation", Map.of("code", "disabled-persons-federation"), Map.of());
      case "fileComplaint" -> new Call("dev-hotline", Map.of(), Map.of());
      case "answerComplaint" -> {
        Http.Response filed = http.send(http.request("/api/v1/supervision/complaints").header("Content-Type", "application/json")
            .header("Authorization", "Bearer dev-hotline").POST(HttpRequest.BodyPublishers.ofString(
                "{\"kind\": \"complaint\", \"department\": \"health\", \"content\": \"办理慢\"}")).build());
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        yield new Call("dev-dept-health", Map.of("complaintId", filed.json().getString("complaintId")), Map.of());
      }
      case "urgeCase" -> new Call("dev-hotline", Map.of("caseId", submitTheSpecsCase().toString()), Map.of());
      case "supplyOwedMaterials" -> {
        UUID caseId = submitTheSpecsCase();
        // the 结婚证 owed under 容缺 (the spec's case may have supplied it: then owed as if it had not)
        TestServices.sql("INSERT INTO obligations (case_id, kind, material, items, due_at, state) VALUES ('" + caseId
            + "', 'waiver', 'marriage-certificate', '{household-registration}', now() + interval '5 days', 'OWED') "
            + "ON CONFLICT (case_id, kind, material) DO UPDATE SET state = 'OWED'");
        yield new Call("dev-portal", Map.of("caseId", caseId.toString()), Map.of());
      }
      // platform to platform: no token counts, only a configured peer's signature (the examples carry none)
      case "receiveHandoff" -> new Call("dev-admin", Map.of(), Map.of());
      case "receiveHandoffStatus", "receiveHandoffSupplement", "receiveHandoffWithdrawal" ->
          new Call("dev-admin", Map.of("handoffId", "43-6f1c0b9e-2d4a-4e8b-9c1d-7a5e3f2b1c0d"), Map.of());
      default -> throw new AssertionError("openapi.yaml has a request example for " + operationId
          + "; teach this test what state and caller it needs");
    };
  }

  /** The spec's own submitCase example, submitted: the case the other examples act on. */
  private static UUID submitTheSpecsCase() {
    JsonNode body = examples().stream().filter(e -> e.operationId().equals("submitCase")).findFirst().orElseThrow().body();
    Http.Response r = http.postCase("dev-portal", "example-" + UUID.randomUUID(), body.toString());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return UUID.fromString(r.json().getString("caseId"));
  }

  private static String itemOf(UUID caseId, String code) {
    Map<String, String> byCode = new HashMap<>();
    http.get("/api/v1/cases/" + caseId, "dev-portal").json().getJsonArray("items")
        .forEach(i -> byCode.put(((JsonObject) i).getString("code"), ((JsonObject) i).getString("itemId")));
    assertThat(byCode).containsKey(code);
    return byCode.get(code);
  }
}
