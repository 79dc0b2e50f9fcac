package org.coachgrant.trainingplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.system.Chromium;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The plan's story in a real browser, as mia and ruth live it: mia signs in once, follows her email to her task
 * on Coachgrant's own page,
 * writes a plan with two training actions and a long cascading plan, submits; ruth finds it in her queue and
 * asks for changes; mia revises from the next email; ruth, given the revision, sees what changed, field by field, and approves;
 * mia's page shows her grant. Screenshots of each step under target/screenshots/. Run with {@code -Pbrowser}.
 */
@Tag("browser")
class ManagerAndReviewerInTheBrowserTest extends CoachgrantTest {

  @LocalServerPort int port;
  @Autowired TrainingPlanService plans;

  @Test
  void miaWritesAndRevisesHerPlanRuthReviewsItAndMiaSeesHerGrant() throws Exception {
    Fixture mia = fixture("63000", "1500");
    ProcessInstance instance = requestPlan(mia);
    long planId = planId(instance);
    String cascading = longAnswer();

    try (Chromium browser = new Chromium(port)) {
      signIn(browser, mia.manager());
      browser.page("mia-my-page-before", "Training plan");

      browser.open(linkIn(lastEmailTo(mia, "Training plan")));
      openTask(browser, "Submit training plan", "mia-task-from-email");
      typeInto(browser, "Field_identifiedNeeds", "Our practitioners need more confidence with children's early language and with signing.");
      typeInto(browser, "Field_course", "Makaton Foundation Workshop");
      typeInto(browser, "Field_provider", "The Makaton Charity");
      typeInto(browser, "Field_staffCount", "3");
      typeInto(browser, "Field_costEach", "120");
      typeInto(browser, "Field_plannedMonth", plannedMonth().toString());
      browser.click(By.cssSelector("button.fjs-repeat-render-add"));
      typeInto(browser, "Field_course", 1, "Elklan Speech and Language");
      typeInto(browser, "Field_provider", 1, "Elklan Training");
      typeInto(browser, "Field_staffCount", 1, "2");
      typeInto(browser, "Field_costEach", 1, "350");
      typeInto(browser, "Field_plannedMonth", 1, plannedMonth().toString());
      typeInto(browser, "Field_totalRequested", "1060");
      typeInto(browser, "Field_expectedOutcomes", "Every key person uses signing and language strategies in daily routines.");
      // typed straight through, then the button at once: what a person pasting or typing fast does
      typeInto(browser, "Field_cascadingPlan", cascading);
      browser.shoot("mia-plan-filled");
      browser.click(By.xpath("//button[normalize-space()='Submit plan']"));
      browser.waitFor("the plan is received", Duration.ofSeconds(30), d -> plans.findPlan(planId).orElseThrow().currentVersion() == 1);
      browser.page("mia-plan-submitted", "Plan received");
      PlanContent first = plans.currentVersion(planId).orElseThrow().content();
      assertThat(first.cascadingPlan()).as("the long cascading plan arrives whole").isEqualTo(cascading.strip());
      assertThat(first.actions()).hasSize(2);
      executeJobs();
      assertThat(lastEmailTo(mia, "received")).as("the email says the plan was received").isNotNull();
    }

    try (Chromium ruth = new Chromium(port)) {
      signIn(ruth, "ruth");
      ruth.open("/camunda/app/tasklist/default/");
      By queue = By.xpath("//*[contains(@class, 'filters')]//*[contains(text(), 'Plans to review')]");
      ruth.waitFor("ruth's filters", Duration.ofSeconds(30), d -> !d.findElements(queue).isEmpty());
      ruth.click(queue);
      ruth.shows("ruth-queue", "£1,060.00");
      ruth.open("/camunda/app/tasklist/default/#/?task=" + task(instance, TrainingPlanProcess.TASK_REVIEW).getId());
      claimAndWaitForForm(ruth, "ruth-review-first");
      assertThat(formShowing(ruth, "£1,060.00", "£360.00", "£700.00")).contains("£1,060.00").contains("£360.00").contains("£700.00");
      ruth.click(By.xpath("//label[normalize-space()='Ask the manager for changes']"));
      typeInto(ruth, "Field_reviewComment", "Please train a fourth practitioner in Makaton, for the baby room.");
      ruth.shoot("ruth-asks-for-changes");
      ruth.click(By.xpath("//button[normalize-space()='Complete']"));
      ruth.waitFor("the changes are asked for", Duration.ofSeconds(30),
          d -> task(instance, TrainingPlanProcess.TASK_SUBMIT) != null);
      executeJobs();
    }

    try (Chromium browser = new Chromium(port)) {
      signIn(browser, mia.manager());
      browser.open(linkIn(lastEmailTo(mia, "update")));
      openTask(browser, "Submit training plan", "mia-revises-from-email");
      assertThat(browser.text(By.cssSelector(".fjs-container"))).contains("Please train a fourth practitioner");
      typeInto(browser, "Field_staffCount", "4");
      typeInto(browser, "Field_totalRequested", "1180");
      browser.click(By.xpath("//button[normalize-space()='Submit plan']"));
      browser.waitFor("the revision is received", Duration.ofSeconds(30), d -> plans.findPlan(planId).orElseThrow().currentVersion() == 2);
      assertThat(plans.currentVersion(planId).orElseThrow().content().cascadingPlan()).isEqualTo(cascading.strip());
      executeJobs();
    }

    try (Chromium ruth = new Chromium(port)) {
      signIn(ruth, "ruth");
      ruth.open("/camunda/app/tasklist/default/#/?task=" + task(instance, TrainingPlanProcess.TASK_REVIEW).getId());
      // the revision comes back to her: nothing to claim
      ruth.waitFor("the revision's form, already hers", Duration.ofSeconds(30),
          d -> !d.findElements(By.xpath("//label[normalize-space()='Approve the plan']")).isEmpty());
      ruth.shoot("ruth-review-second");
      assertThat(formShowing(ruth, "Makaton Foundation Workshop: staff 3 → 4", "Total requested: £1,060.00 → £1,180.00",
          "Please train a fourth practitioner", "£1,180.00"))
          .contains("Makaton Foundation Workshop: staff 3 → 4").contains("Total requested: £1,060.00 → £1,180.00")
          .contains("Please train a fourth practitioner").contains("£1,180.00");
      ruth.shoot("ruth-sees-changes");
      ruth.click(By.xpath("//label[normalize-space()='Approve the plan']"));
      ruth.click(By.xpath("//button[normalize-space()='Complete']"));
      ruth.waitFor("the plan is approved", Duration.ofSeconds(30),
          d -> task(instance, TrainingPlanProcess.TASK_REVIEW) == null);
      executeJobs();
    }

    try (Chromium browser = new Chromium(port)) {
      signIn(browser, mia.manager());
      browser.open("/my");
      browser.page("mia-my-page-grant", "Approved and funded");
      assertThat(browser.text(By.id("grant-" + mia.programmeCode()))).contains("£1,180.00").contains(mia.programmeCode() + "-G");
      assertThat(browser.text(By.tagName("main"))).contains("Makaton Foundation Workshop: staff 3 → 4").contains("Report impact");
      browser.click(By.partialLinkText("grant letter"));
      browser.page("mia-grant-letter", "Grant letter");
    }
  }

