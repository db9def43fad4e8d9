package onego.server.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.DomainError;
import onego.domain.FieldError;
import onego.server.audit.AuditCursor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static onego.server.web.Param.path;
import static onego.server.web.Param.query;
import static onego.server.web.ParamKinds.blankIsAbsent;
import static onego.server.web.ParamKinds.commaList;
import static onego.server.web.ParamKinds.date;
import static onego.server.web.ParamKinds.dateOrTime;
import static onego.server.web.ParamKinds.idNumber;
import static onego.server.web.ParamKinds.oneOf;
import static onego.server.web.ParamKinds.seq;
import static onego.server.web.ParamKinds.text;
import static onego.server.web.ParamKinds.trimmed;
import static onego.server.web.ParamKinds.uuid;
import static onego.server.web.ParamKinds.wholeNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The request reader on its own: kinds, ranges, defaults, required, where a refusal is a 404 or a 400, and documented bodies. */
class RequestReaderTest {
  private static final String VALID_ID = "11010519491231002X";

  private static RequestReader reader(RouteInput... inputs) {
    return RequestReader.of(List.of(inputs), () -> {
      throw new AssertionError("no body declared");
    });
  }

  private static Map<String, Object> read(RequestReader r, Map<String, String> path, Map<String, String> query) {
    return r.read(path::get, query::get);
  }

  private static Map<String, Object> withQuery(RequestReader r, String name, String value) {
    Map<String, String> q = new HashMap<>();
    q.put(name, value);
    return read(r, Map.of(), q);
  }

  private static DomainError refusal(Runnable reading) {
    return catchThrowableOfType(DomainError.class, reading::run);
  }

  @Test
  void aWholeNumberIsReadInItsRangeAndDefaultsWhenNotGiven() {
    RequestReader r = reader(query("limit", wholeNumber(1, 100)).orElse(10));
    assertThat(read(r, Map.of(), Map.of())).containsEntry("limit", 10);
    assertThat(withQuery(r, "limit", "100")).containsEntry("limit", 100);
    for (String bad : List.of("0", "101", "x", "", "1.5", "99999999999")) {
      DomainError e = refusal(() -> withQuery(r, "limit", bad));
      assertThat(e.kind()).as(bad).isEqualTo(DomainError.Kind.BAD_REQUEST);
      assertThat(e.getMessage()).isEqualTo("limit must be a whole number from 1 to 100");
      assertThat(e.details()).containsExactly(new FieldError("limit", "must be 1..100"));
    }
  }

  @Test
  void aRequiredParameterNotGivenOrBlankIsA400NamingIt() {
    RequestReader r = reader(query("idNumber", idNumber()).required());
    for (String absent : new String[] {null, "", "  "}) {
      DomainError e = refusal(() -> withQuery(r, "idNumber", absent));
      assertThat(e.kind()).isEqualTo(DomainError.Kind.BAD_REQUEST);
      assertThat(e.getMessage()).isEqualTo("idNumber is required");
      assertThat(e.details()).containsExactly(new FieldError("idNumber", "required"));
    }
    DomainError bad = refusal(() -> withQuery(r, "idNumber", "110105194912310021"));
    assertThat(bad.details()).extracting(FieldError::field).containsExactly("idNumber");
    assertThat(bad.getMessage()).isEqualTo("idNumber must be a valid resident ID number");
    assertThat(withQuery(r, "idNumber", "１１０１０５-19491231002x")).as("made canonical").containsEntry("idNumber", VALID_ID);
  }

