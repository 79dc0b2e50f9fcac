package org.coachgrant.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.system.Chromium;
import org.coachgrant.system.InTheBrowser;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * ruth reviews in Tasklist: the comment for the manager shows, marked required, only once she asks for changes, and
 * leaving it empty is refused beside it; the manager revises on Coachgrant's task page; the revision's review is
 * already ruth's when she opens it (no Claim), and she approves it without a comment. Run with {@code -Pbrowser}.
 */
class RevisionReviewInTheBrowserTest extends InTheBrowser {

  private static final By COMMENT = By.cssSelector("textarea[id*='Field_reviewComment']");
  private static final By COMPLETE = By.xpath("//button[normalize-space()='Complete']");

  @Test
  void ruthAsksForChangesWithACommentTheRevisionComesBackToHerAndSheApprovesWithout() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));

    chromium.signIn("ruth", PASSWORD);
    chromium.waitFor("ruth is signed in", Duration.ofSeconds(30), d -> !d.getCurrentUrl().contains("/login"));
    openReview(instance);
    chromium.click(By.xpath("//button[normalize-space()='Claim']"));
    waitForDecision();
    assertThat(shownComments()).as("no comment is asked for before a decision").isEmpty();

    chromium.click(By.xpath("//label[normalize-space()='Ask the manager for changes']"));
    WebElement comment = chromium.waitFor("the comment, once changes are asked for", Duration.ofSeconds(30),
        d -> shownComments().stream().findFirst().orElse(null));
    assertThat(comment.getAttribute("required")).as("marked required, as it is").isNotNull();
    assertThat(fieldOf(comment).getText()).contains("Comment for the manager");
    chromium.click(COMPLETE);
    String error = chromium.waitFor("the refusal beside the comment", Duration.ofSeconds(30), d -> d
        .findElements(By.xpath("//*[contains(@class, 'fjs-form-field')][.//textarea[contains(@id, 'Field_reviewComment')]]"
            + "//*[contains(@class, 'fjs-form-field-error')]"))
        .stream().map(WebElement::getText).filter(text -> !text.isBlank()).findFirst().orElse(null));
    chromium.shoot("ruth-changes-without-comment");
    assertThat(error).containsIgnoringCase("required");
    assertThat(task(instance, TrainingPlanProcess.TASK_REVIEW)).as("not completed").isNotNull();

    // Tasklist's notice of the refusal covers the Complete button until closed
    browser.findElements(By.cssSelector(".page-notifications .close")).stream().filter(WebElement::isDisplayed)
        .forEach(WebElement::click);
    Chromium.retype(shownComments().get(0), "Please add a third practitioner, for the baby room.");
    chromium.click(COMPLETE);
    chromium.waitFor("the changes are asked for", Duration.ofSeconds(30),
        d -> task(instance, TrainingPlanProcess.TASK_SUBMIT) != null);
    executeJobs();

    try (Chromium manager = new Chromium(port)) {
      manager.signIn(f.manager(), PASSWORD);
      manager.waitFor("the manager is signed in", Duration.ofSeconds(30), d -> !d.getCurrentUrl().contains("/login"));
      manager.open("/tasks/" + task(instance, TrainingPlanProcess.TASK_SUBMIT).getId());
      manager.waitFor("the revision's form", Duration.ofSeconds(30),
          d -> !d.findElements(By.cssSelector("#task-form[data-ready='true'] textarea")).isEmpty());
      Chromium.retype(manager.find(By.cssSelector("input[id*='Field_staffCount']")), "3");
      Chromium.retype(manager.find(By.cssSelector("input[id*='Field_totalRequested']")), "900");
      manager.click(By.xpath("//button[normalize-space()='Submit plan']"));
      manager.waitFor("the revision is received", Duration.ofSeconds(30),
          d -> task(instance, TrainingPlanProcess.TASK_REVIEW) != null);
      executeJobs();
    }

    assertThat(task(instance, TrainingPlanProcess.TASK_REVIEW).getAssignee()).isEqualTo("ruth");
    openReview(instance);
    waitForDecision();
    chromium.shoot("ruth-revision-already-hers");
    assertThat(browser.findElements(By.xpath("//button[normalize-space()='Claim']"))).as("nothing to claim").isEmpty();
    chromium.click(By.xpath("//label[normalize-space()='Approve the plan']"));
    assertThat(shownComments()).as("no comment is asked for an approval").isEmpty();
    chromium.click(COMPLETE);
    chromium.waitFor("the plan is approved", Duration.ofSeconds(30),
        d -> task(instance, TrainingPlanProcess.TASK_REVIEW) == null);
    executeJobs();
  }

  private void openReview(ProcessInstance instance) {
    chromium.open("/camunda/app/tasklist/default/#/?task=" + task(instance, TrainingPlanProcess.TASK_REVIEW).getId());
  }

  private void waitForDecision() {
    chromium.waitFor("the review's form", Duration.ofSeconds(30),
        d -> !d.findElements(By.xpath("//label[normalize-space()='Approve the plan']")).isEmpty());
  }

  private List<WebElement> shownComments() {
    return browser.findElements(COMMENT).stream().filter(WebElement::isDisplayed).toList();
  }

  private static WebElement fieldOf(WebElement input) {
    return input.findElement(By.xpath("ancestor::*[contains(@class, 'fjs-form-field')][1]"));
  }
}
