package org.coachgrant.trainingplan;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.coachgrant.time.DueDates;
import org.coachgrant.system.ModelBean;
import org.coachgrant.format.WebFormat;
import org.springframework.beans.factory.annotation.Value;

/**
 * The timers of {@code Task_SubmitTrainingPlan}. A plan is overdue when the day after its deadline
 * begins; reminders go out (by default) 14 and 3 days before, at nine. The timers are computed each
 * time the manager is asked for the plan, so a revision never fires a stale reminder, and a revision
 * asked for near or after the deadline still gets some days to be written.
 */
@ModelBean("planDeadline")
public class PlanDeadline {

  private final DueDates dates;

  PlanDeadline(@Value("${coachgrant.plan.first-reminder-days:14}") int firstReminderDays,
      @Value("${coachgrant.plan.last-reminder-days:3}") int lastReminderDays,
      @Value("${coachgrant.plan.revision-days:7}") int revisionDays, WebFormat fmt) {
    this.dates = new DueDates(fmt.zone(), firstReminderDays, lastReminderDays, revisionDays);
  }

  /** Sets the plan's deadline on the process. */
  public void schedule(VariableScope process, LocalDate deadline) {
    TrainingPlanProcess.OVERDUE_AT.set(process, dates.overdueAt(deadline));
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

  /** When the manager's plan task is due: the deadline's last minute, or later for a late revision. */
  public Date planDue(DelegateExecution execution) {
    return Date.from(overdueAt(execution).minus(1, ChronoUnit.MINUTES));
  }

  /** A review is due {@code workingDays} working days (Monday to Friday) after today, at the day's end. */
  public LocalDate reviewDue(int workingDays) {
    return DueDates.workingDaysAfter(dates.today(), workingDays);
  }

  public Date endOf(LocalDate day) {
    return dates.dueOn(day);
  }

  public long daysLeft(LocalDate deadline) {
    return Math.max(0, ChronoUnit.DAYS.between(dates.today(), deadline));
  }

  private Instant overdueAt(DelegateExecution execution) {
    return dates.overdue(TrainingPlanProcess.OVERDUE_AT.require(execution).toInstant(),
        TrainingPlanProcess.REQUESTED_AMOUNT.get(execution) != null);
  }
}
