package org.coachgrant.trainingplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.system.InTheBrowser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Tasklist as a reviewer meets it, in Debian's headless Chromium (managers work on Coachgrant's own task page,
 * ManagerTaskPageInTheBrowserTest): it says Coachgrant, with no vendor banner; the reviewer's list shows setting
 * and amount; signing out of the webapp lands on Coachgrant's sign-in. Screenshots under target/screenshots/; axe-core on Coachgrant's own pages
 * (Tasklist's own markup is Camunda's).
 */
class TasklistInTheBrowserTest extends InTheBrowser {

  @Test
  void theReviewersListShowsSettingAmountAndVersionAndCamundasLoginSendsToCoachgrants() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "590"));

    chromium.open("/camunda/app/tasklist/default/#/login");
    chromium.page("tasklist-login-redirect", "Sign in to Coachgrant");
    signIn("ruth");
    waitFor("Tasklist after the sign-in", "Plans to review");
    waitFor("ruth's list", "£1,180.00");
    // the list is drawn again once sorted by due date: read it while it shows her plan whole
    String setting = settingName(f);
    String list = chromium.waitFor("ruth's list, sorted by due date, showing her plan whole", Duration.ofSeconds(30), d -> {
      String shown = body();
      return d.getCurrentUrl().contains("dueDate") && List.of("Due date", "Setting", setting, "Amount", "£1,180.00", "Due in")
          .stream().allMatch(shown::contains) ? shown : null;
    });
    chromium.shoot("tasklist-plans-to-review");
    assertThat(list).contains("Setting").contains(setting).contains("Amount").contains("£1,180.00").contains("Due in");
    assertThat(list).doesNotContain("Camunda 8").doesNotContain("Create task");
    assertThat(browser.getTitle()).isEqualTo("Coachgrant Tasklist");
    // in one look: the list may be drawn again between finding the button and asking whether it shows
    assertThat(chromium.js().executeScript("return Array.from(document.querySelectorAll('.create-task-action'))"
        + ".some(e => e.offsetParent !== null)")).as("Create task shows").isEqualTo(false);

    // signing out from the webapp's own menu lands on Coachgrant's sign-in, not Camunda's login form
    chromium.js().executeScript("document.querySelector('[cam-widget-header] .account, [cam-widget-header] .dropdown-toggle.user').click()");
    By signOut = By.xpath("//a[normalize-space()='Sign out' or normalize-space()='Log out']");
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(signOut).isEmpty());
    chromium.js().executeScript("arguments[0].click()", browser.findElement(signOut));
    try {
      new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().endsWith("/login?signedOut"));
    } catch (org.openqa.selenium.TimeoutException e) {
      chromium.shoot("failed-sign-out");
      throw new AssertionError("webapp sign-out lands on /login?signedOut, not " + browser.getCurrentUrl(), e);
    }
    chromium.page("tasklist-signed-out", "Sign in to Coachgrant");
  }

  /** Issue 20, point 9: a task that is not there, or not ruth's, is said in plain words, not "&lt;task&gt; &lt;- …". */
  @Test
  void aTaskNotFoundIsSaidInPlainWords() {
    chromium.open("/login");
    signIn("ruth");
    waitFor("signed in", "Sign out");
    chromium.open("/camunda/app/tasklist/default/#/?task=" + java.util.UUID.randomUUID());
    waitFor("the notification", "not yours to see");
    chromium.waitFor("the words said once", Duration.ofSeconds(10), d -> body().indexOf("not yours to see")
        == body().lastIndexOf("not yours to see"));
    chromium.shoot("tasklist-task-not-found");
    assertThat(body()).contains("This task was not found, or is not yours to see.").doesNotContain("<-")
        .doesNotContain("&lt;").doesNotContain("<task>");
  }

  @Test
  void cockpitAndAdminSayCoachgrantToo() {
    chromium.open("/login");
    chromium.type("username", "admin");
    chromium.type("password", "Test-Only-Coach-7x!");
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    waitFor("signed in", "Programmes");
    for (String app : List.of("Cockpit", "Admin")) {
      chromium.open("/camunda/app/" + app.toLowerCase() + "/default/");
      new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(app + " says Coachgrant")
          .until(d -> d.getTitle().startsWith("Coachgrant"));
      waitFor(app + "'s header", "Coachgrant " + app);
      chromium.shoot(app.toLowerCase());
      assertThat(body()).doesNotContain("Camunda 8").doesNotContain("migrate");
    }
  }

  private String settingName(Fixture f) {
    return jdbc.sql("select name from setting where id = ?").param(f.settingId()).query(String.class).single();
  }

  private void signIn(String user) {
    chromium.type("username", user);
    chromium.type("password", PASSWORD);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
  }

  private void waitFor(String what, String text) {
    try {
      chromium.waitFor(what + ": '" + text + "'", Duration.ofSeconds(30), d -> body().contains(text));
    } catch (org.openqa.selenium.TimeoutException e) {
      chromium.shoot("failed-" + what.replaceAll("\\W+", "-"));
      throw e;
    }
  }

  private String body() {
    return browser.findElement(By.tagName("body")).getText();
  }
}
