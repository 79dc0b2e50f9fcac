package org.coachgrant.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.coachgrant.security.GatewayRefusals;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through its chromedriver (never a downloaded browser), with a fresh profile:
 * opens pages of the application on {@code port}, waits on what a person waits on, checks a page with
 * axe-core (WCAG 2.2 AA) and saves screenshots under target/screenshots/.
 */
public final class Chromium implements AutoCloseable {

  private static final String CHROMIUM = System.getProperty("coachgrant.chromium", "/usr/bin/chromium");
  private static final String CHROMEDRIVER = System.getProperty("coachgrant.chromedriver", "/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static String axe;

  private final int port;
  private final Path profile;
  private final WebDriver browser;
  /** The gateway's refusals before this browser opened: the screens it shows must call only what the allow-list names. */
  private long refusalsBefore = GatewayRefusals.count();

  public Chromium(int port) throws IOException {
    this.port = port;
    profile = Files.createTempDirectory("coachgrant-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--window-size=1280,1000", "--lang=en-GB");
    // the console, where Chromium reports what a page's Content-Security-Policy refused
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    Files.createDirectories(SCREENSHOTS);
  }

  public WebDriver driver() {
    return browser;
  }

  public void open(String path) {
    browser.get(path.startsWith("http") ? path : "http://localhost:" + port + path);
  }

  /**
   * Signs in on Coachgrant's sign-in page, and waits until the browser has left it (for the page asked for, /my, or
   * the page's error): a page opened before would race with the sign-in's redirect.
   */
  public void signIn(String user, String password) {
    open("/login");
    String signInPage = browser.getCurrentUrl();
    type("username", user);
    type("password", password);
    click(By.cssSelector("form button[type=submit]"));
    waitFor("the sign-in of " + user + " to leave the sign-in page", Duration.ofSeconds(30),
        driver -> !signInPage.equals(driver.getCurrentUrl()) ? true : null);
  }

  /** Waits until the page shows {@code expected} and saves a screenshot named {@code name}. */
  public void shows(String name, String expected) {
    waitFor("page " + name + " shows '" + expected + "'", Duration.ofSeconds(30),
        ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), expected));
    shoot(name);
  }

  /**
   * {@link #shows}, and axe-core finds no violation; {@code exclude} are CSS selectors of parts axe leaves out (a
   * third-party editor's canvas, checked by its own project).
   */
  public void page(String name, String expected, String... exclude) {
    shows(name, expected);
    assertThat(axeViolations(exclude)).as("axe-core on page " + name + " (" + browser.getCurrentUrl() + ")").isEmpty();
  }

  public <T> T waitFor(String what, Duration atMost, Function<WebDriver, T> condition) {
    // a page that is still loading replaces the element the condition read (stale, or "does not belong to the
    // document" when Chromium is between two pages): look again
    Function<WebDriver, T> again = driver -> {
      try {
        return condition.apply(driver);
      } catch (org.openqa.selenium.WebDriverException e) {
        if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
          return null;
        }
        throw e;
      }
    };
    return new WebDriverWait(browser, atMost).withMessage(what)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(again);
  }

  /** Waits until the element shows {@code text}. */
  public void waitFor(By by, String text) {
    waitFor("waiting for \"" + text + "\" on " + browser.getCurrentUrl(), Duration.ofSeconds(30),
        ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  /** Waits until the element is on the page. */
  public void waitFor(By by) {
    waitFor("waiting for " + by + " on " + browser.getCurrentUrl(), Duration.ofSeconds(30),
        ExpectedConditions.presenceOfElementLocated(by));
  }

  @SuppressWarnings("unchecked")
  public List<String> axeViolations(String... exclude) {
    StringBuilder context = new StringBuilder("{include: [['body']], exclude: [");
    for (int i = 0; i < exclude.length; i++) {
      context.append(i == 0 ? "" : ", ").append("['").append(exclude[i]).append("']");
    }
    context.append("]}");
    js().executeScript(axeSource());
    Object result = js().executeAsyncScript("var done = arguments[arguments.length - 1];"
        + "axe.run(" + context + ", {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
        + ".then(function (r) { done(r.violations.map(function (v) { return v.id + ': ' + v.help + ' at '"
        + " + v.nodes.map(function (n) { return n.target.join(' '); }).join(', '); })); })"
        + ".catch(function (e) { done(['axe failed: ' + e]); });");
    return (List<String>) result;
  }

  private static synchronized String axeSource() {
    if (axe == null) {
      try (var in = Chromium.class.getResourceAsStream("/axe/axe.min.js")) {
        axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return axe;
  }

  public void shoot(String name) {
    try {
      Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
          SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public WebElement find(By by) {
    return browser.findElement(by);
  }

  public void type(String id, String value) {
    WebElement field = browser.findElement(By.id(id));
    field.clear();
    field.sendKeys(value);
  }

  /**
   * Clicks the element once a person could: shown and enabled, scrolled to the middle of the window first (Tasklist's
   * fixed footer covers the bottom). A webapp that draws it again meanwhile, or still covers it with a fading dialog,
   * is waited for, however busy the machine.
   */
  public void click(By by) {
    new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage("clicking " + by + " on " + browser.getCurrentUrl())
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.ElementNotInteractableException.class).until(d -> {
          WebElement element = d.findElement(by);
          if (!element.isDisplayed() || !element.isEnabled()) {
            return false;
          }
          js().executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
          element.click();
          return true;
        });
  }

  /** Replaces what {@code field} holds with {@code text}, by keys alone, as a person correcting a field would. */
  public static void retype(WebElement field, String text) {
    field.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), org.openqa.selenium.Keys.DELETE);
    field.sendKeys(text);
  }

  public String text(By by) {
    return browser.findElement(by).getText().strip();
  }

  public JavascriptExecutor js() {
    return (JavascriptExecutor) browser;
  }

  /**
   * What the pages' Content-Security-Policy refused since the last look (a script, a style, a connection),
   * as Chromium reported it in the console.
   */
  public List<String> policyViolations() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
        .filter(message -> message.contains("Content Security Policy")).toList();
  }

  /**
   * The gateway's refusals since this browser opened (or since the last call of this method): calls a test makes on
   * purpose, to see them refused, which it checks itself instead of failing at {@link #close}.
   */
  public List<String> takeRefusals() {
    List<String> refused = GatewayRefusals.since(refusalsBefore);
    refusalsBefore = GatewayRefusals.count();
    return refused;
  }

  /** Fails the test when a page it opened broke its Content-Security-Policy, however the test ended otherwise. */
  @Override
  public void close() throws IOException {
    List<String> violations;
    try {
      violations = policyViolations();
    } finally {
      browser.quit();
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    assertThat(violations).as("what the pages' Content-Security-Policy refused").isEmpty();
    assertThat(GatewayRefusals.since(refusalsBefore)).as("calls of the screens that the gateway's allow-list does not name")
        .isEmpty();
  }
}
