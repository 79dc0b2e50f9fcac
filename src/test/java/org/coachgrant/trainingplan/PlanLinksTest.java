package org.coachgrant.trainingplan;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.system.SignedInBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An email's link, {@code /plans/{id}/next}: after the sign-in, the reader's own task on the plan, or "nothing waiting". */
class PlanLinksTest extends CoachgrantTest {

  @LocalServerPort int port;

  @Test
  void theManagerIsSentToTheirPlanTaskAfterSigningInAndBack() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    String link = "/plans/" + planId(instance) + "/next";
    SignedInBrowser browser = new SignedInBrowser(port);

    HttpResponse<String> anonymous = browser.get(link);
    assertThat(anonymous.statusCode()).isEqualTo(302);
    assertThat(anonymous.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    HttpResponse<String> signedIn = browser.signIn(f.manager(), PASSWORD);
    String back = signedIn.headers().firstValue("Location").orElseThrow();
    assertThat(back).as("the sign-in brings her back to the link").contains(link);

    HttpResponse<String> next = browser.get(back);
    assertThat(next.statusCode()).isEqualTo(302);
    assertThat(next.headers().firstValue("Location").orElseThrow())
        .as("a manager's task opens on Coachgrant's own page").endsWith("/tasks/" + task(instance, TrainingPlanProcess.TASK_SUBMIT).getId());
  }

  @Test
  void theReviewerGetsTheReviewTaskAndALinkedReviewerOrAnotherManagerNothing() throws Exception {
    Fixture f = fixture("10000", "1500");
    Fixture other = fixture("10000", "1500");
    programmes.link(f.settingId(), "rob", "COACH");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    String link = "/plans/" + planId(instance) + "/next";
    String review = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();

    assertThat(redirect("ruth", link)).endsWith("#/?task=" + review);
    assertThat(nothingWaiting("rob", link)).as("rob coached the setting: never its review").isTrue();
    assertThat(nothingWaiting(other.manager(), link)).as("another setting's manager").isTrue();
    assertThat(nothingWaiting(f.manager(), link)).as("the plan is with the reviewer now").isTrue();
    assertThat(nothingWaiting("ruth", "/plans/999999999/next")).as("no such plan: the same page").isTrue();
    assertThat(nothingWaiting("ruth", "/plans/abc/next")).isTrue();
    // the link of emails outside a plan (session feedback) works by process instance in the same way
    assertThat(redirect("ruth", "/next/" + instance.getId())).endsWith("#/?task=" + review);
    assertThat(nothingWaiting("rob", "/next/" + instance.getId())).isTrue();
  }

  @Test
  void aReviewClaimedBySomeoneElseIsNotOffered() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    tasks.claim(task(instance, TrainingPlanProcess.TASK_REVIEW).getId(), "vera");
    String link = "/plans/" + planId(instance) + "/next";

    assertThat(nothingWaiting("ruth", link)).isTrue();
    assertThat(redirect("vera", link)).contains("#/?task=");
  }

  @Test
  void aRevisionLinkOpensTheRevisedPlanTask() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "ruth", "changes", "Say who attends");

    assertThat(redirect(f.manager(), "/plans/" + planId(instance) + "/next"))
        .endsWith("/tasks/" + task(instance, TrainingPlanProcess.TASK_SUBMIT).getId());
    assertThat(MAIL.getReceivedMessagesForDomain(f.manager() + "@example.org")).anySatisfy(message ->
        assertThat(text(message)).contains("/plans/" + planId(instance) + "/next"));
  }

  private String redirect(String user, String link) throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn(user, PASSWORD);
    HttpResponse<String> answer = browser.get(link);
    assertThat(answer.statusCode()).isEqualTo(302);
    return answer.headers().firstValue("Location").orElseThrow();
  }

  private boolean nothingWaiting(String user, String link) throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn(user, PASSWORD);
    HttpResponse<String> answer = browser.get(link);
    return answer.statusCode() == 200 && answer.body().contains("Nothing is waiting for you here")
        && !answer.body().contains("task=");
  }
}
