package org.coachgrant.trainingplan;

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
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tasklist as a manager and a reviewer meet it, in Debian's headless Chromium (the harness of
 * CoordinatorInTheBrowserTest): it says Coachgrant, with no vendor banner; an email's link opens the
 * task after the sign-in; a refused submission names the field by its label beside the buttons; a
 * submitted plan is confirmed; the reviewer's list shows setting and amount; signing out of the webapp
 * lands on Coachgrant's sign-in. Screenshots under target/screenshots/; axe-core on Coachgrant's own pages.
 */
@Tag("browser")
class TasklistInTheBrowserTest extends CoachgrantTest {

  private static final String CHROMIUM = System.getProperty("coachgrant.chromium", "/usr/bin/chromium");
  private static final String CHROMEDRIVER = System.getProperty("coachgrant.chromedriver", "/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @LocalServerPort int port;

  private WebDriver browser;
  private Path profile;

  @BeforeEach
  void openChromium() throws IOException {
    profile = Files.createTempDirectory("coachgrant-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--window-size=1280,1000", "--lang=en-GB");
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort().build(), options);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterEach
  void closeChromium() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void aManagerFollowsTheEmailLinkGetsTheLabelledRefusalBesideTheButtonsThenTheConfirmation() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "ruth", "changes", "Please name the staff who attend");

    open("/plans/" + planId(instance) + "/next");
    page("tasklist-sign-in", "Sign in to Coachgrant");
    signIn(f.manager());
    waitFor("the email's link opens her task after the sign-in", "Submit training plan");
    waitFor("the plan's form", "Total grant requested");
    shoot("tasklist-manager-task");
    assertThat(browser.getTitle()).isEqualTo("Coachgrant Tasklist");
    assertThat(body()).doesNotContain("Camunda 8").doesNotContain("migrate");
    assertThat(browser.getCurrentUrl()).contains("task=" + task(instance, TrainingPlanProcess.TASK_SUBMIT).getId());

    WebElement total = field("Total grant requested");
    total.sendKeys(Keys.chord(Keys.CONTROL, "a"), "850");
    completeTask();
    waitFor("the refusal beside the buttons", "Please correct this");
    shoot("tasklist-refused");
    String refusal = browser.findElement(By.cssSelector(".coachgrant-message.refused")).getText();
    assertThat(refusal).contains("Total grant requested: must equal the sum of the training actions, £600.00 (was £850.00)")
        .doesNotContain("totalRequested").doesNotContain("Cannot submit");
    assertThat(browser.findElements(By.cssSelector(".page-notifications .alert-danger"))).as("no pop-up over the buttons").isEmpty();

    total = field("Total grant requested");
    total.sendKeys(Keys.chord(Keys.CONTROL, "a"), "600");
    completeTask();
    waitFor("the confirmation", "Your training plan was received");
    shoot("tasklist-received");
    executeJobs();
    assertThat(MAIL.getReceivedMessagesForDomain(f.manager() + "@example.org")).anySatisfy(m ->
        assertThat(m.getSubject()).containsIgnoringCase("received"));

