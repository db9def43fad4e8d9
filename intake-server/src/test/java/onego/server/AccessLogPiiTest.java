package onego.server;

import onego.domain.PiiSamples;
import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.LogCapture;
import onego.server.support.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-style: requests whose path or query carries a resident ID number or a phone in a
 * generated written form (18 digits with check character or lower-case x, the old 15-digit form,
 * full-width digits, spaces, hyphens or dots between groups, {@code +86} / {@code 86} /
 * {@code 0086} before a mobile; a Hong Kong, Macau or Taiwan mobile with its country code), percent-encoded as a portal would (form encoding in the query,
 * every byte escaped, escaped twice), leave no clear value in any log line: the captured lines,
 * decoded as a reader would decode them, hold none of the numbers.
 */
class AccessLogPiiTest {
  private static TestNode node;
  private static Http http;
  private static LogCapture logs;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    http = node.http();
    logs = LogCapture.start();
  }

  @AfterAll
  static void stop() {
    logs.close();
    node.close();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void noWrittenFormOfAnIdNumberOrPhoneInAUrlReachesALogLine(long seed) {
    PiiSamples g = new PiiSamples(seed);
    Random random = new Random(seed);
    String id = g.idNumber();
    String old = id.substring(0, 6) + id.substring(8, 17);
    String mobile = g.mobile();
    List<String> forms = new ArrayList<>(PiiSamples.idForms(id));
    forms.addAll(List.of(old, old.substring(0, 6) + " " + old.substring(6, 12) + " " + old.substring(12), PiiSamples.fullWidth(old)));
    forms.addAll(PiiSamples.phoneForms(mobile));
    forms.addAll(List.of("86 " + mobile, "0086-" + mobile, "+86-" + mobile.substring(0, 3) + "-" + mobile.substring(3), "(+86)" + mobile,
        "＋８６－" + PiiSamples.fullWidth(mobile)));
    String hongKong = "9" + mobile.substring(4);
    String taiwan = "9" + mobile.substring(3);
    forms.addAll(List.of("+852 " + hongKong.substring(0, 4) + " " + hongKong.substring(4), "00853-" + hongKong, "+886 " + taiwan,
        "+886 (0)" + taiwan.substring(0, 3) + "-" + taiwan.substring(3)));

    for (String form : forms) {
      UnaryOperator<String> encode = switch (random.nextInt(4)) {
        case 0 -> AccessLogPiiTest::formEncoded;
        case 1 -> AccessLogPiiTest::pathEncoded;
        case 2 -> AccessLogPiiTest::everyByteEscaped;
        default -> s -> pathEncoded(s).replace("%", "%25");
      };
      String path = switch (random.nextInt(4)) {
        case 0 -> "/api/v1/applicants/" + pathEncoded(form).replace("+", "%2B") + "/cases";
        case 1 -> "/api/v1/hotline/cases?phone=" + encode.apply(form);
        case 2 -> "/api/v1/hotline/cases?idNumber=" + encode.apply(form) + "&x=1";
        default -> "/api/v1/things?q=" + encode.apply("办理 " + form);
      };
      String token = path.contains("hotline") ? "dev-hotline" : "dev-portal";
      http.send(http.request(path).header("Authorization", "Bearer " + token).GET().build());
    }
    String marker = UUID.randomUUID().toString();
    http.get("/api/v1/themes?marker=" + marker);
    Await.until("the access log line of the last request", Duration.ofSeconds(10), () -> logs.text().contains(marker));

    String read = decoded(logs.text());
    assertThat(read).contains("/api/v1/hotline/cases").contains("/api/v1/applicants/");
    String compact = PiiSamples.compact(read);
    for (String clear : List.of(id.substring(0, 17), old, mobile, hongKong, taiwan)) {
      assertThat(compact).as("a clear %s in the log lines:%n%s", clear, read).doesNotContain(clear);
    }
  }

  /** As a reader would: every escape decoded (twice-escaped ones too), {@code +} read as a space. */
  private static String decoded(String text) {
    Pattern escapes = Pattern.compile("(?:%[0-9A-Fa-f]{2})+");
    String out = text.replace('+', ' ');
    for (int round = 0; round < 3; round++) {
      Matcher m = escapes.matcher(out);
      StringBuilder b = new StringBuilder();
      while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement(URLDecoder.decode(m.group(), StandardCharsets.UTF_8)));
      out = m.appendTail(b).toString();
    }
    return out;
  }

  /** As HTML forms encode a query value: spaces as {@code +}. */
  private static String formEncoded(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** As a path segment: spaces as {@code %20}, {@code +} kept. */
  private static String pathEncoded(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2B", "+");
  }

  private static String everyByteEscaped(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) b.append('%').append(String.format("%02X", x & 0xff));
    return b.toString();
  }
}