  @Test
  void aPathParameterThatIsNotOfItsKindNamesNothingSoIsA404() {
    RequestReader r = reader(path("caseId", uuid(), "case"), path("ref", text(5), "e-certificate"), path("code"));
    UUID id = UUID.randomUUID();
    assertThat(read(r, Map.of("caseId", id.toString(), "ref", "EC-1", "code", "any thing")))
        .containsEntry("caseId", id).containsEntry("ref", "EC-1").containsEntry("code", "any thing");
    DomainError notUuid = refusal(() -> read(r, Map.of("caseId", "nope", "ref", "EC-1", "code", "x"), Map.of()));
    assertThat(notUuid.kind()).isEqualTo(DomainError.Kind.NOT_FOUND);
    assertThat(notUuid.getMessage()).isEqualTo("no case nope");
    DomainError tooLong = refusal(() -> read(r, Map.of("caseId", id.toString(), "ref", "EC-123", "code", "x"), Map.of()));
    assertThat(tooLong.kind()).isEqualTo(DomainError.Kind.NOT_FOUND);
    assertThat(tooLong.getMessage()).isEqualTo("no e-certificate EC-123");
    assertThat(refusal(() -> read(r, Map.of("caseId", id.toString(), "ref", " ", "code", "x"), Map.of())).kind())
        .as("blank").isEqualTo(DomainError.Kind.NOT_FOUND);
  }

  private static Map<String, Object> read(RequestReader r, Map<String, String> path) {
    return read(r, path, Map.of());
  }

  @Test
  void aQueryParameterNoRouteDeclaresIsIgnoredAndAnOptionalOneNotGivenIsNull() {
    RequestReader r = reader(query("theme", text()), query("q", text()));
    Map<String, Object> values = read(r, Map.of(), Map.of("q", "出生", "bogus", "%00", "limit", "-1"));
    assertThat(values).containsOnlyKeys("theme", "q").containsEntry("q", "出生");
    assertThat(values.get("theme")).isNull();
  }

  @Test
  void theFirstBadParameterInTheOrderDeclaredIsTheAnswer() {
    RequestReader r = reader(query("level", oneOf("yellow", "red")), query("limit", wholeNumber(1, 10)).orElse(5));
    DomainError e = refusal(() -> read(r, Map.of(), Map.of("limit", "0", "level", "blue")));
    assertThat(e.getMessage()).isEqualTo("level must be yellow or red");
    assertThat(e.details()).containsExactly(new FieldError("level", "unknown value"));
  }

  @Test
  void aSeqIsZeroOrMoreAndEmptyMeansTheDefault() {
    RequestReader r = reader(query("after", seq()).orElse(0));
    assertThat(withQuery(r, "after", "")).containsEntry("after", 0);
    assertThat(withQuery(r, "after", "7")).containsEntry("after", 7);
    DomainError e = refusal(() -> withQuery(r, "after", "-1"));
    assertThat(e.getMessage()).isEqualTo("after must be a seq: a whole number, 0 or more");
    assertThat(e.details()).containsExactly(new FieldError("after", "must be a whole number >= 0"));
  }

  @Test
  void oneOfIsExactAndListsTheValues() {
    RequestReader r = reader(query("lifecycle", oneOf("personal", "enterprise", "project")));
    assertThat(withQuery(r, "lifecycle", "project")).containsEntry("lifecycle", "project");
    DomainError e = refusal(() -> withQuery(r, "lifecycle", "PERSONAL"));
    assertThat(e.getMessage()).isEqualTo("lifecycle must be personal, enterprise or project");
    assertThat(e.details()).containsExactly(new FieldError("lifecycle", "unknown value"));
  }

  @Test
  void blankIsAbsentTrimsAndLetsBlankTextCountAsNotGiven() {
    RequestReader r = reader(query("day", blankIsAbsent(date())), query("subject", blankIsAbsent(text(5))), query("case", blankIsAbsent(uuid())));
    Map<String, Object> blank = read(r, Map.of(), Map.of("day", " ", "subject", "", "case", "  "));
    assertThat(blank.get("day")).isNull();
    assertThat(blank.get("subject")).isNull();
    assertThat(blank.get("case")).isNull();
    assertThat(read(r, Map.of(), Map.of("day", " 2026-03-01 ", "subject", " ab "))).containsEntry("day", LocalDate.of(2026, 3, 1)).containsEntry("subject", "ab");
    assertThat(refusal(() -> withQuery(r, "day", "x")).getMessage()).isEqualTo("day must be a date YYYY-MM-DD");
    assertThat(refusal(() -> withQuery(r, "subject", "abcdef")).details()).containsExactly(new FieldError("subject", "1..5 characters"));
    DomainError notUuid = refusal(() -> withQuery(r, "case", "nope"));
    assertThat(notUuid.kind()).as("a query parameter is a 400, not a 404").isEqualTo(DomainError.Kind.BAD_REQUEST);
    assertThat(notUuid.details()).containsExactly(new FieldError("case", "not a UUID"));
  }

