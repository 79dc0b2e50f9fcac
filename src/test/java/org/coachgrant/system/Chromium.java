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
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the browser tests: Debian's headless Chromium through its chromedriver, each page
 * checked with axe-core (WCAG 2.2 AA) and saved under target/screenshots/. The same set-up as
 * {@code programme/CoordinatorInTheBrowserTest}, as a class other browser tests can use.
 */
public final class Chromium implements AutoCloseable {

  private static final String CHROMIUM = System.getProperty("coachgrant.chromium", "/usr/bin/chromium");
  private static final String CHROMEDRIVER = System.getProperty("coachgrant.chromedriver", "/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static String axe;

  private final int port;
  private final Path profile;
  private final WebDriver browser;

  public Chromium(int port) throws IOException {
    this.port = port;
    this.profile = Files.createTempDirectory("coachgrant-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--window-size=1280,1000", "--lang=en-GB");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort().build();
    this.browser = new ChromeDriver(service, options);
    Files.createDirectories(SCREENSHOTS);
  }

  public WebDriver driver() {
    return browser;
  }

  public void open(String path) {
    browser.get("http://localhost:" + port + path);
  }

  public void signIn(String user, String password) {
    open("/login");
    type("username", user);
    type("password", password);
    click(By.cssSelector("form button[type=submit]"));
  }

  /**
   * Waits for the page to show {@code expected}, saves a screenshot, and runs axe-core on it; {@code exclude}
   * are CSS selectors of parts axe leaves out (a third-party editor's canvas, checked by its own project).
   */
  public void page(String name, String expected, String... exclude) {
    waitFor(By.tagName("body"), expected);
    shoot(name);
    assertThat(axeViolations(exclude)).as("axe-core on page " + name + " (" + browser.getCurrentUrl() + ")").isEmpty();
  }

  public void waitFor(By by, String text) {
    new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage("waiting for \"" + text + "\" on " + browser.getCurrentUrl())
        .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  public void waitFor(By by) {
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(by));
  }

  public void type(String id, String value) {
    WebElement field = browser.findElement(By.id(id));
    field.clear();
    field.sendKeys(value);
  }

  public void click(By by) {
    browser.findElement(by).click();
  }

  public String text(By by) {
    return browser.findElement(by).getText().strip();
  }

  public JavascriptExecutor js() {
    return (JavascriptExecutor) browser;
  }

  public void shoot(String name) {
    try {
      Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private List<String> axeViolations(String... exclude) {
    js().executeScript(axeSource());
    StringBuilder context = new StringBuilder("{include: [['body']], exclude: [");
    for (int i = 0; i < exclude.length; i++) {
      context.append(i == 0 ? "" : ", ").append("['").append(exclude[i]).append("']");
    }
    context.append("]}");
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

  @Override
  public void close() throws IOException {
    browser.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
