package onego.server;

import io.vertx.core.json.JsonObject;
import onego.server.support.NodeTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every 事项 a theme's paragraph names (衡阳方案 三、拓展"一件事"服务内容, one paragraph per theme, the same as 湖南方案
 * 三(一)–(三)) is held by a thing of that theme: a theme's notices (GET /things?theme=, then GET /things/{code})
 * list an item of that name. The named 事项 come from {@code seed-theme-paragraphs.tsv}, transcribed from the
 * paragraphs independently of the catalog (columns theme, named as the paragraph writes it, the catalog item
 * name(s) that hold it, '|' between alternatives, and the paragraph cited).
 */
class SeedThemeParagraphsTest extends NodeTest {

  /**
   * Themes whose paragraph names platform features only, no 事项 (README "Catalog: what the plan names and what
   * is out of scope"): 政策兑现 (政策超市, 智能匹配, 免申即享), 融资服务 (融资信用服务平台, 一站式融资服务体系),
   * 招投标 (全流程电子化, 远程异地评标, 信用监管). Their things hold the 事项 the catalog adds for them.
   */
  private static final Set<String> PLATFORM_ONLY = Set.of("policy-benefits", "financing", "bidding");

  @Test
  void everyThemeHoldsEveryMatterItsParagraphNames() throws IOException {
    List<String[]> rows = rows();
    Set<String> themes = new LinkedHashSet<>();
    http.get("/api/v1/themes").json().getJsonArray("themes").forEach(o -> themes.add(((JsonObject) o).getString("code")));
    Set<String> transcribed = new HashSet<>();
    rows.forEach(r -> transcribed.add(r[0]));
    assertThat(transcribed).as("transcribed themes are themes of the plan").isSubsetOf(themes);
    Set<String> uncovered = new LinkedHashSet<>(themes);
    uncovered.removeAll(transcribed);
    assertThat(uncovered).as("every theme is transcribed or named as naming platform features only").isEqualTo(PLATFORM_ONLY);

    List<String> missing = new ArrayList<>();
    for (String[] r : rows) {
      Set<String> held = itemNamesOf(r[0]);
      if (java.util.Arrays.stream(r[2].split("\\|")).noneMatch(held::contains)) {
        missing.add(r[0] + ": " + r[1] + " (" + r[2] + ") is named by " + r[3] + " but no thing of the theme holds it");
      }
    }
    assertThat(missing).as("事项 the theme paragraphs name that the catalog does not hold").isEmpty();
  }

  /** Every notice gives each item's legal basis, and an optional item says who qualifies (its conditions end "……勾选)"). */
  @Test
  void everyNoticeGivesTheLegalBasisAndOptionalItemsSayWhoQualifies() {
    List<String> themes = http.get("/api/v1/themes").json().getJsonArray("themes").stream().map(o -> ((JsonObject) o).getString("code")).toList();
    for (String theme : themes) {
      for (String code : thingsOf(theme)) {
        http.get("/api/v1/things/" + code).json().getJsonArray("items").forEach(o -> {
          JsonObject i = (JsonObject) o;
          assertThat(i.getString("legalBasis")).as(code + "/" + i.getString("code") + " legal basis").isNotBlank();
          if (i.getBoolean("optional")) assertThat(i.getString("conditions")).as(code + "/" + i.getString("code") + " says who qualifies").contains("勾选");
        });
      }
    }
    JsonObject reward = http.get("/api/v1/things/employee-retirement").json().getJsonArray("items").stream().map(o -> (JsonObject) o)
        .filter(i -> i.getString("code").equals("only-child-parents-reward")).findFirst().orElseThrow();
    assertThat(reward.getBoolean("optional")).isTrue();
  }

  private final Map<String, Set<String>> namesByTheme = new java.util.HashMap<>();

  private Set<String> itemNamesOf(String theme) {
    return namesByTheme.computeIfAbsent(theme, t -> {
      Set<String> names = new HashSet<>();
      for (String code : thingsOf(t)) {
        http.get("/api/v1/things/" + code).json().getJsonArray("items").forEach(o -> names.add(((JsonObject) o).getString("name")));
      }
      return names;
    });
  }

  private List<String> thingsOf(String theme) {
    return http.get("/api/v1/things?theme=" + theme).json().getJsonArray("things").stream()
        .map(o -> ((JsonObject) o).getString("code")).toList();
  }

  private static List<String[]> rows() throws IOException {
    try (InputStream in = SeedThemeParagraphsTest.class.getResourceAsStream("/seed-theme-paragraphs.tsv")) {
      List<String[]> out = new ArrayList<>();
      new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).filter(l -> !l.isBlank()).forEach(l -> {
        String[] row = l.split("\t");
        if (row.length != 4) throw new IllegalStateException("seed-theme-paragraphs.tsv: 4 columns expected: " + l);
        out.add(row);
      });
      return out;
    }
  }
}
