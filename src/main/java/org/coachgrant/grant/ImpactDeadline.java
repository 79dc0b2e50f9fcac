package org.coachgrant.grant;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.coachgrant.time.DueDates;
import org.coachgrant.system.ModelBean;
import org.coachgrant.format.WebFormat;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.springframework.beans.factory.annotation.Value;

/**
 * The timers after the grant: the impact report's reminders (by default 14 and 3 days before it is due, at
 * nine) and overdue (when the day after its due date begins), and the follow-up on learning. Computed each
 * time the manager is asked for the report, from the due date stored with the grant: a reminder whose time
 * has passed is not sent, and a report sent back for more information gets some days to be revised.
 */
@ModelBean("impactDeadline")
public class ImpactDeadline {

  private final DueDates dates;

  ImpactDeadline(@Value("${coachgrant.impact.first-reminder-days:14}") int firstReminderDays,
      @Value("${coachgrant.impact.last-reminder-days:3}") int lastReminderDays,
      @Value("${coachgrant.impact.revision-days:14}") int revisionDays, WebFormat fmt) {
    this.dates = new DueDates(fmt.zone(), firstReminderDays, lastReminderDays, revisionDays);
  }

  /** Sets the impact report's due date on the process. */
  public void schedule(VariableScope process, LocalDate due) {
    TrainingPlanProcess.IMPACT_OVERDUE_AT.set(process, dates.overdueAt(due));
  }

  /** Sets when the follow-up on learning is asked for: nine on its day. */
  public void scheduleFollowUp(VariableScope process, LocalDate due) {
    TrainingPlanProcess.FOLLOW_UP_AT.set(process, Date.from(due.atTime(9, 0).atZone(dates.zone()).toInstant()));
  }

  public Date overdue(DelegateExecution execution) {
    return Date.from(overdueAt(execution));
  }

  public Date firstReminder(DelegateExecution execution) {
    return dates.firstReminder(overdueAt(execution));
  }

  public Date lastReminder(DelegateExecution execution) {
    return dates.lastReminder(overdueAt(execution));
  }

  public Date followUp(DelegateExecution execution) {
    return TrainingPlanProcess.FOLLOW_UP_AT.require(execution);
  }

  public LocalDate today() {
    return dates.today();
  }

  private Instant overdueAt(DelegateExecution execution) {
    return dates.overdue(TrainingPlanProcess.IMPACT_OVERDUE_AT.require(execution).toInstant(),
        TrainingPlanProcess.IMPACT_DECISION.get(execution) != null);
  }
}
