package onego.dev;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages in a real browser (headless Chromium) against a dev node with the simulated departments and
 * shared-data platform: a person applies for {@code newborn} in the portal, survives a lost answer by
 * resubmitting with the same Idempotency-Key, watches the items complete live and rates the case; the same in
 * 长者专版 by keyboard alone; a window clerk files for someone as their agent and gets the receipt, and looks up the
 * person at the counter and hands in their 补正; the ops page
 * shows a dead letter and replays it. axe-core checks WCAG 2.1 AA on each page; screenshots are kept.
 */
@ExtendWith(BrowserAvailable.class)
class PagesBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /**
   * 市退役军人事务局 pushes to this test's endpoint: failing until a test lets it succeed (a department none of the
   * other tests' cases reach: the birth bundle reaches tax, the retirement one health).
   */
  private static final AtomicBoolean VETERANS_UP = new AtomicBoolean(false);

  private static Vertx vertx;
  private static DevTestNode node;
  private static Http http;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    HttpServer veterans = vertx.createHttpServer().requestHandler(req -> req.response().setStatusCode(VETERANS_UP.get() ? 200 : 500).end())
        .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    node = DevTestNode.start(Overlays.env("devsim:\n  enabled: true\n  workDelayMs: 200\n"
        + "sharedData:\n  url: null\n  keySalt: \"" + UUID.randomUUID() + "\"\n"
        + "departments:\n" + Overlays.push("veterans-affairs", "http://127.0.0.1:" + veterans.actualPort() + "/veterans", 4, 2000, 1)));
    http = node.http();
    browser = new Browser("http://127.0.0.1:" + node.port(), 412, 1600);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) browser.close();
    if (node != null) node.close();
    if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void freshTab() {
    browser.size(412, 1600);
    browser.forget();
  }

  @Test
  void personAppliesForNewbornResubmitsAfterALostAnswerWatchesItemsCompleteAndRates() {
    String id = Submissions.idNumber(ThreadLocalRandom.current().nextInt(100, 900));
    int before = http.get("/api/v1/applicants/" + id + "/cases", "dev-portal").json().getJsonArray("cases").size();
    browser.open("/portal/");
    browser.clickable("#sign-in").click();
    browser.visible("#signed-in-as");
    browser.visible("#q").sendKeys("出生");
    browser.clickable("#search").click();
    browser.clickable("a[data-thing=newborn]").click();
    browser.visible("[data-prefilled=motherName]");
    replace("#ap-id", id);
    fillRequiredFields(false);
    browser.screenshot("portal-apply");
    browser.assertAccessible("portal: application");

    // the first answer is lost on the way back (the case was made); the person reloads and submits again
    browser.js("const f = window.fetch; window.fetch = async (...a) => { const r = await f(...a);"
        + " if (String(a[0]).endsWith('/api/v1/cases') && !sessionStorage.getItem('lost')) { sessionStorage.setItem('lost', '1'); throw new TypeError('lost'); } return r; };");
    browser.clickable("#submit").click();
    browser.visible("#submit-status [role=alert]");
    browser.driver.navigate().refresh();
    browser.visible("#pending-note");
    browser.await("the draft restored", d -> browser.driver.findElement(By.id("f-babyName")).getAttribute("value").equals("测试"));
    browser.clickable("#submit").click();
    unlessRefused("#replayed");
    assertThat(http.get("/api/v1/applicants/" + id + "/cases", "dev-portal").json().getJsonArray("cases")).hasSize(before + 1);

    browser.js("window.stillThisPage = true;");
    browser.await("the case completes live", d -> "COMPLETED".equals(browser.visible("#case-status").getAttribute("data-status")));
    assertThat(browser.js("return window.stillThisPage === true;")).as("updated over SSE, not by reloading").isEqualTo(true);
    assertThat(browser.all("#items-table [data-status=COMPLETED]")).hasSize(6);
    // read inside a wait: the live page may redraw the table between finding it and reading it (stale element)
    browser.await("the items' dates in Chinese", d -> browser.visible("#items-table").getText().contains("年")
        && browser.visible("#items-table").getText().contains("星期"));
    browser.screenshot("portal-case");
    browser.assertAccessible("portal: case");
    browser.clickable("label[for=score-5]").click();
    browser.clickable("#rate").click();
    browser.visible("#rated");
    String caseId = browser.visible("#case-id").getText();
    assertThat(events(caseId, "dev-portal")).contains("CaseRated");

    browser.open("/portal/#/mine");
    replace("#archive-id", id);
    browser.visible("#archive-id").sendKeys(Keys.ENTER);
    browser.visible("#archive a[href='#/case/" + caseId + "']");
    browser.assertAccessible("portal: archive");
  }

  @Test
  void elderModeByKeyboardAloneFromSearchToRating() {
    browser.open("/portal/");
    browser.visible("#sign-in");
    browser.tabTo("#elder-toggle", 20);
    browser.type(Keys.ENTER);
    browser.await("large type", d -> (Boolean) browser.js("return document.documentElement.classList.contains('elder');"));
    browser.tabTo("#sign-in", 20);
    browser.type(Keys.ENTER);
    browser.visible("#signed-in-as");
    browser.tabTo("#q", 30);
    browser.type("出生", Keys.ENTER);
    browser.visible("a[data-thing=newborn]");
    browser.tabTo("a[data-thing=newborn]", 40);
    browser.type(Keys.ENTER);
    browser.visible("[data-prefilled=motherName]");
    assertThat(browser.all("details.optional")).allMatch(e -> !e.isDisplayed());
    fillRequiredFields(true);
    browser.screenshot("portal-elder-apply");
    browser.assertAccessible("portal 长者专版: application");
    browser.tabTo("#submit", 200);
    browser.type(Keys.ENTER);
    unlessRefused("#case-status");
    browser.await("the case completes", d -> "COMPLETED".equals(browser.visible("#case-status").getAttribute("data-status")));
    browser.tabTo("#score-5", 100); // Tab enters the radio group, the arrow keys choose within it
    browser.type(Keys.ARROW_DOWN);
    assertThat(browser.visible("#score-4").isSelected()).isTrue();
    browser.tabTo("#rate", 20);
    browser.type(Keys.ENTER);
    browser.visible("#rated");
    browser.screenshot("portal-elder-case");
    browser.assertAccessible("portal 长者专版: case");
  }

  @Test
  void windowClerkFilesForAPersonAsTheirAgentAndPrintsTheReceipt() {
    String id = Submissions.retireeIdNumber(ThreadLocalRandom.current().nextInt(100, 900)); // 退休: of retirement age
    browser.size(1280, 1600);
    browser.open("/window/");
    browser.clickable("#sign-in").click();
    new Select(browser.visible("#thing")).selectByValue("employee-retirement");
    browser.visible("#ap-name").sendKeys("王秀英");
    browser.visible("#ap-id").sendKeys(id);
    browser.visible("#ap-phone").sendKeys("13900139000");
    browser.clickable("label[for=agent-on]").click();
    browser.visible("#agent-name").sendKeys("王建国");
    browser.visible("#agent-id").sendKeys("430405199007081013");
    browser.visible("#agent-phone").sendKeys("13700137000");
    new Select(browser.visible("#agent-relation")).selectByValue("子女");
    browser.visible("#agent-auth-ref").sendKeys("WT-AUTH-2026-0001");
    browser.clickable("#prefill").click();
    browser.visible("[data-prefilled=applicantName]");
    browser.click("label[for=mat-bank-card-waive]");
    for (WebElement ref : browser.all("#materials input[type=text]")) {
      if (ref.isDisplayed() && ref.getAttribute("value").isEmpty()) ref.sendKeys("WIN-SCAN-" + ref.getAttribute("id")); // the clerk scans the paper
    }
    fillRequiredFields(false);
    browser.screenshot("window-apply");
    browser.assertAccessible("window: application");
    browser.clickable("#submit").click();

    String caseId = unlessRefused("#receipt-case").getText();
    assertThat(browser.visible("#receipt-owed").getText()).contains("容缺");
    assertThat(browser.visible("#receipt-agent").getText()).contains("王建国").contains("WT-AUTH-2026-0001").doesNotContain("430405199007081013");
    browser.await("the QR code drawn", d -> (Long) browser.js("const i = document.getElementById('receipt-qr'); return i.complete ? i.naturalWidth : 0;") > 0);
    assertThat(browser.visible("#receipt-qr").getAttribute("src")).contains(caseId);
    browser.visible("#print-receipt");
    browser.visible("#download-receipt");
    browser.screenshot("window-receipt");
    browser.assertAccessible("window: receipt");
    JsonObject c = http.get("/api/v1/cases/" + caseId, "dev-window").json();
    assertThat(c.getString("channel")).isEqualTo("window");
    assertThat(c.getJsonObject("agent")).as("the agent recorded with the case").isNotNull();
  }

  /**
   * 线上线下融合 at the window: a person filed 退役报到 online and the department returned it for 补正; at the counter the
   * clerk looks the person up by ID number, opens that case and hands the 补正 in for them (X-Served-Person), after
   * which the item is queued for the department again and the hand-in is on record as {@code window-assist}. Another
   * person's number does not list the case.
   */
  @Test
  void windowClerkLooksUpThePersonPresentAndHandsInTheirSupplement() {
    VETERANS_UP.set(true); // the department takes the item, then returns it through its API as a desk would
    String id = Submissions.idNumber(ThreadLocalRandom.current().nextInt(100, 900));
    JsonObject notice = http.get("/api/v1/things/veteran-discharge").json();
    JsonObject body = Submissions.fromNotice(notice, id, List.of("veteran-reporting")).put("items", new JsonArray(List.of("veteran-reporting")));
    Http.Response created = http.postCase("dev-portal", UUID.randomUUID().toString(), body.encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String caseId = created.json().getString("caseId");
    String itemId = created.json().getJsonArray("items").getJsonObject(0).getString("itemId");
    Await.until("the item at the department", WAIT, () -> itemStatus(caseId, itemId).equals("DISPATCHED"));
    JsonObject returned = new JsonObject().put("status", "RETURNED").put("note", "请补正：安置介绍信扫描件不清晰")
        .put("missing", new JsonArray().add(new JsonObject().put("material", "veteran-resettlement-letter").put("reason", "扫描件不清晰")));
    Http.Response report = http.send(http.request("/api/v1/departments/veterans-affairs/items/" + itemId + "/status")
        .header("Authorization", "Bearer dev-dept-veterans-affairs").header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(returned.encode())).build());
    assertThat(report.status()).as(report.body()).isEqualTo(200);

    browser.size(1280, 1600);
    browser.open("/window/");
    browser.clickable("#sign-in").click();
    // someone else at the counter: their number does not list this person's case
    replace("#served-id", Submissions.idNumber(ThreadLocalRandom.current().nextInt(900, 1000)));
    browser.click("#served-search");
    browser.await("the other person's list", d -> !browser.all("#served-cases > *").isEmpty());
    assertThat(browser.all("#served-cases [role=alert]")).as("looked up, not refused").isEmpty();
    assertThat(browser.all("#served-cases [data-case='" + caseId + "']")).isEmpty();

    replace("#served-id", id);
    browser.click("#served-search");
    WebElement card = browser.visible("#served-list li[data-case='" + caseId + "']");
    assertThat(card.getText()).contains("军人退役").contains("需要补正材料").contains("PC门户");
    browser.click("#served-list li[data-case='" + caseId + "'] .open-case");
    assertThat(browser.visible("#served-case #case-id").getText()).isEqualTo(caseId);
    assertThat(browser.visible("#served-case [data-status=RETURNED]").getText()).isEqualTo("需要补正");
    assertThat(browser.visible("#served-case #items-table").getText()).contains("星期");
    browser.screenshot("window-served-person");
    browser.assertAccessible("window: the served person's case");
    assertThat(browser.visible("#sup-code-" + itemId).getAttribute("value")).isEqualTo("veteran-resettlement-letter");
    browser.visible("#sup-ref-" + itemId).sendKeys("WIN-SCAN-resettlement-2");
    browser.click("form[data-supplement='" + itemId + "'] button[type=submit]");
    browser.await("the 补正 handed in", d -> browser.all("form[data-supplement='" + itemId + "']").isEmpty());
    browser.await("the success announced", d -> String.valueOf(browser.js("return document.getElementById('live')?.textContent;")).contains("补正材料已提交"));

    assertThat(itemStatus(caseId, itemId)).as("queued for the department again, or past it").isIn("QUEUED", "DISPATCHED");
    assertThat(events(caseId, "dev-portal")).contains("SupplementSubmitted");
    assertThat(onego.server.support.AuditTables.actions(caseId)).contains("SUPPLEMENT_SUBMITTED");
    assertThat(onego.server.support.TestServices.column("SELECT action FROM audit_log WHERE purpose = 'window-assist' AND case_id = '" + caseId + "'"))
        .as("read and handed in for the person present").contains("CASE_READ", "SUPPLEMENT_SUBMITTED");
  }

  @Test
  void opsPageShowsADeadLetterLiveAndReplaysIt() {
    VETERANS_UP.set(false);
    JsonObject notice = http.get("/api/v1/things/veteran-discharge").json();
    JsonObject body = Submissions.fromNotice(notice, Submissions.idNumber(7), List.of("veteran-reporting")).put("items", new JsonArray(List.of("veteran-reporting")));
    Http.Response created = http.postCase("dev-portal", UUID.randomUUID().toString(), body.encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String itemId = created.json().getJsonArray("items").getJsonObject(0).getString("itemId");
    Await.until("the item dead-lettered", WAIT, () -> http.get("/api/v1/admin/dead-letters", "dev-admin").body().contains(itemId));

    browser.size(1280, 1600);
    browser.open("/ops/");
    browser.clickable("#sign-in").click();
    browser.visible("#dead-letters tr[data-item='" + itemId + "']");
    browser.await("the WebSocket live", d -> browser.visible("#live-state").getText().contains("实时"));
    browser.screenshot("ops");
    browser.assertAccessible("ops");
    VETERANS_UP.set(true);
    browser.click("button.replay[data-item='" + itemId + "']");
    browser.await("the dead letter gone from the page", d -> browser.all("#dead-letters tr[data-item='" + itemId + "']").isEmpty());
    Await.until("the item dispatched again", WAIT, () -> http.get("/api/v1/cases/" + created.json().getString("caseId"), "dev-portal")
        .json().getJsonArray("items").getJsonObject(0).getString("status").equals("DISPATCHED"));
  }

  /**
   * The portal opens at its top: sign-in, 长者专版 and 我的办件 in view, focus at the page's start (Tab reaches the skip
   * link first), no frame drawn around the main content; a new view takes focus to the main content (for screen
   * readers) without scrolling past the header, still without a frame.
   */
  @Test
  void portalOpensAtItsTopAndANewViewTakesFocusWithoutScrollingOrAFrame() {
    browser.size(1280, 720);
    browser.open("/portal/");
    browser.visible("#results ul.cards");
    browser.visible("#sign-in");
    assertThat(((Number) browser.js("return window.scrollY;")).doubleValue()).as("not scrolled on load").isZero();
    for (String css : new String[] {"#sign-in", "#elder-toggle", "#nav-mine"}) assertThat(inView(css)).as(css + " in view").isTrue();
    browser.type(Keys.TAB);
    assertThat(browser.js("return document.activeElement.className;")).as("the first Tab reaches the skip link").isEqualTo("skip");

    browser.click("a[data-thing=newborn]");
    browser.visible("#notice");
    browser.await("focus on the main content", d -> "main".equals(browser.js("return document.activeElement.id;")));
    assertThat(((Number) browser.js("return window.scrollY;")).doubleValue()).as("the new view shown from the top").isZero();
    for (String css : new String[] {"#sign-in", "#elder-toggle", "#nav-mine"}) assertThat(inView(css)).as(css + " in view").isTrue();
    assertThat(browser.js("const s = getComputedStyle(document.getElementById('main')); return s.outlineStyle + ' ' + s.boxShadow;"))
        .as("no frame around the focused main content").isEqualTo("none none");
  }

  /** The notice in Chinese words (e-certificates by name, not by code) and, on a desk's screen, a 部门 column wide enough to read. */
  @Test
  void theNoticeNamesECertificatesInChineseAndItsDepartmentColumnIsReadableOnADesktop() {
    browser.size(1280, 900);
    browser.open("/portal/#/thing/newborn");
    String notice = browser.visible("#notice").getText();
    assertThat(notice).contains("可用电子证照「出生医学证明」");
    assertThat(notice).as("no catalog code in the sentences").doesNotContainPattern("[a-z]+(-[a-z]+)+");
    @SuppressWarnings("unchecked")
    List<List<Object>> cells = (List<List<Object>>) browser.js("return [...document.querySelectorAll('#notice td[data-label=\"部门\"]')].map(td => {"
        + " const r = document.createRange(); r.selectNodeContents(td);"
        + " const lines = new Set([...r.getClientRects()].map(x => Math.round(x.top))).size;"
        + " return [td.innerText.trim(), lines]; });");
    assertThat(cells).isNotEmpty();
    for (List<Object> cell : cells) {
      String name = (String) cell.get(0);
      long lines = ((Number) cell.get(1)).longValue();
      assertThat(lines).as("「%s」 in %d lines", name, lines).isLessThanOrEqualTo(Math.max(1, (name.length() + 3) / 4));
    }
    browser.screenshot("portal-notice-desktop");

    // 户口登记 without 出生医学证明 in the case: the page asks for the certificate by its name
    browser.click("label[for=item-birth-medical-certificate]");
    browser.await("the proof asked for by name", d -> browser.visible("#apply").getText().contains("电子证照「出生医学证明」"));
    assertThat(browser.visible("#apply").getText()).doesNotContain("birth-medical-certificate");
  }

  /** The pages' icon is served (no 404 in the browser's log) and linked from the page. */
  @Test
  void theFaviconIsServedAndLinked() {
    browser.open("/portal/");
    browser.visible("#sign-in");
    Object answer = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1]; const href = document.querySelector('link[rel=icon]').href;"
        + "fetch(href).then(r => done(r.status + ' ' + r.headers.get('content-type') + ' ' + href), e => done(String(e)));");
    assertThat(String.valueOf(answer)).startsWith("200 image/x-icon ").endsWith("/favicon.ico");
  }

  /**
   * 免申即享 on the portal: after a sweep of the simulated population, 我的办件 of a person of 80 lists the 高龄津贴
   * offer; 确认办理 files the case without a form and opens its page, and the offer reads CONFIRMED with that case.
   */
  @Test
  void anOfferIsListedInMyCasesAndConfirmedWithoutAForm() throws Exception {
    java.util.concurrent.CompletableFuture<Integer> swept = new java.util.concurrent.CompletableFuture<>();
    var sweeper = node.dev().node().offerSweeper();
    node.dev().node().vertx().runOnContext(v -> sweeper.sweep().onComplete(ar -> {
      if (ar.succeeded()) swept.complete(ar.result());
      else swept.completeExceptionally(ar.cause());
    }));
    swept.get(120, TimeUnit.SECONDS);
    String id = onego.server.support.TestServices.column(
        "SELECT subject FROM offers WHERE rule = 'elderly-allowance-at-80' AND state = 'OFFERED' ORDER BY subject").get(0);

    browser.open("/portal/");
    browser.clickable("#sign-in").click();
    browser.visible("#signed-in-as");
    browser.open("/portal/#/mine");
    replace("#archive-id", id);
    browser.visible("#archive-id").sendKeys(Keys.ENTER);
    WebElement offer = browser.visible("#offers li[data-state=OFFERED]");
    assertThat(offer.getText()).contains("待确认");
    browser.assertAccessible("portal: offers");
    browser.clickable("#offers li[data-state=OFFERED] .offer-confirm").click();
    String caseId = browser.visible("#case-id").getText();

    JsonObject listed = http.get("/api/v1/applicants/" + id + "/offers", "dev-portal").json().getJsonArray("offers").stream()
        .map(o -> (JsonObject) o).filter(o -> o.getString("rule").equals("elderly-allowance-at-80")).findFirst().orElseThrow();
    assertThat(listed.getString("state")).isEqualTo("CONFIRMED");
    assertThat(http.get("/api/v1/cases/" + caseId, "dev-portal").json().getJsonObject("applicant").getString("idNumber")).isEqualTo(id);
  }

  /** The sample person's ID number is offered in the dev profile only: elsewhere 我的办件 and the application start empty. */
  @Test
  void aSampleIdNumberIsPrefilledInTheDevProfileOnly() {
    browser.open("/portal/#/mine");
    assertThat(browser.visible("#archive-id").getAttribute("value")).as("dev profile: the sample person").isEqualTo("430405199203152042");

    // the same pages as a node outside dev describes itself to them (GET /pages/signin.json: profile prod, no dev keys)
    Map<String, Object> added = browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
        "const realFetch = window.fetch; window.fetch = (url, ...rest) => String(url).endsWith('/pages/signin.json')"
        + " ? Promise.resolve(new Response(JSON.stringify({profile: 'prod', sso: null}), {headers: {'Content-Type': 'application/json'}}))"
        + " : realFetch(url, ...rest);"));
    try {
      browser.js("sessionStorage.clear();");
      browser.open("/portal/#/mine");
      browser.driver.navigate().refresh(); // a new document, which the script above runs in (a changed hash alone is none)
      browser.visible("#jwt"); // signed out, offered the token field of a deployment without SSO
      assertThat(browser.visible("#archive-id").getAttribute("value")).as("prod: nobody's number").isEmpty();
      browser.open("/portal/#/thing/newborn");
      assertThat(browser.visible("#ap-id").getAttribute("value")).as("prod: nobody's number").isEmpty();
    } finally {
      browser.driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", added.get("identifier")));
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Waits for css after a submission; fails at once with the page's words when the node refused it. */
  private static WebElement unlessRefused(String css) {
    return browser.await(css + " after the submission", d -> {
      if (!browser.all("#submit-status [role=alert]").isEmpty()) {
        throw new AssertionError("the submission was refused: " + browser.js("return document.getElementById('submit-status').innerText;"));
      }
      List<WebElement> found = browser.all(css);
      return found.isEmpty() ? null : found.get(0);
    });
  }

  /** Whether css's element lies wholly inside the viewport. */
  private static boolean inView(String css) {
    return (Boolean) browser.js("const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        + " return r.top >= 0 && r.bottom <= window.innerHeight;", css);
  }

  private static void replace(String css, String value) {
    WebElement e = browser.visible(css);
    e.clear();
    e.sendKeys(value);
  }

  /** Every required form control still empty gets a plausible value; byKeyboard: reached with Tab and typed. */
  private static void fillRequiredFields(boolean byKeyboard) {
    browser.visible("#form-slot [required]");
    @SuppressWarnings("unchecked")
    List<String> ids = (List<String>) browser.js("return [...document.querySelectorAll('#form-slot [required]')].filter(e => !e.value).map(e => e.id);");
    for (String id : ids) {
      WebElement e = browser.driver.findElement(By.id(id));
      boolean select = e.getTagName().equals("select");
      String value = valueFor(e);
      if (byKeyboard) {
        browser.tabTo("#" + id, 200);
        browser.type(select ? Keys.ARROW_DOWN : value);
      } else if (select) {
        new Select(e).selectByIndex(1);
      } else {
        e.sendKeys(value);
      }
    }
  }

  private static String valueFor(WebElement e) {
    String type = e.getAttribute("type");
    String placeholder = String.valueOf(e.getAttribute("placeholder"));
    if ("tel".equals(type)) return "13800138000";
    if ("number".equals(type)) return e.getAttribute("min") != null ? String.valueOf((long) Math.ceil(Double.parseDouble(e.getAttribute("min")))) : "1";
    if (e.getAttribute("pattern") != null && e.getAttribute("pattern").startsWith("[0-9]")) return "6222020200112233445";
    if (placeholder.contains("08:30")) return "2026-11-20 08:30";
    if (placeholder.contains("2026-11-20")) return "2026-11-20";
    if (e.getAttribute("id").endsWith("IdNumber")) return Submissions.idNumber(7);
    return "测试";
  }

  private static String itemStatus(String caseId, String itemId) {
    return http.get("/api/v1/cases/" + caseId, "dev-portal").json().getJsonArray("items").stream().map(i -> (JsonObject) i)
        .filter(i -> i.getString("itemId").equals(itemId)).findFirst().orElseThrow().getString("status");
  }

  private static String events(String caseId, String token) {
    return http.get("/api/v1/cases/" + caseId + "/events", token).body();
  }
}
