package org.coachgrant.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Emails as a real SMTP server (GreenMail) receives them: who, what subject, what they say. */
class EmailJourneyTest extends CoachgrantTest {

  @Autowired Outbox outbox;
  @Autowired EmailTemplates templates;

  @AfterEach
  void mailServerBackUp() {
    if (!MAIL.isRunning()) {
      MAIL.start();
    }
  }

  @Test
  void wholeJourneyEmailsTheRightPeople() throws Exception {
    Fixture f = fixture("10000", "1500");
    String manager = f.manager() + "@example.org";
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "ruth", "changes", "Please say who mentors the new starters.");
    submitPlan(instance, f.manager(), plan(3, "300"));
    review(instance, "ruth", "approve", null);

    List<MimeMessage> received = Arrays.asList(MAIL.getReceivedMessages());
    assertThat(received).extracting(m -> m.getAllRecipients()[0].toString()).containsOnly(manager);
    assertThat(received).extracting(MimeMessage::getSubject).hasSize(6);
    assertEmail(received.get(0), "training plan", "Setting " );
    assertEmail(received.get(1), "received", "£600.00");
    assertEmail(received.get(2), "update", "Please say who mentors the new starters.");
    assertEmail(received.get(3), "received", "£900.00");
    // the grant letter and the impact report's due date go on parallel branches, in either order
    MimeMessage letter = received.get(4).getSubject().startsWith("Grant letter") ? received.get(4) : received.get(5);
    MimeMessage impactDue = letter == received.get(4) ? received.get(5) : received.get(4);
    assertEmail(letter, "grant letter", f.programmeCode() + "-G");
    assertThat(text(letter)).contains("£900.00").containsIgnoringCase("Grant letter");
    assertEmail(impactDue, "impact report", f.programmeCode() + "-G");
    assertThat(text(impactDue)).contains("what changed for the children");
  }

  @Test
  void mailServerDownThenBackSendsEachEmailOnce() throws Exception {
    Fixture f = fixture("10000", "1500");
    attendanceWaived(f);
    MAIL.stop();
    ProcessInstance instance = runtime.startProcessInstanceByKey(TrainingPlanProcess.KEY, Map.of(
        "programmeCode", f.programmeCode(), "settingUrn", f.settingUrn()));
    Job job = management.createJobQuery().processInstanceId(instance.getId()).activityId("Task_EmailPlanRequested").singleResult();

    for (int attempt = 0; attempt < 4; attempt++) {
      Job due = management.createJobQuery().jobId(job.getId()).singleResult();
      ClockUtil.setCurrentTime(new java.util.Date(due.getDuedate() == null
          ? ClockUtil.getCurrentTime().getTime() : due.getDuedate().getTime() + 1000));
      try {
        management.executeJob(job.getId());
      } catch (RuntimeException expected) {
        // the mail server is down
      }
    }
    Incident incident = runtime.createIncidentQuery().processInstanceId(instance.getId()).singleResult();
    assertThat(incident).as("an incident for Cockpit once the retries are used up").isNotNull();
    assertThat(incident.getIncidentMessage()).containsIgnoringCase("connect");

    MAIL.start();
    management.setJobRetries(job.getId(), 1); // "Retry" in Cockpit
    management.executeJob(job.getId());
    executeJobs();
    assertThat(runtime.createIncidentQuery().processInstanceId(instance.getId()).count()).isZero();
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_SUBMIT);
    assertThat(MAIL.getReceivedMessagesForDomain(f.manager() + "@example.org")).hasSize(1);
  }

  @Test
  void mailOutageDelaysTheEmailsAndNothingElse() throws Exception {
    Fixture f = fixture("10000", "1500");
    attendanceWaived(f);
    MAIL.stop();
    ProcessInstance instance = runtime.startProcessInstanceByKey(TrainingPlanProcess.KEY, Map.of(
        "programmeCode", f.programmeCode(), "settingUrn", f.settingUrn()));
    assertThat(instance).as("the manager's task exists before the email goes").isWaitingAt(TrainingPlanProcess.TASK_SUBMIT);
    tryJobsWhileTheServerIsDown();
    submitPlanWithoutJobs(instance, f.manager());
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_REVIEW);
    actAs("ruth");
    tasks.complete(task(instance, TrainingPlanProcess.TASK_REVIEW).getId(),
        Map.of("reviewDecision", "changes", "reviewComment", "Please name the mentors."));
    identity.clearAuthentication();
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_SUBMIT);
    tryJobsWhileTheServerIsDown();

    MAIL.start();
    // the retries are due in 5 minutes; run them now, as the job executor will then
    management.createJobQuery().processInstanceId(instance.getId()).messages().list()
        .forEach(job -> management.executeJob(job.getId()));
    assertThat(management.createJobQuery().processInstanceId(instance.getId()).messages().count()).isZero();
    assertThat(MAIL.getReceivedMessagesForDomain(f.manager() + "@example.org")).extracting(MimeMessage::getSubject)
        .as("each email once, when the server is back").hasSize(3).doesNotHaveDuplicates();
  }

  private void tryJobsWhileTheServerIsDown() {
    for (Job job : ownJobs(management.createJobQuery().executable().list())) {
      try {
        management.executeJob(job.getId());
      } catch (RuntimeException expected) {
        // the mail server is down
      }
    }
  }

  private void submitPlanWithoutJobs(ProcessInstance instance, String manager) {
    actAs(manager);
    try {
      tasks.complete(task(instance, TrainingPlanProcess.TASK_SUBMIT).getId(), plan(2, "300"));
    } finally {
      identity.clearAuthentication();
    }
  }

  @Test
  void anEmailAlreadySentIsNotSentAgain() {
    EmailTemplates.Email email = new EmailTemplates.Email("Subject", "Text", "<p>Html</p>");
    outbox.sendOnce("test/once", "plan-requested", "once@example.org", email, null);
    outbox.sendOnce("test/once", "plan-requested", "once@example.org", email, null);
    assertThat(MAIL.getReceivedMessagesForDomain("once@example.org")).hasSize(1);
  }

  @Test
  void typedMarkupAndTemplateSyntaxStayPlainText() {
    var email = templates.render("changes-requested", Map.of(
        "recipient", Map.of("name", "<b>Mia</b>", "email", "mia@example.org"),
        "setting", Map.of("name", "Sunflower <script>alert(1)</script>", "urn", "EY1"),
        "programme", Map.of("name", "P", "code", "P", "grantCap", "£1"),
        "plan", Map.of("deadline", "1 May 2027", "daysLeft", 3, "version", 1, "actions", List.of()),
        "review", Map.of("comment", "#set($x = 'evil') ${x} $class.forName('java.lang.Runtime')"),
        "tasklistUrl", "http://localhost/", "taskUrl", "http://localhost/plans/1/next"));
    assertThat(email.html()).doesNotContain("<script>").contains("&lt;script&gt;")
        .contains("#set($x = &#39;evil&#39;) ${x} $class.forName(&#39;java.lang.Runtime&#39;)");
    assertThat(email.text()).contains("#set($x = 'evil') ${x} $class.forName('java.lang.Runtime')");
  }

  private static void assertEmail(MimeMessage message, String subjectWord, String bodyLine) throws Exception {
    assertThat(message.getSubject()).containsIgnoringCase(subjectWord);
    assertThat(text(message)).contains(bodyLine);
  }
}