  @Test
  void aDateOrTimeIsADayOrAnInstantWithOffset() {
    RequestReader r = reader(query("from", dateOrTime()));
    assertThat(withQuery(r, "from", "2026-03-01")).containsEntry("from", LocalDate.of(2026, 3, 1));
    assertThat(withQuery(r, "from", "2026-03-01T08:00:00+08:00")).containsEntry("from", OffsetDateTime.parse("2026-03-01T08:00:00+08:00"));
    assertThat(refusal(() -> withQuery(r, "from", "2026-13-01")).getMessage()).isEqualTo("from must be a date YYYY-MM-DD");
    DomainError e = refusal(() -> withQuery(r, "from", "yesterday"));
    assertThat(e.getMessage()).isEqualTo("from must be a date YYYY-MM-DD or an RFC 3339 time");
    assertThat(e.details()).containsExactly(new FieldError("from", "expected a date or date-time"));
  }

  @Test
  void trimmedTextMustBeOneToMaxCharacters() {
    RequestReader r = reader(query("phone", trimmed(4)));
    assertThat(withQuery(r, "phone", " 138 ")).containsEntry("phone", "138");
    for (String bad : List.of("", "   ", "13800")) {
      DomainError e = refusal(() -> withQuery(r, "phone", bad));
      assertThat(e.getMessage()).as(bad).isEqualTo("phone must be 1 to 4 characters");
      assertThat(e.details()).containsExactly(new FieldError("phone", "1..4 characters"));
    }
  }

  @Test
  void aCommaListKeepsEmptyWordsAndBlankMeansNotGiven() {
    RequestReader r = reader(query("items", commaList()));
    assertThat(withQuery(r, "items", " a, b,,c")).containsEntry("items", List.of("a", "b", "", "c"));
    assertThat(withQuery(r, "items", " ").get("items")).isNull();
  }

  @Test
  void anAuditCursorIsDaySlashSeq() {
    RequestReader r = reader(query("before", blankIsAbsent(AuditCursor.PARAM)));
    assertThat(withQuery(r, "before", "2026-01-01/5")).containsEntry("before", new AuditCursor(LocalDate.of(2026, 1, 1), 5));
    DomainError e = refusal(() -> withQuery(r, "before", "2026-01-01"));
    assertThat(e.getMessage()).isEqualTo("before must be <day>/<seq> as given in next");
    assertThat(e.details()).containsExactly(new FieldError("before", "expected YYYY-MM-DD/N"));
    assertThat(refusal(() -> withQuery(r, "before", "2026-13-01/1")).getMessage()).isEqualTo("before must be a date YYYY-MM-DD");
  }

  @Test
  void aParameterIsDescribedAsTheOpenApiDocumentWritesIt() {
    assertThat(query("limit", wholeNumber(1, 100)).orElse(10).describe()).isEqualTo(new JsonObject()
        .put("name", "limit").put("in", "query").put("required", false)
        .put("schema", new JsonObject().put("type", "integer").put("minimum", 1).put("maximum", 100).put("default", 10)));
    assertThat(path("caseId", uuid(), "case").describe()).isEqualTo(new JsonObject()
        .put("name", "caseId").put("in", "path").put("required", true).put("schema", new JsonObject().put("type", "string").put("format", "uuid")));
    assertThat(query("level", oneOf("yellow", "red")).describe().getJsonObject("schema").getJsonArray("enum")).isEqualTo(new JsonArray().add("yellow").add("red"));
  }

  @Test
  void aRouteLineThatDeclaresANameTwiceOrTwoBodiesIsRefusedAtStart() {
    assertThatThrownBy(() -> reader(query("limit", text()), query("limit", text()))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reader(JsonBody.checkedByHandler(), JsonBody.checkedByHandler())).isInstanceOf(IllegalArgumentException.class);
  }

  // documented bodies: checked against the served document's schema of the operation

