package org.coachgrant.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.format.Formats;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;

/**
 * The reviewers' daily digest (processes/reviewerDigest.bpmn): what waits for each reviewer, the conflicted left out,
 * one email a working day and none at the weekend, and the same for senior approvals. Other tests' plans may wait
 * too (the engine is shared), so counts and the soonest due are compared with what the task list holds.
 */
class ReviewerDigestProcessTest extends CoachgrantTest {

  private static final String KEY = ReviewerDigests.PROCESS_KEY;

  @org.springframework.beans.factory.annotation.Autowired org.coachgrant.format.WebFormat fmt;

  private final LocalDate monday = LocalDate.now().with(TemporalAdjusters.next(DayOfWeek.MONDAY));

  @Test
  void eachReviewerHearsOfThePlansWaitingWithTheirCountTheSoonestDueAndTheirLinks() throws Exception {
    moveClockTo(monday);
    String rhea = fresh("rhea", "reviewers");
    long first = planWaitingForReview();
    long second = planWaitingForReview();

    HistoricProcessInstance digest = runDigest();

    assertThat(digest.getEndActivityId()).isEqualTo("Event_ReviewersTold");
    assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(digest.getId())
        .orderPartiallyByOccurrence().asc().list()).extracting(HistoricActivityInstance::getActivityId)
        .containsExactly("Timer_EveryWorkingDay", "Task_EmailReviewDigests", "Task_EmailSeniorDigests",
            "Event_ReviewersTold");
    List<MimeMessage> emails = emailsTo(rhea);
    assertThat(emails).hasSize(1);
    List<Task> waiting = waitingFor(rhea, TrainingPlanProcess.TASK_REVIEW);
    String soonest = Formats.day(waiting.stream().map(Task::getDueDate).filter(Objects::nonNull).min(Comparator.naturalOrder())
        .orElseThrow().toInstant().atZone(fmt.zone()).toLocalDate());
    assertThat(emails.get(0).getSubject())
        .isEqualTo(waiting.size() + " plans wait for your review, the oldest due " + soonest);
    String text = text(emails.get(0));
    assertThat(text).contains(waiting.size() + " plans wait for you, the oldest due " + soonest + ".")
        .contains("/plans/" + first + "/next").contains("/plans/" + second + "/next");
    assertThat(soonest).matches("(Monday|Tuesday|Wednesday|Thursday|Friday) \\d{1,2} \\w+ \\d{4}");
  }

  @Test
  void aReviewerLinkedToTheSettingNeverHearsOfItsPlan() throws Exception {
    moveClockTo(monday);
    String rhea = fresh("rhea", "reviewers");
    String lena = fresh("lena", "reviewers");
    Fixture linked = fixture("10000", "3000");
    programmes.link(linked.settingId(), lena, "STAFF");
    long conflicted = planWaitingForReview(linked);

    runDigest();

    assertThat(text(emailsTo(rhea).get(0))).contains("/plans/" + conflicted + "/next");
    assertThat(emailsTo(lena)).allSatisfy(email -> assertThat(text(email)).doesNotContain("/plans/" + conflicted + "/next"));
  }

  @Test
  void aReviewerHearsOnceAWorkingDayAndNotAtTheWeekend() throws Exception {
    moveClockTo(monday);
    String rhea = fresh("rhea", "reviewers");
    planWaitingForReview();

    runDigest();
    runDigest();
    assertThat(emailsTo(rhea)).as("twice on Monday, one email").hasSize(1);

    moveClockTo(monday.plusDays(1));
    runDigest();
    assertThat(emailsTo(rhea)).as("Tuesday's").hasSize(2);

    moveClockTo(monday.plusDays(4));
    runDigest();
    assertThat(emailsTo(rhea)).as("Friday's").hasSize(3);
    // the engine reads a cron timer in the JVM's zone (docs/design.md): the one place the server's zone counts
    assertThat(timer().getDuedate()).as("after Friday, next Monday at eight")
        .isEqualTo(java.util.Date.from(monday.plusDays(7).atTime(8, 0).atZone(ZoneId.systemDefault()).toInstant()));

    moveClockTo(monday.plusDays(5));
    runDigest();
    moveClockTo(monday.plusDays(6));
    runDigest();
    assertThat(emailsTo(rhea)).as("nothing on Saturday or Sunday, even if the job runs").hasSize(3);
  }

  @Test
  void seniorReviewersHearOfSeniorApprovalsButNotTheFirstApprover() throws Exception {
    moveClockTo(monday);
    String sena = fresh("sena", "senior-reviewers");
    String rafe = fresh("rafe", "reviewers");
    person(rafe, "senior-reviewers");
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(5, "500"));
    review(instance, rafe, "approve", null);
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_SENIOR_APPROVAL);
    long plan = planId(instance);

    runDigest();

    MimeMessage senior = emailsTo(sena).get(0);
    List<Task> waiting = waitingFor(sena, TrainingPlanProcess.TASK_SENIOR_APPROVAL);
    assertThat(senior.getSubject()).startsWith(waiting.size() == 1 ? "1 plan waits for your senior approval, the oldest due "
        : waiting.size() + " plans wait for your senior approval, the oldest due ");
    assertThat(text(senior)).contains("/plans/" + plan + "/next");
    assertThat(emailsTo(rafe)).allSatisfy(email -> assertThat(text(email)).doesNotContain("/plans/" + plan + "/next"));
  }

  private String fresh(String name, String group) {
    String id = name + UUID.randomUUID().toString().substring(0, 6);
    person(id, group);
    return id;
  }

  private long planWaitingForReview() {
    return planWaitingForReview(fixture("10000", "3000"));
  }

  private long planWaitingForReview(Fixture f) {
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_REVIEW);
    return planId(instance);
  }

  /**
   * The daily timer fires (whatever the clock says: the job executor would at eight): its one job runs the instance
   * from start to end, both digests stored in the outbox, which then sends them.
   */
  private HistoricProcessInstance runDigest() {
    Set<String> before = new HashSet<>(history().list().stream().map(HistoricProcessInstance::getId).toList());
    management.executeJob(timer().getId());
    sendEmails();
    HistoricProcessInstance started = history().list().stream().filter(p -> !before.contains(p.getId())).findFirst()
        .orElseThrow();
    assertThat(started.getState()).isEqualTo(HistoricProcessInstance.STATE_COMPLETED);
    return started;
  }

  private HistoricProcessInstanceQuery history() {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey(KEY);
  }

  private Job timer() {
    return management.createJobQuery().processDefinitionKey(KEY).timers().list().stream()
        .filter(job -> job.getProcessInstanceId() == null).findFirst().orElseThrow();
  }

  /** The tasks of this decision that {@code user} could take: nobody else's, and they are conflicted in none (fresh). */
  private List<Task> waitingFor(String user, String taskKey) {
    return tasks.createTaskQuery().processDefinitionKey(TrainingPlanProcess.KEY).taskDefinitionKey(taskKey).active().list()
        .stream().filter(t -> t.getAssignee() == null || t.getAssignee().equals(user)).toList();
  }

  private static List<MimeMessage> emailsTo(String user) {
    return Arrays.asList(MAIL.getReceivedMessagesForDomain(user + "@example.org"));
  }
}
