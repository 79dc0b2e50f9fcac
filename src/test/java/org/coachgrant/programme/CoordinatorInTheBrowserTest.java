package org.coachgrant.programme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

import java.util.UUID;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.system.InTheBrowser;
import org.coachgrant.system.Chromium;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The coordinator's story in a real browser: Debian's headless Chromium through its chromedriver (never a
 * downloaded browser). Each page is checked with axe-core (WCAG 2.2 AA) and saved under target/screenshots/.
 * Run with {@code ./mvnw verify -Pbrowser}.
 */
class CoordinatorInTheBrowserTest extends InTheBrowser {

  @BeforeEach
  void carlCoaches() {
    person("carl", "coaches");
  }

  @Test
  void coraSetsUpAProgrammeAndWatchesItMoveWithOneSignIn() throws Exception {
    open("/programmes");
    page("sign-in", "Sign in to Coachgrant");
    type("username", "cora");
    type("password", PASSWORD);
    click(By.cssSelector("form button[type=submit]"));
    page("programmes", "Programmes");

    click(By.linkText("Create a programme"));
    page("new-programme", "Create a programme");
    click(By.cssSelector("main form button[type=submit]"));
    page("new-programme-errors", "There is a problem");
    assertThat(text(By.id("code-error"))).as("new programme: the code's error beside the field").contains("Is required");

    String code = "B-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    type("code", code);
    type("name", "Browser Coaching " + code);
    type("budget", "63000");
    type("grantCap", "1500");
    setValue("planDeadline", LocalDate.now().plusMonths(4).toString());
    click(By.cssSelector("main form button[type=submit]"));
    page("dashboard-new", "Browser Coaching " + code);

    click(By.linkText("Enrol settings"));
    page("enrol", "Enrol settings");
    String n = code.substring(2).toLowerCase();
    Path csv = Files.createTempFile("settings", ".csv");
    StringBuilder rows = new StringBuilder("setting name,URN,manager name,email\n");
    for (int i = 1; i <= 7; i++) {
      rows.append("Nursery ").append(i).append(",EY").append(n).append(i).append(",Manager ").append(i)
          .append(",m").append(i).append(n).append("@example.org\n");
    }
    rows.append("Nameless Nursery,EY").append(n).append("9,Nobody,\n");
    Files.writeString(csv, rows, StandardCharsets.UTF_8);
    browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
    click(By.xpath("//button[normalize-space()='Upload and enrol']"));
    page("enrol-importing", "Importing");
    executeJobs();
    // the page follows the import on its own (EnrolmentImportInTheBrowserTest)
    page("enrol-report", "Import report");
    assertThat(text(By.id("report-summary"))).as("enrol report: the summary").contains("7 enrolled").contains("1 row with a problem");
    assertThat(text(By.id("report-problems"))).as("enrol report: the bad row with its line").contains("9").contains("Email is required");

    open("/programmes/" + code + "/groups");
    page("groups-none", "Groups and sessions");
    click(By.xpath("//button[normalize-space()='Allocate the groups']"));
    page("groups-allocated", "2 groups allocated");
    scheduleGroupOne(weekly(LocalDate.now().plusWeeks(3)), "Ipswich Library, room ", "sessions-scheduled");
    assertThat(text(By.id("sessions-1"))).as("group 1's sessions").contains("Ipswich Library, room 3");

    open("/camunda/app/tasklist/default/");
    new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage("Tasklist opens for cora without a second sign-in")
        .until(d -> d.getPageSource().contains("Cora Example"));
    shoot("tasklist");

    Fixture mia = enrol(code, programmes.findProgrammeByCode(code).orElseThrow().id());
    open("/programmes/" + code);
    page("dashboard-before", "From enrolment to grant");
    assertThat(text(By.id("budget-committed"))).as("dashboard: committed before the approval").isEqualTo("£0.00");
    ProcessInstance plan = requestPlan(mia);
    submitPlan(plan, mia.manager(), plan(2, "300"));
    review(plan, "ruth", "approve", "A clear plan");
    browser.navigate().refresh();
    page("dashboard-after", "From enrolment to grant");
    assertThat(text(By.id("funnel-approved"))).as("dashboard funnel: approved").endsWith("1");
    assertThat(text(By.id("funnel-released"))).as("dashboard funnel: grant released").endsWith("1");
    assertThat(text(By.id("budget-committed"))).as("dashboard budget: committed").isEqualTo("£600.00");
    assertThat(text(By.id("budget-remaining"))).as("dashboard budget: remaining").isEqualTo("£62,400.00");

    browser.manage().window().setSize(new Dimension(320, 900));
    browser.navigate().refresh();
    page("dashboard-320px", "From enrolment to grant");
    Number width = (Number) js().executeScript("return document.documentElement.scrollWidth");
    assertThat(width.intValue()).as("dashboard at 320 px: no sideways scrolling").isLessThanOrEqualTo(320);

    open("/programmes/" + code + "/settings?stage=enrolled");
    page("settings-enrolled", "Settings: Enrolled");
    open("/programmes/" + code + "/settings/" + mia.settingUrn());
    page("setting", mia.settingUrn());
    open("/programmes/" + code + "/budget");
    page("budget", "Top up the budget");
    type("amount", "1500");
    type("note", "Extra funding from the council");
    click(By.cssSelector("main form button[type=submit]"));
    page("budget-check", "Check the top-up");
    assertThat(text(By.id("check-budget-after"))).as("top-up check: the budget after it").isEqualTo("£64,500.00");
    click(By.id("confirm-top-up"));
    page("dashboard-topped-up", "The budget is topped up by £1,500.00");
    assertThat(text(By.id("budget-total"))).as("dashboard budget after the top-up: total").isEqualTo("£64,500.00");
  }