  private static BodySchema documented(String method, String path) {
    try (InputStream in = RequestReaderTest.class.getResourceAsStream("/openapi.yaml")) {
      return BodySchemas.of(new String(in.readAllBytes(), StandardCharsets.UTF_8)).of(method, path);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aRatingBodyIsCheckedAgainstItsDocumentedSchema() {
    BodySchema rating = documented("POST", "/api/v1/cases/:caseId/rating");
    assertThat(rating.problems(new JsonObject().put("score", 5).put("comment", "好"))).isEmpty();
    assertThat(rating.problems(new JsonObject().put("score", 3.0))).as("3.0 is a whole number").isEmpty();
    assertThat(rating.problems(new JsonObject().put("score", 4).putNull("comment"))).as("null counts as absent").isEmpty();
    assertThat(rating.problems(new JsonObject())).containsExactly(new FieldError("score", "required"));
    assertThat(rating.problems(new JsonObject().putNull("score"))).containsExactly(new FieldError("score", "required"));
    assertThat(rating.problems(new JsonObject().put("score", 0))).containsExactly(new FieldError("score", "must be at least 1"));
    assertThat(rating.problems(new JsonObject().put("score", 6))).containsExactly(new FieldError("score", "must be at most 5"));
    assertThat(rating.problems(new JsonObject().put("score", 3.5))).containsExactly(new FieldError("score", "must be a whole number"));
    assertThat(rating.problems(new JsonObject().put("score", "5"))).containsExactly(new FieldError("score", "must be a whole number"));
    assertThat(rating.problems(new JsonObject().put("score", 4).put("comment", 7).put("stars", 4)))
        .containsExactlyInAnyOrder(new FieldError("comment", "must be a string"), new FieldError("stars", "unknown field"));
    assertThat(rating.problems(new JsonObject().put("score", 4).put("comment", "x".repeat(1001))))
        .containsExactly(new FieldError("comment", "must be at most 1000 characters"));
  }

  @Test
  void aDepartmentsBodiesAreCheckedAgainstTheirDocumentedSchemas() {
    BodySchema ack = documented("POST", "/api/v1/departments/:code/items/:itemId/ack");
    assertThat(ack.problems(new JsonObject().put("leaseId", UUID.randomUUID().toString()))).isEmpty();
    assertThat(ack.problems(new JsonObject())).containsExactly(new FieldError("leaseId", "required"));
    assertThat(ack.problems(new JsonObject().put("leaseId", "nope"))).containsExactly(new FieldError("leaseId", "must be a UUID"));
    assertThat(ack.problems(new JsonObject().put("leaseId", 7))).containsExactly(new FieldError("leaseId", "must be a string"));

    BodySchema status = documented("POST", "/api/v1/departments/:code/items/:itemId/status");
    assertThat(status.problems(new JsonObject().put("status", "ACCEPTED").put("note", "已受理").putNull("result"))).isEmpty();
    assertThat(status.problems(new JsonObject().put("status", "DISPATCHED")))
        .containsExactly(new FieldError("status", "must be one of ACCEPTED, IN_PROGRESS, SUSPENDED, RETURNED, COMPLETED, REJECTED"));
    assertThat(status.problems(new JsonObject().put("note", "x"))).containsExactly(new FieldError("status", "required"));
    assertThat(status.problems(new JsonObject().put("status", "COMPLETED").put("eventId", "e".repeat(201)).put("result", "done")))
        .containsExactlyInAnyOrder(new FieldError("eventId", "must be at most 200 characters"), new FieldError("result", "must be an object"));
    JsonObject result = new JsonObject()
        .put("values", new JsonObject().put("ok", "a").put("n", 3).put("flag", true).put("long", "x".repeat(201)))
        .put("certificates", new JsonArray().add(new JsonObject().put("type", "birth-certificate").put("number", "1")).add(new JsonObject().put("type", 1)));
    assertThat(status.problems(new JsonObject().put("status", "COMPLETED").put("result", result))).containsExactlyInAnyOrder(
        new FieldError("result.values.flag", "must be a string or a number"),
        new FieldError("result.values.long", "must be at most 200 characters"),
        new FieldError("result.certificates[1].type", "must be a string"),
        new FieldError("result.certificates[1].number", "required"));
  }
}
