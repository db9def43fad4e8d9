package onego.server.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.FormFormats;
import onego.domain.IdNumbers;
import onego.server.support.Http;
import onego.server.support.NodeTest;
import onego.server.support.Submissions;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server and its published form schema agree: for valid and invalid form values, the fields
 * the server's 422 lists are exactly those a standard JSON Schema 2020-12 validator (networknt,
 * compiled from the schema as served over HTTP, with the declared custom formats) reports. The
 * same cases through Ajv are in {@link PublishedFormSchemaAjvTest}.
 */
class PublishedFormSchemaTest extends NodeTest {
  /** A named form mutation of a valid newborn submission. */
  record Case(String name, JsonObject form) {}

  static JsonObject newbornNotice() {
    return http.get("/api/v1/things/newborn").json();
  }

  /** A valid newborn body choosing every item, so the schema to compare with is the whole form. */
  static JsonObject validBody(JsonObject notice) {
    JsonArray items = new JsonArray();
    notice.getJsonArray("items").forEach(i -> items.add(((JsonObject) i).getString("code")));
    return Submissions.fromNotice(notice, Submissions.idNumber()).put("items", items);
  }

  static List<Case> cases(JsonObject validForm) {
    List<Case> out = new ArrayList<>();
    String mother = validForm.getString("motherIdNumber");
    String wrongCheck = mother.substring(0, 17) + (mother.charAt(17) == '1' ? '2' : '1');
    String first17 = "430102" + "19900231" + "123";
    out.add(new Case("valid", validForm.copy()));
    out.add(new Case("id checksum", validForm.copy().put("motherIdNumber", wrongCheck)));
    out.add(new Case("id birth date not a date", validForm.copy().put("fatherIdNumber", first17 + IdNumbers.checkChar(first17))));
    out.add(new Case("id too short", validForm.copy().put("fatherIdNumber", "4301021990")));
    out.add(new Case("id as a number", validForm.copy().put("fatherIdNumber", 430102199001011234L)));
    out.add(new Case("too long", validForm.copy().put("babyName", "张".repeat(51))));
    out.add(new Case("enum miss", validForm.copy().put("babySex", "unknown")));
    out.add(new Case("string for integer", validForm.copy().put("babyBirthWeight", "3200")));
    out.add(new Case("fraction for integer", validForm.copy().put("babyBirthWeight", 3200.5)));
    out.add(new Case("integral double for integer", validForm.copy().put("babyBirthWeight", 3200.0)));
    out.add(new Case("above maximum", validForm.copy().put("babyBirthWeight", 9000)));
    out.add(new Case("below minimum", validForm.copy().put("gestationalWeeks", 10)));
    out.add(new Case("not a date-time", validForm.copy().put("babyBirthTime", "2026-11-02 08:30")));
    out.add(new Case("boolean for string", validForm.copy().put("babyBirthPlace", true)));
    JsonObject missing = validForm.copy();
    missing.remove("babyName");
    out.add(new Case("required missing", missing));
    out.add(new Case("unknown field", validForm.copy().put("babyNmae", "张三")));
    out.add(new Case("several at once", validForm.copy().put("motherIdNumber", wrongCheck).put("babySex", "x")
        .put("babyBirthWeight", "heavy").put("babyNmae", "typo")));
    return out;
  }

  /** The form fields the server refuses {@code body} for: empty when it is accepted (201). */
  static Set<String> serverFormFields(JsonObject body) {
    Http.Response r = http.postCase("dev-portal", "agree-" + System.nanoTime(), body.encode());
    Set<String> out = new TreeSet<>();
    if (r.status() == 201) return out;
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    for (Object o : r.json().getJsonObject("error").getJsonArray("details")) {
      String field = ((JsonObject) o).getString("field");
      assertThat(field).as("only the form is broken in these cases: " + r.body()).startsWith("form.");
      out.add(field.substring("form.".length()));
    }
    return out;
  }

  /** Case name → the server's failing form fields, for every case. */
  static Map<String, Set<String>> serverAnswers(JsonObject notice, List<Case> cases) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (Case c : cases) {
      out.put(c.name(), serverFormFields(validBody(notice).put("form", c.form())));
      TestServices.resetTables();
    }
    return out;
  }

  static JsonObject publishedWholeForm() {
    return http.get("/api/v1/things/newborn/form").json();
  }

  @Test
  void serverRefusesExactlyTheFieldsTheStandardValidatorReportsAgainstThePublishedSchema() throws Exception {
    JsonObject notice = newbornNotice();
    List<Case> cases = cases(validBody(notice).getJsonObject("form"));
    Map<String, Set<String>> server = serverAnswers(notice, cases);
    Schema standard = standardValidator().getSchema(new ObjectMapper().readTree(publishedWholeForm().encode()));
    for (Case c : cases) {
      Set<String> fields = new TreeSet<>();
      for (Error e : standard.validate(new ObjectMapper().readTree(c.form().encode()))) {
        fields.add(e.getInstanceLocation().getNameCount() == 0 ? e.getProperty() : e.getInstanceLocation().getName(0));
      }
      assertThat(server.get(c.name())).as(c.name()).isEqualTo(fields);
    }
    assertThat(server.get("valid")).isEmpty();
    assertThat(server.get("id checksum")).containsExactly("motherIdNumber");
    assertThat(server.get("several at once")).containsExactly("babyBirthWeight", "babyNmae", "babySex", "motherIdNumber");
  }

  @Test
  void theGetAndTheNoticePublishTheSameSchema() {
    assertThat(publishedWholeForm()).isEqualTo(newbornNotice().getJsonObject("form"));
    JsonObject form = publishedWholeForm();
    assertThat(form.getString("$comment")).contains("id-number", "credit-code", "phone", "x-items", "x-prefill");
    assertThat(form.getJsonObject("properties").getJsonObject("motherIdNumber").getString("format")).isEqualTo("id-number");
    assertThat(form.getJsonObject("properties").getJsonObject("birthHospital").getInteger("maxLength")).isNotNull();
  }

  /** A standard 2020-12 validator knowing what the schema's $comment declares, and nothing of OneGo's code but the formats. */
  static SchemaRegistry standardValidator() {
    Dialect dialect = Dialect.builder(Dialects.getDraft202012()).formats(FormFormats.all())
        .keyword(new AnnotationKeyword("x-items")).keyword(new AnnotationKeyword("x-prefill")).build();
    return SchemaRegistry.withDefaultDialect(dialect, b -> b.schemaRegistryConfig(
        SchemaRegistryConfig.builder().formatAssertionsEnabled(true).losslessNarrowing(true).build()));
  }
}
