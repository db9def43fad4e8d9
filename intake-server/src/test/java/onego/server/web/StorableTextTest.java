package onego.server.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.FieldError;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What PostgreSQL can keep, and where in a body the text it cannot keep is. */
class StorableTextTest {
  @Test
  void nulAndUnpairedSurrogatesCannotBeStoredPairsAndEverythingElseCan() {
    assertThat(StorableText.problem("王小明 \uD83D\uDE00 \t\r\n\u0001")).isNull();
    assertThat(StorableText.problem("王\u0000明")).contains("NUL");
    assertThat(StorableText.problem("\uD800")).contains("unpaired surrogate");
    assertThat(StorableText.problem("a\uDC00")).contains("unpaired surrogate");
    assertThat(StorableText.problem("\uDE00\uD83D")).as("a pair in the wrong order").contains("unpaired surrogate");
  }

  @Test
  void aScanNamesEveryBadValueAndMemberNameByItsPath() {
    JsonObject body = new JsonObject()
        .put("applicant", new JsonObject().put("name", "李\uD800"))
        .put("materials", new JsonArray().add(new JsonObject().put("code", "a\u0000")))
        .put("k\u0000", 1)
        .put("n", Double.POSITIVE_INFINITY)
        .put("fine", new JsonArray().add("ok").add(1).add(true).addNull());
    assertThat(StorableText.scan(body)).extracting(FieldError::field)
        .containsExactly("applicant.name", "materials[0].code", "k\\u0000", "n");
  }

  @Test
  void utf8IsDecodedStrictlyWithThePlaceOfTheFirstBadByte() {
    byte[] good = "{\"name\":\"李娜\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(StorableText.utf8(good).text()).isEqualTo("{\"name\":\"李娜\"}");
    byte[] bad = {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'};
    StorableText.Decoded d = StorableText.utf8(bad);
    assertThat(d.ok()).isFalse();
    assertThat(d.badByte()).isEqualTo(6);
    assertThat(StorableText.utf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}).ok()).as("an encoded surrogate").isFalse();
    assertThat(StorableText.utf8(new byte[] {(byte) 0xC0, (byte) 0xAF}).ok()).as("an overlong form").isFalse();
  }

  @Test
  void theFieldHoldingABadByteIsFoundByItsPath() {
    String text = "{\"a\": {\"b\": [\"x\", \"y\uFFFDz\"]}, \"c\": 1}";
    assertThat(Bodies.fieldAt(text, text.indexOf('\uFFFD'))).isEqualTo("a.b[1]");
    String key = "{\"ok\": 1, \"na\uFFFDme\": 2}";
    assertThat(Bodies.fieldAt(key, key.indexOf('\uFFFD'))).isEqualTo("na\uFFFDme");
    String broken = "{\"a\": [1,, \"\uFFFD\"]}";
    assertThat(Bodies.fieldAt(broken, broken.indexOf('\uFFFD'))).as("the JSON breaks before it").isEqualTo("body");
  }
}
