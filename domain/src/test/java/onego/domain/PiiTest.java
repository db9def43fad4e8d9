package onego.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PiiTest {
  @Test
  void masksAsTheHotlineContractShows() {
    assertThat(Pii.name("张三")).isEqualTo("张*");
    assertThat(Pii.name("欧阳娜娜")).isEqualTo("欧***");
    assertThat(Pii.idNumber("430102199001011234")).isEqualTo("430***********1234");
    assertThat(Pii.phone("13800000000")).isEqualTo("138****0000");
  }

  @Test
  void namesOfEveryLengthLoseAllButTheFirstCharacterAndOneCharacterNamesLoseThatToo() {
    assertThat(Pii.name("娜")).isEqualTo("*");
    assertThat(Pii.name("𠮷")).as("a supplementary-plane character is one character").isEqualTo("*");
    assertThat(Pii.name("李娜")).isEqualTo("李*");
    assertThat(Pii.name("𠮷娜")).isEqualTo("𠮷*");
    assertThat(Pii.name("王小明")).isEqualTo("王**");
    assertThat(Pii.name(" 李娜 ")).isEqualTo("李*");
    assertThat(Pii.name("")).isEmpty();
    assertThat(Pii.name(null)).isNull();
  }

  @Test
  void numberFieldsAreMaskedHoweverTheyAreWritten() {
    assertThat(Pii.phone("+86 138 0013 8000")).isEqualTo("138****8000");
    assertThat(Pii.phone("0086-138-0013-8000")).isEqualTo("138****8000");
    assertThat(Pii.phone("１３８００１３８０００")).isEqualTo("138****8000");
    assertThat(Pii.phone("0734-8888888")).isEqualTo("073****8888");
    assertThat(Pii.idNumber("110105 19491231 002x")).isEqualTo("110***********002X");
    assertThat(Pii.idNumber("１１０１０５１９４９１２３１００２Ｘ")).isEqualTo("110***********002X");
    assertThat(Pii.creditCode("91430100ma4l000017")).isEqualTo("914***********0017");
    assertThat(Pii.idNumber("430***********1234")).as("masking a mask changes nothing").isEqualTo("430***********1234");
  }

  @Test
  void addressesKeepProvinceAndCityAtMost() {
    assertThat(Pii.address("湖南省衡阳市蒸湘区解放大道1号")).isEqualTo("湖南省衡阳市***");
    assertThat(Pii.address("北京市朝阳区建国路88号2栋1单元502室")).isEqualTo("北京市***");
    assertThat(Pii.address("新疆维吾尔自治区乌鲁木齐市天山区人民路1号")).isEqualTo("新疆维吾尔自治区乌鲁木齐市***");
    assertThat(Pii.address("湖南省湘西土家族苗族自治州吉首市人民路1号")).isEqualTo("湖南省湘西土家族苗族自治州***");
    assertThat(Pii.address("衡阳市蒸湘区解放大道1号")).isEqualTo("衡阳市***");
    assertThat(Pii.address("解放大道1号")).isEqualTo("***");
    assertThat(Pii.address("湖南省衡阳市")).as("nothing below city level to hide").isEqualTo("湖南省衡阳市");
  }

  @Test
  void scrubsIdNumbersAndPhonesInFreeText() {
    String line = "case for 11010519491231002X (phone 13912345678) failed; order 20261127 ok";
    String scrubbed = Pii.scrub(line);
    assertThat(scrubbed).doesNotContain("11010519491231002X").doesNotContain("13912345678");
    assertThat(scrubbed).contains("110***********002X").contains("139****5678").contains("20261127");
  }

  @Test
  void theNoteTheAttackerFoundIsMasked() {
    assertThat(Pii.scrub("请联系 138 0013 8000")).isEqualTo("请联系 138****8000");
    assertThat(Pii.scrub("电话：+86 (138) 0013-8000，或 0086 138 0013 8000")).isEqualTo("电话：138****8000，或 138****8000");
    assertThat(Pii.scrub("手机(+86) 138-0013-8000")).isEqualTo("手机138****8000");
    assertThat(Pii.scrub("两部电话 138 0013 8000 139 0013 9000")).isEqualTo("两部电话 138****8000 139****9000");
    assertThat(Pii.scrub("13800138000,13900139000")).isEqualTo("138****8000,139****9000");
  }

  @Test
  void freeTextKeepsWhatIsNotPersonal() {
    for (String s : new String[] {"2026-11-20T08:30:00+08:00", "请于2026年11月20日前到3号窗口领取", "金额 1,234,567.89 元",
        "EC-marriage-certificate-20190501-0042", "item 0193d1f4-0734-7888-8888-abcdefabcdef done",
        "出生医学证明照片不清晰，请重新上传", "attempt 3 of 8, HTTP 503", "申请人姓名与身份证不一致"}) {
      assertThat(Pii.scrub(s)).as(s).isEqualTo(s);
    }
  }

  @Test
  void labelledNamesAndCreditCodesAreMaskedInFreeText() {
    assertThat(Pii.scrub("收件人：李娜，已签收")).isEqualTo("收件人：李*，已签收");
    assertThat(Pii.scrub("{\"motherName\":\"王小红\"}")).isEqualTo("{\"motherName\":\"王**\"}");
    assertThat(Pii.scrub("holder=娜")).isEqualTo("holder=*");
    assertThat(Pii.scrub("代码91430100MA4L000017有效")).isEqualTo("代码914***********0017有效");
    assertThat(Pii.scrub("收件人：李*")).as("a masked name stays as it is").isEqualTo("收件人：李*");
  }

  @Test
  void aCasesOwnNamesAndAddressesAreFoundAnywhereInItsText() {
    KnownPii known = KnownPii.of(new JsonObject().put("name", "娜").put("phone", "13800138000"),
        new JsonObject().put("method", "ems").put("address", "湖南省衡阳市蒸湘区解放大道1号").put("recipient", "欧阳龘"),
        new JsonObject().put("motherName", "李𠮷").put("babyBirthPlace", "湖南省衡阳市").put("bankName", "交通银行"));
    String note = "娜的材料已寄往湖南省衡阳市蒸湘区解放大道1号，由欧阳龘代收；母亲李𠮷签字，开户交通银行";
    assertThat(Pii.scrub(note, known)).isEqualTo("*的材料已寄往湖南省衡阳市***，由欧**代收；母亲李*签字，开户交通银行");
  }

  @Test
  void aNameAfterALabelIsMaskedWholeHoweverLongAndWhateverItsLettersAndDots() {
    for (PiiSamples.NameForm f : PiiSamples.nameForms()) {
      if (!hanName(f.written())) continue; // Hangul and Latin letters are no letters of a Han name after a label
      String note = "经核实，父亲姓名：" + f.written() + "，母亲姓名 " + f.written() + "。";
      String scrubbed = Pii.scrub(note);
      assertThat(PiiSamples.showsName(scrubbed, f.filed())).as(f.kind() + ": " + scrubbed).isFalse();
      assertThat(scrubbed).as(f.kind()).startsWith("经核实，父亲姓名：").endsWith("。");
    }
    String name22 = "欧阳龘䶮赟曌彧堃翀玥喆燚龘䶮赟曌彧堃翀玥喆燚";
    assertThat(Pii.scrub("父亲姓名：" + name22)).isEqualTo("父亲姓名：欧" + "*".repeat(21));
  }

  @Test
  void aCasesOwnNamesAreFoundWrittenInAnyNormalizationFormOrWithAnyMiddleDot() {
    for (PiiSamples.NameForm f : PiiSamples.nameForms()) {
      KnownPii known = KnownPii.of(new JsonObject().put("name", f.filed()), null,
          new JsonObject().put("motherName", f.filed()).put("fatherName", f.filed()));
      String note = "已电话联系" + f.written() + "（申请人）。" + f.written() + "的父母已到场";
      String scrubbed = Pii.scrub(note, known);
      assertThat(PiiSamples.showsName(scrubbed, f.filed())).as(f.kind() + ": " + scrubbed).isFalse();
      assertThat(scrubbed).as(f.kind()).startsWith("已电话联系").contains("（申请人）。").endsWith("的父母已到场");
      if (hanName(f.filed())) {
        assertThat(KnownPii.personLike(f.filed())).as(f.kind() + " is a person's name in a …Name field").isTrue();
      }
    }
  }

  /** Han, unassigned or private-use letters and middle dots only. */
  private static boolean hanName(String s) {
    return s.codePoints().allMatch(c -> NameForms.isDot(c) || Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN
        || Character.getType(c) == Character.UNASSIGNED || Character.getType(c) == Character.PRIVATE_USE);
  }

  @Test
  void jsonIsMaskedByWhatItsKeysSay() {
    JsonObject data = new JsonObject()
        .put("note", "请联系 138 0013 8000")
        .put("address", "湖南省衡阳市蒸湘区解放大道1号")
        .put("result", new JsonObject()
            .put("certificates", new JsonArray().add(new JsonObject().put("type", "resident-id-card")
                .put("number", "430405 19920315 2042").put("ecertRef", "EC-resident-id-card-430405199203152042")))
            .put("values", new JsonObject().put("holderName", "李娜").put("contactPhone", 13800138000L)
                .put("householdNumber", 13800138000L).put("count", 3)))
        .put("holder", new JsonObject().put("name", "娜").put("idNumber", "430405199203152042"));
    JsonObject masked = StaffMask.json(data, KnownPii.NONE);
    assertThat(masked.getString("note")).isEqualTo("请联系 138****8000");
    assertThat(masked.getString("address")).isEqualTo("湖南省衡阳市***");
    JsonObject cert = masked.getJsonObject("result").getJsonArray("certificates").getJsonObject(0);
    assertThat(cert.getString("number")).isEqualTo("430***********2042");
    assertThat(cert.getString("ecertRef")).isEqualTo("EC-resident-id-card-430***********2042");
    JsonObject values = masked.getJsonObject("result").getJsonObject("values");
    assertThat(values.getString("holderName")).isEqualTo("李*");
    assertThat(values.getString("contactPhone")).isEqualTo("138****8000");
    assertThat(values.getValue("householdNumber")).isEqualTo("138****8000");
    assertThat(values.getValue("count")).isEqualTo(3);
    assertThat(masked.getJsonObject("holder").getString("name")).isEqualTo("*");
    assertThat(masked.getJsonObject("holder").getString("idNumber")).isEqualTo("430***********2042");
  }

  @Test
  void anApplicantAndADeliveryShowOnlyMaskedValues() {
    JsonObject a = StaffMask.applicant(new JsonObject().put("type", "enterprise").put("name", "衡阳示例餐饮有限公司")
        .put("creditCode", "91430100MA4L000017").put("phone", "139 0013 9000")
        .put("agent", new JsonObject().put("name", "娜").put("idNumber", "11010519491231002X").put("relation", "委托代理")));
    assertThat(a.getString("type")).isEqualTo("enterprise");
    assertThat(a.getString("name")).isEqualTo("衡*********");
    assertThat(a.getString("creditCode")).isEqualTo("914***********0017");
    assertThat(a.getString("phone")).isEqualTo("139****9000");
    assertThat(a.getJsonObject("agent").getString("name")).isEqualTo("*");
    assertThat(a.getJsonObject("agent").getString("idNumber")).isEqualTo("110***********002X");
    assertThat(a.getJsonObject("agent").getString("relation")).isEqualTo("委托代理");
    JsonObject d = StaffMask.delivery(new JsonObject().put("method", "ems").put("address", "广东省深圳市南山区科技园路1号")
        .put("recipient", "王小明").put("phone", "+86 139 0013 9000"));
    assertThat(d).isEqualTo(new JsonObject().put("method", "ems").put("address", "广东省深圳市***").put("recipient", "王**")
        .put("phone", "139****9000"));
  }

  /** A responsible person however written: each name masked, a title written onto it with it; numbers as always. */
  @Test
  void aPersonsTextHasEveryNameInItMasked() {
    assertThat(Pii.person("王科长")).isEqualTo("王**");
    assertThat(Pii.person("科长周建国 +86 138-0013-8000")).isEqualTo("科**** 138****8000");
    assertThat(Pii.person("周建国（科长）")).isEqualTo("周**（科*）");
    assertThat(Pii.person("阿依古丽·买买提")).doesNotContain("依古丽").doesNotContain("买买提");
    assertThat(Pii.person(null)).isNull();
  }

  /** The names a responsible person's text holds are known to the free texts beside it, a title taken off. */
  @Test
  void namesWithATitleWrittenOntoThemAreKnownAlone() {
    KnownPii known = KnownPii.NONE.withNamesIn(java.util.List.of("科长龘", "欧阳娜娜主任 13800138000"));
    assertThat(Pii.scrub("由龘每日回访，欧阳娜娜复核", known)).isEqualTo("由*每日回访，欧***复核");
    assertThat(KnownPii.NONE.withNamesIn(java.util.List.of(" ", "123"))).isSameAs(KnownPii.NONE);
  }
}
