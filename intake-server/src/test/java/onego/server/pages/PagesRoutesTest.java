package onego.server.pages;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.NodeTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages served by the node (no browser needed): files, headers, the sign-in options and the receipt's QR code. */
class PagesRoutesTest extends NodeTest {

  @Test
  void pagesAreServedFromTheJarWithTheirSecurityHeaders() {
    for (String page : new String[] {"/portal/", "/window/", "/ops/"}) {
      Http.Response r = http.get(page);
      assertThat(r.status()).as(page).isEqualTo(200);
      assertThat(r.header("content-type")).startsWith("text/html");
      assertThat(r.body()).contains("<html lang=\"zh-CN\">").contains("/common/onego.css");
      assertThat(r.header("content-security-policy")).contains("default-src 'self'").contains("frame-ancestors 'none'");
      assertThat(r.header("x-content-type-options")).isEqualTo("nosniff");
    }
    assertThat(http.get("/portal").status()).as("redirects to the folder").isEqualTo(302);
    assertThat(http.get("/common/api.js").header("content-type")).contains("javascript");
    assertThat(http.get("/webjars/chart.js/4.5.1/dist/chart.umd.min.js").status()).as("Chart.js from its WebJar").isEqualTo(200);
    assertThat(http.get("/portal/no-such-file.js").errorCode()).isEqualTo("NOT_FOUND");
  }

  @Test
  void theFaviconIsAnIconAndEveryPageLinksIt() throws Exception {
    java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(
        http.request("/favicon.ico").GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("image/x-icon");
    assertThat(r.body()).as("an ICO file: reserved 0, type 1, one image").startsWith(0, 0, 1, 0, 1, 0);
    for (String page : new String[] {"/portal/", "/window/", "/ops/"}) {
      assertThat(http.get(page).body()).contains("<link rel=\"icon\" href=\"/favicon.ico\"");
    }
  }

  @Test
  void signInOptionsInTheDevProfileListTheDevKeysButNoDepartmentKeys() {
    JsonObject o = http.get("/pages/signin.json").json();
    assertThat(o.getString("profile")).isEqualTo("dev");
    JsonArray keys = o.getJsonArray("devKeys");
    assertThat(keys.stream().map(k -> ((JsonObject) k).getString("key"))).contains("dev-portal", "dev-window", "dev-admin")
        .noneMatch(k -> k.startsWith("dev-dept-"));
    assertThat(o.getValue("sso")).isNull();
  }

  @Test
  void qrCodeOfACaseLinkDecodesToTheLink() throws Exception {
    String link = "http://localhost:8080/portal/#/case/01a229dd-bef0-7c8f-9180-88511be12071";
    Http.Response r = http.get("/pages/qr.svg?text=" + java.net.URLEncoder.encode(link, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).isEqualTo("image/svg+xml");
    assertThat(decode(r.body())).isEqualTo(link);
    assertThat(http.get("/pages/qr.svg").errorCode()).isEqualTo("BAD_REQUEST");
    assertThat(http.get("/pages/qr.svg?text=" + "x".repeat(QrSvg.MAX_TEXT + 1)).errorCode()).isEqualTo("BAD_REQUEST");
  }

  /** Draws the SVG's module squares into pixels (4 per module) and reads them back with ZXing's decoder. */
  private static String decode(String svg) throws Exception {
    Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
    assertThat(box.find()).isTrue();
    int w = Integer.parseInt(box.group(1));
    int scale = 4;
    int[] pixels = new int[w * scale * w * scale];
    java.util.Arrays.fill(pixels, 0xFFFFFFFF);
    Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)").matcher(svg);
    while (run.find()) {
      int x0 = Integer.parseInt(run.group(1));
      int y = Integer.parseInt(run.group(2));
      int len = Integer.parseInt(run.group(3));
      for (int x = x0; x < x0 + len; x++) {
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) pixels[(y * scale + dy) * w * scale + x * scale + dx] = 0xFF000000;
        }
      }
    }
    LuminanceSource source = new RGBLuminanceSource(w * scale, w * scale, pixels);
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), Map.of(DecodeHintType.PURE_BARCODE, true)).getText();
  }
}
