package org.coachgrant.trainingplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Date;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The plan's timers: reminders that are still ahead, and a revision that always has time to be written. */
class PlanDeadlineTest extends CoachgrantTest {

  @Autowired TrainingPlanService plans;

  @Test
  void aRevisionAskedForTheDayBeforeTheDeadlineGetsSevenDays() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    LocalDate deadline = plans.context(planId(instance)).plan().deadline();
    submitPlan(instance, f.manager(), plan(2, "300"));

    moveClockTo(deadline.minusDays(1));
    review(instance, "ruth", "changes", "Please say who attends.");

    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_SUBMIT);
    LocalDate overdueOn = dueDate(instance, "Timer_PlanOverdue");
    assertThat(overdueOn).isEqualTo(deadline.minusDays(1).plusDays(8));
  }

  @Test
  void aReminderWhoseDayHasPassedIsNotSent() throws Exception {
    LocalDate deadline = LocalDate.now().plusDays(2);
    String code = "D" + System.nanoTime();
    long programmeId = programmes.createProgramme(code, "Short deadline", new BigDecimal("10000"), new BigDecimal("1500"), deadline);
    Fixture f = enrol(code, programmeId);
    ProcessInstance instance = requestPlan(f);
    MAIL.purgeEmailFromAllMailboxes();

    // both reminders (14 and 3 days before) are already past: each is put after the overdue timer, which cancels it
    assertThat(dueDate(instance, "Timer_FirstReminder")).isAfter(dueDate(instance, "Timer_PlanOverdue"));
    assertThat(dueDate(instance, "Timer_LastReminder")).isAfter(dueDate(instance, "Timer_PlanOverdue"));
    moveClockTo(deadline);
    executeJobs();
    MimeMessage[] toManager = MAIL.getReceivedMessagesForDomain(f.manager() + "@example.org");
    assertThat(Arrays.stream(toManager).map(PlanDeadlineTest::subject)).noneMatch(s -> s.startsWith("Reminder"));

    moveClockTo(deadline.plusDays(1));
    executeJobs();
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_HANDLE_OVERDUE);
    assertThat(Arrays.stream(MAIL.getReceivedMessagesForDomain(f.manager() + "@example.org")).map(PlanDeadlineTest::subject))
        .noneMatch(s -> s.startsWith("Reminder"));
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private LocalDate dueDate(ProcessInstance instance, String timer) {
    Job job = management.createJobQuery().processInstanceId(instance.getId()).activityId(timer).singleResult();
    Date due = job.getDuedate();
    return due.toInstant().atZone(ZoneId.systemDefault()).toLocalDate();
  }
}