  @Test
  void coraChecksWhoWillBeToldBeforeASessionIsCancelledAndConfirmsOnce() throws Exception {
    Fixture willow = fixture("63000", "1500");
    Fixture oak = enrol(willow.programmeCode(), willow.programmeId());
    coraAllocatesTheGroups(willow, "cancel");
    scheduleGroupOne(weekly(LocalDate.now().plusWeeks(2)), "Leiston Hub, room ", "cancel-sessions-scheduled");
    String when = browser.findElement(By.xpath("//table[@id='sessions-1']/tbody/tr[1]/td[2]")).getText();
    executeJobs();
    MAIL.purgeEmailFromAllMailboxes();

    click(By.xpath("//summary[normalize-space()='Change session 1 of group 1']"));
    click(By.xpath("//details[summary[normalize-space()='Change session 1 of group 1']]//button[normalize-space()='Cancel session']"));
    page("cancel-check", "Check the session before you cancel it");
    assertThat(text(By.id("check-programme"))).as("cancel check: the programme").isEqualTo(programmes.findProgrammeByCode(willow.programmeCode()).orElseThrow().name());
    assertThat(text(By.id("check-group"))).as("cancel check: the group and its coach").startsWith("Group 1 (coach ");
    assertThat(text(By.id("check-session"))).as("cancel check: the session").isEqualTo("Session 1");
    assertThat(text(By.id("check-when"))).as("cancel check: when, as the groups page says it").isEqualTo(when);
    assertThat(text(By.id("check-place"))).as("cancel check: the place").isEqualTo("Leiston Hub, room 1");
    for (Fixture delegate : new Fixture[] {willow, oak}) {
      var setting = programmes.findSetting(delegate.settingId()).orElseThrow();
      assertThat(text(By.id("check-told"))).as("cancel check: who is told")
          .contains(setting.name() + " (" + delegate.settingUrn() + ")").contains(setting.managerName());
    }
    executeJobs();
    assertThat(mailTo(willow, oak)).as("the check emails no one").isEmpty();
    assertThat(sessionStatus(willow.programmeId())).as("the check cancels nothing").isEqualTo("SCHEDULED");

    click(By.id("keep-session"));
    page("cancel-kept", "Groups and sessions");
    assertThat(text(By.id("sessions-1"))).as("kept: session 1 still scheduled").contains("Scheduled").doesNotContain("Cancelled");

    click(By.xpath("//summary[normalize-space()='Change session 1 of group 1']"));
    click(By.xpath("//details[summary[normalize-space()='Change session 1 of group 1']]//button[normalize-space()='Cancel session']"));
    page("cancel-check-again", "Check the session before you cancel it");
    click(By.id("confirm-cancel"));
    page("cancel-done", "Session 1 of group 1 is cancelled");
    assertThat(text(By.id("sessions-1"))).as("session 1 cancelled").contains("Cancelled");
    assertThat(sessionStatus(willow.programmeId())).isEqualTo("CANCELLED");
    executeJobs();
    assertThat(mailTo(willow, oak)).as("each manager told once").hasSize(2);
  }

  private static java.util.List<jakarta.mail.internet.MimeMessage> mailTo(Fixture... managers) {
    return java.util.Arrays.stream(managers)
        .flatMap(m -> java.util.Arrays.stream(MAIL.getReceivedMessagesForDomain(m.manager() + "@example.org"))).toList();
  }

  private String sessionStatus(long programmeId) {
    return jdbc.sql("select s.status from coaching_session s join coaching_group g on g.id = s.group_id"
        + " where g.programme_id = ? and g.number = 1 and s.number = 1").param(programmeId).query(String.class).single();
  }

  @Test
  void aManagerWhoOpensACoordinatorsPageIsRefused() throws Exception {
    Fixture f = fixture("63000", "1500");
    open("/login");
    // by keyboard alone: the user name, Tab to the password, Enter signs in
    browser.findElement(By.id("username")).sendKeys(f.manager(), Keys.TAB);
    browser.switchTo().activeElement().sendKeys(PASSWORD, Keys.ENTER);
    page("manager-home", "My page");
    open("/programmes/" + f.programmeCode());
    page("manager-refused", "You can't open this page");
  }

  /** Waits for the page to show {@code expected}, saves a screenshot, and runs axe-core on it. */
  private void page(String name, String expected) {
    chromium.page(name, expected);
  }

  private void shoot(String name) {
    chromium.shoot(name);
  }

  private void open(String path) {
    chromium.open(path);
  }

  private void type(String id, String value) {
    chromium.type(id, value);
  }


  private void click(By by) {
    chromium.click(by);
  }

  private String text(By by) {
    return chromium.text(by);
  }

  private JavascriptExecutor js() {
    return chromium.js();
  }

}
