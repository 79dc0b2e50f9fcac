package org.coachgrant.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.system.InTheBrowser;
import org.coachgrant.system.Chromium;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Cockpit, Admin and Welcome as coordinators, administrators and reviewers use them, in Debian's headless
 * Chromium: every call their screens make must be on the caller's rows of the allow-list ({@link Chromium}
 * fails the test at close with the calls the gateway refused), and no screen shows an error. Screenshots
 * under target/screenshots/ (webapps-*); axe-core is not run, the webapps' markup is Camunda's.
 */
class WebappsThroughTheAllowListInTheBrowserTest extends InTheBrowser {

  private static final String COCKPIT = "/camunda/app/cockpit/default/#";
  private static final String ADMIN = "/camunda/app/admin/default/#";
  private static final String WELCOME = "/camunda/app/welcome/default/#";

  @LocalServerPort int port;
  @Value("${camunda.bpm.admin-user.id}") String adminId;
  @Value("${camunda.bpm.admin-user.password}") String adminPassword;

  @Test
  void coraFollowsAPlanInCockpitFromTheDashboardToItsVariables() {
    ProcessInstance plan = runningPlan();
    signIn("cora", PASSWORD);
    cockpit("cora", plan);
  }

  @Test
  void anAdministratorFollowsAPlanInCockpitThenCreatesAUserAddsHerToAGroupAndRemovesHerInAdmin() {
    ProcessInstance plan = runningPlan();
    signIn(adminId, adminPassword);
    cockpit("admin", plan);

    shows("webapps-admin-users", ADMIN + "/users", "List of users", "cora");
    shows("webapps-admin-user-profile", ADMIN + "/users/cora?tab=profile", "Cora Example", "Profile");
    shows("webapps-admin-user-groups", ADMIN + "/users/cora?tab=groups", "Cora Example", "coordinators");
    shows("webapps-admin-groups", ADMIN + "/groups", "List of Groups", "coordinators");
    shows("webapps-admin-group", ADMIN + "/groups/coordinators?tab=group", "coordinators", "Group");
    shows("webapps-admin-group-members", ADMIN + "/groups/coordinators?tab=users", "coordinators", "cora");
    shows("webapps-admin-authorizations", ADMIN + "/authorization?resource=0", "Authorizations", "camunda-admin");
    shows("webapps-admin-system", ADMIN + "/system?section=system-settings-general", "is up and running");

    String id = "nell" + UUID.randomUUID().toString().substring(0, 6);
    shows("webapps-admin-user-create", ADMIN + "/user-create", "Create new User");
    chromium.type("inputUserId", id);
    chromium.type("inputPassword", "Coaching-Is-2026!");
    chromium.type("inputPasswordRepeat", "Coaching-Is-2026!");
    chromium.type("inputFirstname", "Nell");
    chromium.type("inputLastname", "Newcomer");
    chromium.type("inputEmail", id + "@example.org");
    By create = labelled("button", "Create new user");
    until("the password passes the policy", d -> d.findElement(create).isEnabled());
    chromium.click(create);
    waitFor("the user is created", "Created new user " + id);
    shown("webapps-admin-user-created");
    assertThat(identity.createUserQuery().userId(id).count()).isEqualTo(1);

    shows("webapps-admin-new-user-groups", ADMIN + "/users/" + id + "?tab=groups", "Nell Newcomer", "Add to a group");
    chromium.click(labelled("a", "Add to a group"));
    By coaches = By.xpath("//tr[td[contains(@class, 'group-id')]/a[normalize-space()='coaches']]//input[@type='checkbox']");
    until("the dialog lists the groups", d -> d.findElement(coaches).isDisplayed());
    chromium.click(coaches);
    By add = labelled("button", "Add groups");
    until("coaches is chosen", d -> d.findElement(coaches).isSelected() && d.findElement(add).isEnabled());
    shown("webapps-admin-add-to-group");
    chromium.click(add);
    By ok = By.xpath("//div[contains(@class, 'modal-footer')]//button[" + sameText("OK") + "]");
    until("the group is added", d -> d.findElements(ok).stream().anyMatch(WebElement::isDisplayed)
        && !d.findElements(By.cssSelector(".modal.in")).isEmpty());
    chromium.click(ok);
    By membership = By.xpath("//td[contains(@class, 'group-id')]/a[normalize-space()='coaches']");
    until("her groups list coaches", d -> !d.findElements(membership).isEmpty()
        && d.findElements(By.cssSelector(".modal-dialog")).isEmpty());
    shown("webapps-admin-added-to-group");
    assertThat(identity.createUserQuery().userId(id).memberOfGroup("coaches").count()).isEqualTo(1);

    chromium.click(By.xpath("//tr[td[contains(@class, 'group-id')]/a[normalize-space()='coaches']]//a[" + sameText("Remove") + "]"));
    waitFor("removed from the group", "removed from group");
    shown("webapps-admin-removed-from-group");
    assertThat(identity.createUserQuery().userId(id).memberOfGroup("coaches").count()).isZero();

    shows("webapps-admin-new-user-account", ADMIN + "/users/" + id + "?tab=account", "Nell Newcomer", "Delete User");
    chromium.click(labelled("button", "Delete user"));
    By proceed = By.cssSelector(".modal-footer button.btn-primary");
    // the dialog fades in: click once it has settled (its "in" class), as a person would
    until("the confirmation", d -> d.findElement(proceed).isDisplayed()
        && !d.findElements(By.cssSelector(".modal.in")).isEmpty());
    shown("webapps-admin-delete-user-confirm");
    chromium.click(proceed);
    // the webapp goes back to the users list; its "successfully deleted" note does not always show beside the earlier
    // ones, so the test waits on what a person would see: the page has left her account, and she is gone
    until("the user is deleted", d -> !d.getCurrentUrl().contains(id)
        && identity.createUserQuery().userId(id).count() == 0);
    shown("webapps-admin-user-deleted");
    assertThat(identity.createUserQuery().userId(id).count()).isZero();

    shows("webapps-admin-welcome", WELCOME + "/welcome", "Profile", "Ada Admin", "Groups");
  }

