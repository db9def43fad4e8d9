package onego.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.NodeTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogApiTest extends NodeTest {

  @Test
  void themesAreTheTwentySixOfThePlanEachWithAThing() {
    JsonArray themes = http.get("/api/v1/themes").json().getJsonArray("themes");
    Map<String, String> lifecycle = new LinkedHashMap<>();
    themes.forEach(o -> lifecycle.put(((JsonObject) o).getString("code"), ((JsonObject) o).getString("lifecycle")));
    assertThat(lifecycle).hasSize(26);
    assertThat(codesWith(lifecycle, "personal")).containsExactlyInAnyOrder("newborn", "school-enrollment", "certificates",
        "employment", "real-estate", "marriage", "social-insurance", "medical-care", "special-groups", "retirement", "after-death");
    assertThat(codesWith(lifecycle, "enterprise")).containsExactlyInAnyOrder("enterprise-startup", "enterprise-change",
        "enterprise-hiring", "employee-protection", "tax", "policy-benefits", "financing", "enterprise-deregistration");
    assertThat(codesWith(lifecycle, "project")).containsExactlyInAnyOrder("bidding", "land-approval", "joint-drawing-review",
        "construction-permit", "joint-acceptance", "utilities-connection", "commercial-opening");
    themes.forEach(o -> assertThat(((JsonObject) o).getJsonArray("things")).as(((JsonObject) o).getString("code")).isNotEmpty());
  }

  private static List<String> codesWith(Map<String, String> lifecycle, String value) {
    return lifecycle.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey).toList();
  }

  /** The seed tables (附表1/附表2, 2023 Hengyang version), transcribed independently of the catalog files. */
  @Test
  void nationalThingsMatchTheSeedTablesItemByItem() throws IOException {
    Map<String, List<String[]>> seed = seedRows();
    assertThat(seed).hasSize(13);
    Map<String, String> departmentNames = new LinkedHashMap<>();
    http.get("/api/v1/departments").json().getJsonArray("departments")
        .forEach(o -> departmentNames.put(((JsonObject) o).getString("code"), ((JsonObject) o).getString("name")));
    for (Map.Entry<String, List<String[]>> e : seed.entrySet()) {
      Http.Response r = http.get("/api/v1/things/" + e.getKey());
      assertThat(r.status()).as(e.getKey()).isEqualTo(200);
      JsonObject thing = r.json();
      assertThat(thing.getBoolean("national")).as(e.getKey()).isTrue();
      List<String> items = thing.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("name")).toList();
      assertThat(items).as(e.getKey()).containsExactlyElementsOf(e.getValue().stream().map(row -> row[2]).toList());
      String lead = departmentNames.get(thing.getString("leadDepartment"));
      String seedLead = e.getValue().get(0)[3];
      // The seed writes the natural-resources bureau both in full and as 市资规局.
      assertThat(seedLead.replace("市资规局", "市自然资源和规划局")).as(e.getKey() + " lead department").startsWith(lead);
    }
  }

  private static Map<String, List<String[]>> seedRows() throws IOException {
    try (InputStream in = CatalogApiTest.class.getResourceAsStream("/seed-national-list.tsv")) {
      Map<String, List<String[]>> out = new LinkedHashMap<>();
      new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).filter(l -> !l.isBlank()).forEach(l -> {
        String[] row = l.split("\t");
        out.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row);
      });
      return out;
    }
  }

  @Test
  void thingsFilterByLifecycleThemeAndChineseQuery() {
    JsonArray enterprise = http.get("/api/v1/things?lifecycle=enterprise").json().getJsonArray("things");
    assertThat(enterprise).isNotEmpty().allSatisfy(o -> assertThat(((JsonObject) o).getString("lifecycle")).isEqualTo("enterprise"));
    JsonArray newborn = http.get("/api/v1/things?theme=newborn").json().getJsonArray("things");
    assertThat(newborn.stream().map(o -> ((JsonObject) o).getString("code"))).contains("newborn");
    String q = URLEncoder.encode("户口", StandardCharsets.UTF_8);
    JsonArray hukou = http.get("/api/v1/things?q=" + q).json().getJsonArray("things");
    assertThat(hukou.stream().map(o -> ((JsonObject) o).getString("code"))).contains("newborn", "after-death");
    assertThat(http.get("/api/v1/things?q=" + URLEncoder.encode("不存在的事项名", StandardCharsets.UTF_8)).json().getJsonArray("things")).isEmpty();
  }

  @Test
  void badQueryParametersAre400() {
    Http.Response r = http.get("/api/v1/things?lifecycle=alien");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("BAD_REQUEST");
    assertThat(http.get("/api/v1/things?theme=nope").status()).isEqualTo(400);
    assertThat(http.get("/api/v1/things/newborn/form?items=nope").status()).isEqualTo(400);
    assertThat(http.get("/api/v1/things/nope").errorCode()).isEqualTo("NOT_FOUND");
  }

  @Test
  void noticeHasEverythingNeededOnce() {
    JsonObject notice = http.get("/api/v1/things/after-death").json();
    JsonArray items = notice.getJsonArray("items");
    List<JsonObject> deathCerts = items.stream().map(o -> (JsonObject) o)
        .filter(i -> i.getString("name").startsWith("出具死亡证明")).toList();
    assertThat(deathCerts).hasSize(2);
    assertThat(deathCerts.get(0).getString("alternativeGroup")).isNotNull().isEqualTo(deathCerts.get(1).getString("alternativeGroup"));
    for (Object o : items) {
      JsonObject i = (JsonObject) o;
      assertThat(i.fieldNames()).contains("code", "name", "department", "timeLimitDays", "fee", "conditions", "results",
          "dependsOn", "alternativeGroup", "mandatoryWith");
    }
    JsonArray materials = notice.getJsonArray("materials");
    Set<String> codes = materials.stream().map(o -> ((JsonObject) o).getString("code")).collect(Collectors.toSet());
    assertThat(codes).hasSize(materials.size());
    materials.forEach(o -> assertThat(((JsonObject) o).fieldNames()).contains("usedBy", "ecertType", "waivable", "commitmentAllowed"));
    JsonObject form = notice.getJsonObject("form");
    assertThat(form.getString("type")).isEqualTo("object");
    form.getJsonObject("properties").forEach(e -> assertThat(((JsonObject) e.getValue()).getJsonArray("x-items")).isNotEmpty());
    assertThat(notice.getJsonArray("deliveryMethods")).isNotEmpty();
  }

  @Test
  void newbornHukouWaitsForTheBirthCertificateAndFieldsKnowTheirItems() {
    JsonObject notice = http.get("/api/v1/things/newborn").json();
    JsonObject hukou = item(notice, "户口登记");
    JsonObject birth = item(notice, "出生医学证明签发");
    assertThat(hukou.getJsonArray("dependsOn")).contains(birth.getString("code"));
    JsonObject props = notice.getJsonObject("form").getJsonObject("properties");
    assertThat(props.fieldNames()).contains("babyName", "babySex", "motherIdNumber", "fatherIdNumber", "householdAddress");
    assertThat(props.getJsonObject("babyName").getJsonArray("x-items")).contains(birth.getString("code"), hukou.getString("code"));
    assertThat(props.getJsonObject("motherIdNumber").getJsonObject("x-prefill")).isNotNull();
  }

  @Test
  void formForASubsetHasOnlyThatSubsetsFields() {
    JsonObject notice = http.get("/api/v1/things/newborn").json();
    String birth = item(notice, "出生医学证明签发").getString("code");
    JsonObject form = http.get("/api/v1/things/newborn/form?items=" + birth).json();
    assertThat(form.getJsonObject("properties").fieldNames()).contains("birthHospital").doesNotContain("householdAddress");
    form.getJsonObject("properties").forEach(e -> assertThat(((JsonObject) e.getValue()).getJsonArray("x-items")).containsExactly(birth));
  }

  @Test
  void departmentsListTheirDispatchMode() {
    JsonArray deps = http.get("/api/v1/departments").json().getJsonArray("departments");
    assertThat(deps).isNotEmpty();
    deps.forEach(o -> assertThat(((JsonObject) o).getString("dispatchMode")).isIn("push", "pull"));
  }

  static JsonObject item(JsonObject notice, String name) {
    return notice.getJsonArray("items").stream().map(o -> (JsonObject) o).filter(i -> i.getString("name").equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no item " + name + " in " + notice.getString("code")));
  }
}
