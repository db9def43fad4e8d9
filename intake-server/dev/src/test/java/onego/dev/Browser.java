package onego.dev;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The system's headless Chromium driven through the system's ChromeDriver, both named explicitly so Selenium
 * Manager never looks for (or downloads) anything. Waits are explicit; screenshots go to
 * {@code intake-server/dev/target/screenshots}; {@link #assertAccessible} runs axe-core (its WebJar, injected
 * here) with the WCAG 2.1 A and AA rules.
 */
final class Browser implements AutoCloseable {
  static final Path SCREENSHOTS = Path.of("intake-server/dev/target/screenshots");
  private static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";

  final ChromeDriver driver;
  final String base;
  private final Path profile;

  Browser(String base, int width, int height) {
    this.base = base;
    if (!BrowserAvailable.CHROMIUM.toFile().canExecute() || !BrowserAvailable.CHROMEDRIVER.toFile().canExecute()) {
      throw new IllegalStateException("ONEGO_REQUIRE_BROWSER is set but " + BrowserAvailable.CHROMIUM + " or " + BrowserAvailable.CHROMEDRIVER + " is missing");
    }
    try {
      profile = Files.createTempDirectory("onego-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions().setBinary(BrowserAvailable.CHROMIUM.toFile()).addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=zh-CN",
        "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(BrowserAvailable.CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  void open(String path) {
    driver.get(base + path);
  }

  /** Waits (up to 30 s) for condition; fails naming what was awaited. */
  <T> T await(String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage(what)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class) // a live page redraws what it shows
        .until(condition::apply);
  }

  WebElement visible(String css) {
    return await(css + " visible", d -> ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)).apply(d));
  }

  WebElement clickable(String css) {
    return await(css + " clickable", d -> ExpectedConditions.elementToBeClickable(By.cssSelector(css)).apply(d));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Clears the tab's storage (sign-in, drafts, pending keys) and the 长者专版 switch for a fresh start. */
  void forget() {
    open("/portal/");
    js("sessionStorage.clear(); localStorage.clear();");
  }

  /**
   * Presses Tab (or Shift+Tab when css lies before the focused element) until the focused element matches css,
   * at most max presses; fails if it never does.
   */
  WebElement tabTo(String css, int max) {
    for (int i = 0; i < max; i++) {
      Object where = js("const t = document.querySelector(arguments[0]); const a = document.activeElement;"
          + "if (!t) return 'missing'; if (a === t) return 'here';"
          + "return a && a !== document.body && (t.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING) ? 'back' : 'forward';", css);
      if ("here".equals(where)) return driver.switchTo().activeElement();
      if ("back".equals(where)) new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
      else new Actions(driver).sendKeys(Keys.TAB).perform();
    }
    throw new AssertionError("Tab never reached " + css + " in " + max + " presses; stuck at "
        + js("return document.activeElement && document.activeElement.outerHTML.slice(0, 120);"));
  }

  /** Clicks css once it is there and the page has stopped redrawing it (a live page re-renders on events). */
  void click(String css) {
    await(css + " clicked", d -> {
      try {
        WebElement e = d.findElement(By.cssSelector(css));
        js("arguments[0].scrollIntoView({block: 'center'});", e);
        e.click();
        return true;
      } catch (org.openqa.selenium.StaleElementReferenceException
               | org.openqa.selenium.NoSuchElementException | org.openqa.selenium.ElementNotInteractableException e) {
        return null;
      }
    });
  }

  /** The window's size: a phone (412 wide) for the portal, a desk's screen for the window and ops pages. */
  void size(int width, int height) {
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
  }

  /** Types into the focused element, as a keyboard does. */
  void type(CharSequence... keys) {
    new Actions(driver).sendKeys(keys).perform();
  }

  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      js("window.scrollTo(0, 0);");
      Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** axe-core over the whole page with the WCAG 2.0/2.1 A and AA rules: no violation, else each named with its elements. */
  @SuppressWarnings("unchecked")
  void assertAccessible(String page) {
    if (!(Boolean) js("return typeof window.axe === 'object';")) js(axeSource());
    Object result = driver.executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
            + ".then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' @ ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))"
            + ".catch(e => done(['axe failed: ' + e]));");
    assertThat((List<String>) result).as("WCAG 2.1 AA violations on " + page).isEmpty();
  }

  private static String axeSource() {
    try (InputStream in = Browser.class.getClassLoader().getResourceAsStream(AXE)) {
      if (in == null) throw new IllegalStateException(AXE + " not on the test classpath (org.webjars.npm:axe-core)");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The answers of GET /api/v1/... as this tab would see them (for checks beside the page). */
  @SuppressWarnings("unchecked")
  Map<String, Object> apiGet(String path, String token) {
    return (Map<String, Object>) driver.executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch('/api/v1' + arguments[0], {headers: {Authorization: 'Bearer ' + arguments[1]}}).then(r => r.json()).then(done, e => done({error: String(e)}));",
        path, token);
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary profile left behind is harmless
    }
  }
}