  private void signIn(Chromium browser, String user) {
    browser.open("/login");
    browser.type("username", user);
    browser.type("password", PASSWORD);
    browser.click(By.cssSelector("form button[type=submit]"));
    browser.shows(user + "-signed-in", "Sign out");
  }

  /** The manager's task page opened from an email's link ({@code /plans/{id}/next}): the task's own form. */
  private void openTask(Chromium browser, String name, String screenshot) {
    browser.waitFor("the email opens " + name + " on Coachgrant's task page", Duration.ofSeconds(30),
        d -> d.getCurrentUrl().matches(".*/tasks/[\\w-]+$") && d.getPageSource().contains(name));
    browser.waitFor("the form of " + name, Duration.ofSeconds(30),
        d -> !d.findElements(By.cssSelector("#task-form[data-ready='true'] textarea")).isEmpty());
    browser.shoot(screenshot);
  }

  private void claimAndWaitForForm(Chromium browser, String screenshot) {
    browser.waitFor("the task with its Claim button", Duration.ofSeconds(30),
        d -> !d.findElements(By.xpath("//button[normalize-space()='Claim']")).isEmpty());
    browser.click(By.xpath("//button[normalize-space()='Claim']"));
    browser.waitFor("the claimed task's form", Duration.ofSeconds(30),
        d -> !d.findElements(By.xpath("//label[normalize-space()='Approve the plan']")).isEmpty());
    browser.shoot(screenshot);
  }

  private static void typeInto(Chromium browser, String fieldId, String text) {
    typeInto(browser, fieldId, 0, text);
  }

  /**
   * Types into the {@code index}th form-js field whose id ends in {@code fieldId} (a dynamic list repeats it), once it
   * shows; Tasklist may draw the form again (after a claim), and then the field is typed into again.
   */
  private static void typeInto(Chromium browser, String fieldId, int index, String text) {
    By fields = By.cssSelector("input[id*='" + fieldId + "'], textarea[id*='" + fieldId + "']");
    browser.waitFor("form field " + fieldId + " #" + index, Duration.ofSeconds(30), d -> {
      List<WebElement> found = d.findElements(fields);
      if (found.size() <= index || !found.get(index).isDisplayed()) {
        return false;
      }
      WebElement field = found.get(index);
      browser.js().executeScript("arguments[0].scrollIntoView({block: 'center'})", field);
      Chromium.retype(field, text);
      return true;
    });
  }

  /** The task's form once it shows every one of {@code expected}, read while it shows them: Tasklist may draw it again. */
  private static String formShowing(Chromium browser, String... expected) {
    return browser.waitFor("the form showing " + String.join(", ", expected), Duration.ofSeconds(30), d -> d
        .findElements(By.cssSelector(".fjs-container")).stream().map(WebElement::getText)
        .filter(text -> Arrays.stream(expected).allMatch(text::contains)).findFirst().orElse(null));
  }

  /** Four paragraphs, over 2,000 characters: a real cascading learning plan. */
  private static String longAnswer() {
    String paragraph = "After each course the trained practitioners lead a short session at the next staff meeting, "
        + "show the signs and strategies they learnt, and leave a one-page summary in the staff room. Each of them "
        + "mentors one colleague for six weeks, watching a routine together and talking it through afterwards. ";
    StringBuilder answer = new StringBuilder();
    for (int i = 1; i <= 4; i++) {
      answer.append("Step ").append(i).append(". ").append(paragraph).append(paragraph);
      if (i < 4) {
        answer.append("\n\n");
      }
    }
    assertThat(answer.length()).isGreaterThan(2000).isLessThan(4000);
    return answer.toString();
  }
}
