package org.coachgrant.review;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.system.InTheBrowser;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Issue 20, point 3: a reviewer who was never told now gets the morning's digest, and its link opens the review. */
class ReviewerDigestInTheBrowserTest extends InTheBrowser {

  @Test
  void rheasDigestLinkOpensThePlanWaitingForHerReview() throws Exception {
    moveClockTo(LocalDate.now().with(TemporalAdjusters.next(DayOfWeek.TUESDAY)));
    String rhea = "rhea" + UUID.randomUUID().toString().substring(0, 6);
    person(rhea, "reviewers");
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    long plan = planId(instance);

    management.executeJob(management.createJobQuery().processDefinitionKey(ReviewerDigests.PROCESS_KEY).timers().list()
        .stream().filter(job -> job.getProcessInstanceId() == null).findFirst().orElseThrow().getId());
    executeJobs();

    MimeMessage[] digests = MAIL.getReceivedMessagesForDomain(rhea + "@example.org");
    assertThat(digests).as("one digest for rhea").hasSize(1);
    assertThat(digests[0].getSubject()).containsPattern("^\\d+ plans? waits? for your review, the oldest due ");
    Matcher link = Pattern.compile("https?://[^\\s\"]+(/plans/" + plan + "/next)").matcher(text(digests[0]));
    assertThat(link.find()).as("a link to the plan in " + Arrays.toString(digests)).isTrue();

    chromium.open(link.group(1));
    chromium.type("username", rhea);
    chromium.type("password", PASSWORD);
    chromium.click(By.cssSelector("form button[type=submit]"));
    chromium.waitFor("the review's form", Duration.ofSeconds(40),
        d -> !d.findElements(By.xpath("//label[normalize-space()='Approve the plan']")).isEmpty());
    chromium.shoot("digest-link-opens-the-review");
    assertThat(browser.getCurrentUrl()).contains("/camunda/app/tasklist/")
        .contains(task(instance, TrainingPlanProcess.TASK_REVIEW).getId());
  }
}