  @Test
  void ruthOpensWelcomeAndHerProfile() {
    signIn("ruth", PASSWORD);
    shows("webapps-ruth-welcome", WELCOME + "/welcome", "Profile", "Ruth Example", "ruth@example.org", "reviewers");
    chromium.click(labelled("a", "Edit profile"));
    waitFor("her profile's form", "Edit your profile");
    shown("webapps-ruth-profile");
    open(WELCOME + "/welcome", "Change password");
    chromium.click(labelled("a", "Change password"));
    waitFor("the password form", "Change your password");
    shown("webapps-ruth-password");
  }

  private void signIn(String user, String password) {
    chromium.signIn(user, password);
    chromium.waitFor(user + " is signed in", Duration.ofSeconds(30), d -> !d.getCurrentUrl().contains("/login"));
  }

  /** A plan waiting for its manager: one running trainingPlan instance with its variables. */
  private ProcessInstance runningPlan() {
    return requestPlan(fixture("10000", "1500"));
  }

  /** Cockpit's pages a coordinator and an administrator follow a plan through, from the dashboard to its variables. */
  private void cockpit(String who, ProcessInstance plan) {
    String prefix = "webapps-" + who + "-cockpit-";
    shows(prefix + "dashboard", COCKPIT + "/dashboard", "Running Process Instances", "Open Incidents");
    shows(prefix + "processes", COCKPIT + "/processes", "deployed", "Training plan");
    String definition = plan.getProcessDefinitionId();
    By diagram = By.cssSelector("[data-element-id='" + TrainingPlanProcess.TASK_SUBMIT + "']");
    open(COCKPIT + "/process-definition/" + definition + "/runtime", "Training plan", plan.getId());
    chromium.waitFor(diagram);
    shown(prefix + "process-definition");
    open(COCKPIT + "/process-instance/" + plan.getId() + "/runtime?tab=variables-tab", plan.getId(),
        TrainingPlanProcess.PROGRAMME_CODE.name());
    chromium.waitFor(diagram);
    shown(prefix + "process-instance-variables");
    shows(prefix + "process-instance-incidents", COCKPIT + "/process-instance/" + plan.getId() + "/runtime?tab=incidents-tab",
        plan.getId(), "Incidents");
    shows(prefix + "decisions", COCKPIT + "/decisions", "deployed", "Approval rules");
  }

  /** Opens the page, waits until it shows each text, checks that no error shows and saves it. */
  private void shows(String name, String path, String... expected) {
    open(path, expected);
    shown(name);
  }

  /** Opens the page and waits until it shows each text, whatever case the page's style gives it. */
  private void open(String path, String... expected) {
    chromium.open(path);
    for (String text : expected) {
      waitFor(path, text);
    }
  }

  /** No error banner on the page (the webapps show a failed call as one), and its screenshot. */
  private void shown(String name) {
    // in one look: a banner the webapp draws again between finding it and reading it would fail the test by chance
    assertThat((List<?>) chromium.js().executeScript("return Array.from(document.querySelectorAll("
        + "'.notifications .alert-danger, .notifications .alert-error')).filter(e => e.offsetParent !== null).map(e => e.innerText)"))
        .as("error banners on " + name + " (" + browser.getCurrentUrl() + ")").isEmpty();
    chromium.shoot(name);
  }

  private void until(String what, Function<WebDriver, Boolean> condition) {
    try {
      chromium.waitFor(what, Duration.ofSeconds(30), condition);
    } catch (org.openqa.selenium.TimeoutException e) {
      chromium.shoot("failed-" + what.replaceAll("\\W+", "-"));
      throw e;
    }
  }

  /** The element whose text is {@code text}, whatever the case: the webapps' labels vary in case between pages. */
  private static By labelled(String tag, String text) {
    return By.xpath("//" + tag + "[" + sameText(text) + "]");
  }

  private static String sameText(String text) {
    return "translate(normalize-space(), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')='"
        + text.toLowerCase(Locale.ROOT) + "'";
  }

  private void waitFor(String what, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    until(what + ": '" + text + "'", d -> body().contains(lower));
  }

  private String body() {
    return browser.findElement(By.tagName("body")).getText().toLowerCase(Locale.ROOT);
  }
}
