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

  /** A prerequisite's e-certificates come with their catalog names (a page says 出生医学证明, not birth-medical-certificate). */
  @Test
  void prerequisiteProofsNameTheirECertificatesInChinese() {
    List<String> unnamed = new ArrayList<>();
    boolean birthCertificateSeen = false;
    for (Object t : http.get("/api/v1/things").json().getJsonArray("things")) {
      String code = ((JsonObject) t).getString("code");
      for (Object i : http.get("/api/v1/things/" + code).json().getJsonArray("items")) {
        for (Object p : ((JsonObject) i).getJsonArray("prerequisiteProofs")) {
          JsonObject proof = (JsonObject) p;
          JsonArray ecerts = proof.getJsonArray("ecerts");
          assertThat(ecerts.stream().map(e -> ((JsonObject) e).getString("type")).toList()).isEqualTo(proof.getJsonArray("ecertTypes").getList());
          for (Object e : ecerts) {
            JsonObject c = (JsonObject) e;
            if (!c.getString("name").matches(".*\\p{IsHan}.*")) unnamed.add(code + ": " + c.getString("type"));
            if (c.getString("type").equals("birth-medical-certificate")) {
              assertThat(c.getString("name")).isEqualTo("出生医学证明");
              birthCertificateSeen = true;
            }
          }
        }
      }
    }
    assertThat(unnamed).as("e-certificate types without a Chinese name in the catalog").isEmpty();
    assertThat(birthCertificateSeen).as("newborn's 户口登记 accepts 出生医学证明 in its stead").isTrue();
  }

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

  /** Portals poll the catalog: each answer carries a strong ETag, and If-None-Match naming it gets 304 without a body. */
  @Test
  void theCatalogAnswersCarryAnETagAndAnIfNoneMatchGets304() {
    for (String path : List.of("/api/v1/themes", "/api/v1/things", "/api/v1/things?lifecycle=personal", "/api/v1/things/newborn",
        "/api/v1/things/newborn/form", "/api/v1/departments")) {
      Http.Response first = http.get(path);
      String tag = first.header("ETag");
      assertThat(tag).as(path).matches("\"[A-Za-z0-9_-]{22}\"");
      assertThat(http.get(path).header("ETag")).as("the same answer, the same tag: " + path).isEqualTo(tag);
      for (String held : List.of(tag, "W/" + tag, "\"other\", " + tag, "*")) {
        Http.Response again = http.send(http.request(path).header("If-None-Match", held).GET().build());
        assertThat(again.status()).as(path + " If-None-Match: " + held).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.header("ETag")).isEqualTo(tag);
      }
      Http.Response changed = http.send(http.request(path).header("If-None-Match", "\"stale\"").GET().build());
      assertThat(changed.status()).isEqualTo(200);
      assertThat(changed.body()).isEqualTo(first.body());
    }
    assertThat(http.get("/api/v1/things?lifecycle=personal").header("ETag")).as("another answer, another tag")
        .isNotEqualTo(http.get("/api/v1/things").header("ETag"));
  }

  private static List<String> codesWith(Map<String, String> lifecycle, String value) {
    return lifecycle.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey).toList();
  }

  /**
   * The seed tables (附表1/附表2, 2023 Hengyang version), transcribed from the seed text independently of the
   * catalog files and holding only the seed's own rows (columns thing, table, thingName, item, lead,
   * cooperating, source); the items a national thing holds beyond them are the cited additions of
   * {@code seed-national-additions.tsv} (thing, item, citation: the Hunan 2022 table or the Hengyang plan's
   * paragraph), shown apart so that the seed rows never approve an addition.
   */
  @Test
  void nationalThingsMatchTheSeedTablesItemByItem() throws IOException {
    Map<String, List<String[]>> seed = seedRows();
    assertThat(seed).hasSize(13);
    Map<String, Map<String, String>> additions = nationalAdditions();
    assertThat(seed.keySet()).as("additions are made to national things only").containsAll(additions.keySet());
    additions.forEach((thing, items) -> items.forEach((item, citation) -> {
      assertThat(citation).as(thing + "/" + item + " cites its source").isNotBlank();
      assertThat(seed.get(thing).stream().map(row -> row[3])).as(thing + "/" + item + " is an addition, not a seed row").doesNotContain(item);
    }));
    Map<String, String> departmentNames = new LinkedHashMap<>();
    http.get("/api/v1/departments").json().getJsonArray("departments")
        .forEach(o -> departmentNames.put(((JsonObject) o).getString("code"), ((JsonObject) o).getString("name")));
    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<String, List<String[]>> e : seed.entrySet()) {
      String code = e.getKey();
      Http.Response r = http.get("/api/v1/things/" + code);
      assertThat(r.status()).as(code).isEqualTo(200);
      JsonObject thing = r.json();
      assertThat(thing.getBoolean("national")).as(code).isTrue();
      assertThat(thing.getString("name").replace("\"一件事\"", "")).as(code + " name").isEqualTo(e.getValue().get(0)[2]);
      List<JsonObject> all = thing.getJsonArray("items").stream().map(o -> (JsonObject) o).toList();
      List<String> added = additions.getOrDefault(code, Map.of()).keySet().stream().toList();
      assertThat(all.stream().map(i -> i.getString("name")).toList()).as(code + " holds every cited addition").containsAll(added);
      List<JsonObject> items = all.stream().filter(i -> !added.contains(i.getString("name"))).toList();
      assertThat(items.stream().map(i -> i.getString("name")).toList()).as(code + " items in the seed's order, cited additions apart")
          .containsExactlyElementsOf(e.getValue().stream().map(row -> row[3]).toList());
      for (int n = 0; n < items.size(); n++) {
        String[] row = e.getValue().get(n);
        String department = departmentNames.get(items.get(n).getString("department"));
        Set<String> responsible = units(row[4] + "、" + row[5]);
        String exception = DEPARTMENT_EXCEPTIONS.get(code + "/" + row[3]);
        if (!responsible.contains(department) && !department.equals(exception)) {
          mismatches.add(code + "/" + row[3] + ": " + department + " is not among " + responsible + " (" + row[6] + ")");
        }
      }
      assertThat(units(e.getValue().get(0)[4])).as(code + " lead department").contains(departmentNames.get(thing.getString("leadDepartment")));
      boolean enterpriseTable = e.getValue().get(0)[1].equals("附表1");
      // 附表1 lists enterprise services, 附表2 personal ones; 企业开办 is the exception: the company does not
      // exist yet, so its founder, legal representative or their agent (a person) files it.
      List<String> applicantTypes = code.equals("enterprise-startup") ? List.of("person") : List.of(enterpriseTable ? "enterprise" : "person");
      assertThat(thing.getJsonArray("applicantTypes").getList()).as(code + " applicant types").isEqualTo(applicantTypes);
      assertThat(thing.getString("lifecycle")).as(code + " lifecycle").isEqualTo(enterpriseTable ? "enterprise" : "personal");
    }
    assertThat(mismatches).as("items whose department the seed row does not name").isEmpty();
  }

  /**
   * Names the seed writes otherwise than departments.yaml: an abbreviation, and one place where the
   * table (附表2 第8行) runs two units together without 、.
   */
  private static final Map<String, List<String>> UNIT_ALIASES = Map.of(
      "市资规局", List.of("市自然资源和规划局"),
      "市公安局市卫健委", List.of("市公安局", "市卫健委"));

  /**
   * Items whose department the row only covers with "等相关单位" (and other units): thing/item → the
   * department the catalog gives it.
   */
  private static final Map<String, String> DEPARTMENT_EXCEPTIONS = Map.of(
      // The Hengyang plan's 企业开办 paragraph names 市住房公积金中心 among its 配合单位; the table row does not.
      "enterprise-startup/住房公积金单位登记开户", "市住房公积金中心",
      // The Hunan 附件4 row 3 names 省医保局; the Hengyang row stops at 等相关单位.
      "employee-hiring/职工参保登记(基本医疗保险)", "市医保局",
      // 预备役登记 is done by the 兵役机关 (县级以上人民武装部) under the 兵役法; the row stops at 等相关单位.
      "veteran-discharge/预备役登记", "市人民武装部");

  /** The units of a responsibility cell, without "等相关单位"/"等" and the county governments. */
  private static Set<String> units(String cell) {
    Set<String> out = new java.util.LinkedHashSet<>();
    for (String part : cell.split("[、,，]")) {
      String u = part.trim().replaceAll("等相关单位$|等$", "");
      if (u.isEmpty() || u.startsWith("各县市区")) continue;
      out.addAll(UNIT_ALIASES.getOrDefault(u, List.of(u)));
    }
    return out;
  }

  /** seed-national-additions.tsv: thing → (item name → citation), in file order. */
  private static Map<String, Map<String, String>> nationalAdditions() throws IOException {
    try (InputStream in = CatalogApiTest.class.getResourceAsStream("/seed-national-additions.tsv")) {
      Map<String, Map<String, String>> out = new LinkedHashMap<>();
      new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).filter(l -> !l.isBlank()).forEach(l -> {
        String[] row = l.split("\t");
        out.computeIfAbsent(row[0], k -> new LinkedHashMap<>()).put(row[1], row[2]);
      });
      return out;
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
    materials.forEach(o -> assertThat(((JsonObject) o).fieldNames()).contains("usedBy", "ecertType", "about", "waivable", "commitmentAllowed"));
    Map<String, JsonObject> byCode = materials.stream().map(o -> (JsonObject) o).collect(Collectors.toMap(m -> m.getString("code"), m -> m));
    assertThat(byCode.get("applicant-id-card").getJsonArray("about")).containsExactly("applicant");
    assertThat(byCode.get("deceased-id-card").getJsonArray("about")).containsExactly("deceasedIdNumber");
    assertThat(byCode.get("medical-death-record").getValue("about")).as("no e-certificate, no holder").isNull();
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
  void everyItemSaysHowFarItCanBeDoneOnlineAndWhy() {
    JsonObject marriage = item(http.get("/api/v1/things/marriage-childbirth").json(), "内地居民婚姻登记");
    assertThat(marriage.getString("onlineLevel")).isEqualTo("visits:1");
    assertThat(marriage.getString("onlineReason")).contains("《婚姻登记条例》");
    assertThat(marriage.getBoolean("mobile")).isFalse();
    assertThat(marriage.getBoolean("highFrequency")).isTrue();
    JsonObject security = item(http.get("/api/v1/things/joint-acceptance").json(), "涉及国家安全事项的建设项目验收");
    assertThat(security.getString("onlineLevel")).isEqualTo("window");
    assertThat(security.getString("onlineReason")).isNotBlank();
    for (Object t : http.get("/api/v1/things").json().getJsonArray("things")) {
      String code = ((JsonObject) t).getString("code");
      JsonArray summary = ((JsonObject) t).getJsonArray("items");
      JsonArray notice = http.get("/api/v1/things/" + code).json().getJsonArray("items");
      for (int n = 0; n < notice.size(); n++) {
        JsonObject i = notice.getJsonObject(n);
        String where = code + "/" + i.getString("code");
        assertThat(i.getString("onlineLevel")).as(where).matches("full|visits:[1-9][0-9]?|window");
        if (!i.getString("onlineLevel").equals("full")) {
          assertThat(i.getString("onlineReason")).as(where + " says why a trip remains").isNotBlank();
          assertThat(i.getBoolean("mobile")).as(where + ": a phone cannot make the trip").isFalse();
        }
        assertThat(i.getValue("highFrequency")).as(where).isInstanceOf(Boolean.class);
        JsonObject listed = summary.getJsonObject(n);
        assertThat(listed.getString("code")).isEqualTo(i.getString("code"));
        assertThat(List.of(listed.getString("onlineLevel"), listed.getBoolean("mobile"), listed.getBoolean("highFrequency")))
            .as(where + " in GET /things").containsExactly(i.getString("onlineLevel"), i.getBoolean("mobile"), i.getBoolean("highFrequency"));
      }
    }
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
