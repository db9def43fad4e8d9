package onego.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.NodeTest;
import onego.server.support.RawHttp;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import onego.server.web.FailureHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The bad input of issue 9, each case as it was found: answered with the contract's 4xx, nothing stored, nobody else hurt. */
class BadInputTest extends NodeTest {
  private static final Vertx CLIENT = Vertx.vertx();
  private static RawHttp raw;
  private static JsonObject notice;

  @BeforeAll
  static void prepare() {
    raw = new RawHttp(node.port());
    notice = http.get("/api/v1/things/newborn").json();
  }

  @AfterAll
  static void closeClient() {
    CLIENT.close();
  }

  private static JsonObject valid() {
    return Submissions.fromNotice(notice, Submissions.idNumber());
  }

  private static long cases() {
    return TestServices.count("SELECT count(*) FROM cases");
  }

  @Test
  void brokenPercentEncodingInTheQueryIsA400NamingTheParameter() {
    RawHttp.Response r = raw.get("/api/v1/things?q=%%%%", null);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.fields()).containsExactly("q");
  }

  @Test
  void aNulInAnApplicantPathIsA400NotADatabaseError() {
    RawHttp.Response r = raw.get("/api/v1/applicants/%00/cases", "dev-admin");
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.fields()).containsExactly("idNumber");
  }

  @Test
  void anUndecodablePathIsAJsonErrorNamingTheParameter() {
    RawHttp.Response r = raw.get("/api/v1/cases/%zz/events?after=%", "dev-admin");
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("BAD_REQUEST");
    assertThat(r.fields()).contains("caseId", "after");
  }

  @Test
  void invalidUtf8InTheApplicantsNameIsRefusedNotStoredAltered() {
    String body = valid().encode();
    int at = body.indexOf("\"name\":\"") + 8;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(body.substring(0, at).getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xE5, (byte) 0xA8, (byte) 0x9C}); // 娜 after a broken lead byte
    bytes.writeBytes(body.substring(body.indexOf('"', at)).getBytes(StandardCharsets.UTF_8));
    RawHttp.Response r = raw.post("/api/v1/cases", "dev-portal", "application/json", bytes.toByteArray());
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.fields()).containsExactly("applicant.name");
    assertThat(cases()).isZero();
  }

  @Test
  void aNulOrALoneSurrogateInAnyStringOfASubmissionIsA422NamingItAndStoresNothing() {
    JsonObject body = valid();
    body.getJsonObject("form").put("babyName", "王\u0000明");
    body.getJsonObject("applicant").put("name", "李LONE娜");
    body.getJsonArray("materials").getJsonObject(0).put("fileRef\u0000", "x");
    // escaped, as a client's encoder would not send a lone surrogate as UTF-8 at all
    Http.Response r = http.postCase("dev-portal", "nul-1", body.encode().replace("LONE", "\\ud800"));
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(fields(r.json())).contains("form.babyName", "applicant.name", "materials[0].fileRef\\u0000");
    assertThat(cases()).isZero();
  }

  @Test
  void nullWhereTheContractWantsAnObjectOrArrayIsA422NamingTheField() {
    for (String field : List.of("form", "materials", "applicant", "commitments", "delivery")) {
      JsonObject body = valid().putNull(field);
      Http.Response r = http.postCase("dev-portal", "null-" + field, body.encode());
      assertThat(r.status()).as("%s: %s", field, r.body()).isEqualTo(422);
      assertThat(fields(r.json())).as(field).contains(field);
    }
    assertThat(cases()).isZero();
  }

  /** {@code items} is nullable in the contract: null is the default selection, as when it is left out (issue 21); [] is refused. */
  @Test
  void aNullItemsIsTheDefaultSelectionAndAnEmptyOneIsRefused() {
    Http.Response omitted = http.postCase("dev-portal", "items-omitted", valid().encode());
    Http.Response nulled = http.postCase("dev-portal", "items-null", valid().putNull("items").encode());
    assertThat(nulled.status()).as(nulled.body()).isEqualTo(201);
    assertThat(nulled.json().getJsonArray("items").size()).isEqualTo(omitted.json().getJsonArray("items").size());
    Http.Response empty = http.postCase("dev-portal", "items-empty", valid().put("items", new JsonArray()).encode());
    assertThat(empty.status()).isEqualTo(422);
    assertThat(fields(empty.json())).contains("items");
  }

  @Test
  void aJsonBodySentAsAFormIs415() {
    JsonObject body = valid();
    body.getJsonObject("form").put("householdAddress", "解放大道100%号"); // a '%' the form decoder choked on (500)
    RawHttp.Response r = raw.post("/api/v1/cases", "dev-portal", "application/x-www-form-urlencoded", body.encode().getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.body()).isEqualTo(415);
  }

  @Test
  void aBodyTheHttpDecoderCannotReadIsA400NotA500() {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Authorization", "Bearer dev-portal");
    headers.put("Idempotency-Key", "chunk");
    headers.put("Content-Type", "application/json");
    headers.put("Transfer-Encoding", "chunked");
    // Vert.x closes the connection once its decoder fails, so the answer is seen through the FailureHandler's mapping
    FailureHandler failures = new FailureHandler(1);
    NumberFormatException chunk = new NumberFormatException("Invalid character in chunk size");
    chunk.setStackTrace(new StackTraceElement[] {new StackTraceElement("io.netty.handler.codec.http.HttpObjectDecoder", "getChunkSize", null, 1)});
    assertThat(failures.toApiError(chunk, "test").status()).isEqualTo(400);
    assertThat(failures.toApiError(new NumberFormatException("ours"), "test").status()).as("a bug of ours stays a 500").isEqualTo(500);
    raw.sendExpectingNothing("POST", "/api/v1/cases", headers, "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(raw.get("/health/live", null).status()).isEqualTo(200);
  }

  @Test
  void aMethodNotAllowedNamesTheAllowedOnes() {
    RawHttp.Response r = raw.send("DELETE", "/api/v1/cases", Map.of(), null);
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo("POST");
    assertThat(raw.send("PUT", "/api/v1/things/newborn", Map.of(), null).header("Allow")).isEqualTo("GET, HEAD");
    assertThat(raw.send("POST", "/health/live", Map.of(), null).header("Allow")).isEqualTo("GET, HEAD");
  }

  @Test
  void aHugeInvalidBodyGetsASmallErrorWithTheTotalCount() {
    JsonObject body = valid();
    JsonArray materials = new JsonArray();
    for (int i = 0; i < 20_000; i++) materials.add(1);
    body.put("materials", materials);
    Http.Response r = http.postCase("dev-portal", "huge", body.encode());
    assertThat(body.encode().length()).isGreaterThan(40_000);
    assertThat(r.status()).as(r.body().substring(0, 300)).isEqualTo(422);
    JsonObject error = r.json().getJsonObject("error");
    assertThat(error.getJsonArray("details")).hasSize(100);
    assertThat(error.getString("message")).contains("first 100 of 20").contains("problems listed");
    assertThat(r.body().length()).isLessThan(20_000);
  }

  @Test
  void aNulInAWebSocketFrameIsAnErrorFrameNamingTheField() throws Exception {
    LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    WebSocket ws = connect(new WebSocketClientOptions(), frames, new CompletableFuture<>());
    ws.writeTextMessage("{\"op\": \"subscribe\", \"department\": \"health\\u0000\"}");
    JsonObject error = frames.poll(5, TimeUnit.SECONDS);
    assertThat(error).isNotNull();
    assertThat(error.getString("op")).isEqualTo("error");
    assertThat(error.getJsonObject("error").getString("code")).isEqualTo("VALIDATION_FAILED");
    assertThat(fields(error)).containsExactly("department");
    ws.close();
  }

  @Test
  void anOversizedWebSocketMessageIsClosedWith1009() throws Exception {
    CompletableFuture<Short> closed = new CompletableFuture<>();
    WebSocket ws = connect(new WebSocketClientOptions(), new LinkedBlockingQueue<>(), closed);
    ws.writeTextMessage("{\"op\": \"subscribe\", \"department\": \"" + "x".repeat(300_000) + "\"}"); // sent as 64 KiB frames
    assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo((short) 1009);
  }

  @Test
  void anOversizedWebSocketFrameIsClosedWith1009() throws Exception {
    CompletableFuture<Short> closed = new CompletableFuture<>();
    WebSocket ws = connect(new WebSocketClientOptions().setMaxFrameSize(1 << 20), new LinkedBlockingQueue<>(), closed);
    ws.writeTextMessage("{\"op\": \"subscribe\", \"department\": \"" + "x".repeat(100_000) + "\"}"); // one frame over 64 KiB
    assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo((short) 1009);
  }

  @Test
  void invalidUtf8InAWebSocketTextFrameClosesItWith1007() {
    byte[] invalid = {'{', '"', 'o', 'p', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'};
    assertThat(raw.webSocketFrame("dev-admin", 1, invalid)).isEqualTo(1007);
    byte[] valid = "{\"op\":\"subscribe\",\"department\":\"nope\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(raw.webSocketFrame("dev-admin", 1, valid)).as("an error frame, the socket stays open").isEqualTo(-1);
  }

  private static WebSocket connect(WebSocketClientOptions options, LinkedBlockingQueue<JsonObject> frames, CompletableFuture<Short> closed)
      throws Exception {
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("localhost").setPort(node.port()).setURI("/api/v1/ws")
        .addHeader("Authorization", "Bearer dev-admin");
    WebSocket ws = CLIENT.createWebSocketClient(options).connect(o).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    ws.textMessageHandler(t -> frames.add(new JsonObject(t)));
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
    return ws;
  }

  private static List<String> fields(JsonObject answer) {
    return answer.getJsonObject("error").getJsonArray("details").stream().map(d -> ((JsonObject) d).getString("field")).toList();
  }
}