    // signing out from the webapp's own menu lands on Coachgrant's sign-in, not Camunda's login form
    js().executeScript("document.querySelector('[cam-widget-header] .account, [cam-widget-header] .dropdown-toggle.user').click()");
    By signOut = By.xpath("//a[normalize-space()='Sign out' or normalize-space()='Log out']");
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(signOut).isEmpty());
    js().executeScript("arguments[0].click()", browser.findElement(signOut));
    new WebDriverWait(browser, Duration.ofSeconds(15)).withMessage("webapp sign-out lands on /login?signedOut")
        .until(d -> d.getCurrentUrl().endsWith("/login?signedOut"));
    page("tasklist-signed-out", "Sign in to Coachgrant");
  }

  @Test
  void theReviewersListShowsSettingAmountAndVersionAndCamundasLoginSendsToCoachgrants() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "590"));

    open("/camunda/app/tasklist/default/#/login");
    page("tasklist-login-redirect", "Sign in to Coachgrant");
    signIn("ruth");
    waitFor("Tasklist after the sign-in", "Plans to review");
    open("/camunda/app/tasklist/default/");
    waitFor("ruth's list", "£1,180.00");
    new WebDriverWait(browser, Duration.ofSeconds(15)).withMessage("sorted by due date")
        .until(d -> d.getCurrentUrl().contains("dueDate") && body().contains("Due date"));
    waitFor("ruth's list, sorted", "£1,180.00");
    shoot("tasklist-plans-to-review");
    String list = body();
    assertThat(list).contains("Setting").contains(settingName(f)).contains("Amount").contains("£1,180.00").contains("Due in");
    assertThat(browser.getTitle()).isEqualTo("Coachgrant Tasklist");
    assertThat(body()).doesNotContain("Camunda 8");
    assertThat(browser.getCurrentUrl()).as("sorted by due date").contains("dueDate");
    assertThat(browser.findElements(By.cssSelector(".create-task-action"))).allSatisfy(e -> assertThat(e.isDisplayed()).isFalse());
    assertThat(body()).doesNotContain("Create task");
  }

  @Test
  void cockpitAndAdminSayCoachgrantToo() {
    open("/login");
    type("username", "admin");
    type("password", "Test-Only-Coach-7x!");
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    waitFor("signed in", "Programmes");
    for (String app : List.of("Cockpit", "Admin")) {
      open("/camunda/app/" + app.toLowerCase() + "/default/");
      new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(app + " says Coachgrant")
          .until(d -> d.getTitle().startsWith("Coachgrant"));
      waitFor(app + "'s header", "Coachgrant " + app);
      shoot(app.toLowerCase());
      assertThat(body()).doesNotContain("Camunda 8").doesNotContain("migrate");
    }
  }

  private String settingName(Fixture f) {
    return jdbc.sql("select name from setting where id = ?").param(f.settingId()).query(String.class).single();
  }

  private void signIn(String user) {
    type("username", user);
    type("password", PASSWORD);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
  }

  /** The form-js field whose label is {@code label}. */
  private WebElement field(String label) {
    return browser.findElement(By.xpath("//label[starts-with(normalize-space(), '" + label + "')]/following::input[1]"));
  }

  private void completeTask() {
    WebElement complete = browser.findElement(By.xpath("//button[normalize-space()='Complete']"));
    // form-js 1.8.7 in Tasklist 7.24 can leave Complete grey (bpmn-io/form-js#1494): then the form's own button
    WebElement button = complete.isEnabled() ? complete : browser.findElement(By.xpath("//button[normalize-space()='Submit plan']"));
    js().executeScript("arguments[0].scrollIntoView({block: 'center'})", button);
    button.click();
  }

  private void waitFor(String what, String text) {
    try {
      new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> body().contains(text));
    } catch (org.openqa.selenium.TimeoutException e) {
      shoot("failed-" + what.replaceAll("\\W+", "-"));
      throw new AssertionError(what + ": '" + text + "' not shown at " + browser.getCurrentUrl(), e);
    }
  }

  private String body() {
    return browser.findElement(By.tagName("body")).getText();
  }

  /** A page of Coachgrant's own: waits for {@code expected}, saves a screenshot and runs axe-core on it. */
  private void page(String name, String expected) {
    waitFor("page " + name, expected);
    shoot(name);
    assertThat(axeViolations()).as("axe-core on page " + name + " (" + browser.getCurrentUrl() + ")").isEmpty();
  }

  @SuppressWarnings("unchecked")
  private List<String> axeViolations() {
    js().executeScript(axeSource());
    return (List<String>) js().executeAsyncScript("var done = arguments[arguments.length - 1];"
        + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
        + ".then(function (r) { done(r.violations.map(function (v) { return v.id + ': ' + v.help + ' at '"
        + " + v.nodes.map(function (n) { return n.target.join(' '); }).join(', '); })); })"
        + ".catch(function (e) { done(['axe failed: ' + e]); });");
  }

  private static String axeSource() {
    try (var in = TasklistInTheBrowserTest.class.getResourceAsStream("/axe/axe.min.js")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void shoot(String name) {
    try {
      Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
          SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void open(String path) {
    browser.get("http://localhost:" + port + path);
  }

  private void type(String id, String value) {
    WebElement field = browser.findElement(By.id(id));
    field.clear();
    field.sendKeys(value);
  }

  private JavascriptExecutor js() {
    return (JavascriptExecutor) browser;
  }
}
