package org.coachgrant.trainingplan;

import org.coachgrant.system.ModelBean;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.annotation.Value;

/**
 * The timers of {@code Task_SubmitTrainingPlan}. A plan is overdue when the day after its deadline
 * begins; reminders go out (by default) 14 and 3 days before, at nine. The timers are computed each
 * time the manager is asked for the plan, so a revision never fires a stale reminder, and a revision
 * asked for near or after the deadline still gets some days to be written.
 */
@ModelBean("planDeadline")
public class PlanDeadline {

  private final int firstReminderDays;
  private final int lastReminderDays;
  private final int revisionDays;
  private final ZoneId zone = ZoneId.systemDefault();

  PlanDeadline(@Value("${coachgrant.plan.first-reminder-days:14}") int firstReminderDays,
      @Value("${coachgrant.plan.last-reminder-days:3}") int lastReminderDays,
      @Value("${coachgrant.plan.revision-days:7}") int revisionDays) {
    this.firstReminderDays = firstReminderDays;
    this.lastReminderDays = lastReminderDays;
    this.revisionDays = revisionDays;
  }

  /** Sets the plan's deadline on the process. */
  public void schedule(VariableScope process, LocalDate deadline) {
    TrainingPlanProcess.OVERDUE_AT.set(process, Date.from(deadline.plusDays(1).atStartOfDay(zone).toInstant()));
  }

  public Date overdue(DelegateExecution execution) {
    return Date.from(overdueAt(execution));
  }

  public Date firstReminder(DelegateExecution execution) {
    return reminder(execution, firstReminderDays);
  }

  public Date lastReminder(DelegateExecution execution) {
    return reminder(execution, lastReminderDays);
  }

  public long daysLeft(LocalDate deadline) {
    return Math.max(0, ChronoUnit.DAYS.between(today(), deadline));
  }

  private Instant overdueAt(DelegateExecution execution) {
    Instant planned = TrainingPlanProcess.OVERDUE_AT.require(execution).toInstant();
    boolean revision = TrainingPlanProcess.REQUESTED_AMOUNT.get(execution) != null;
    Instant earliest = today().plusDays(revisionDays + 1L).atStartOfDay(zone).toInstant();
    return revision && planned.isBefore(earliest) ? earliest : planned;
  }

  /** A reminder whose time has passed is put after the deadline, where the overdue timer cancels it. */
  private Date reminder(DelegateExecution execution, int daysBefore) {
    Instant overdueAt = overdueAt(execution);
    Instant at = overdueAt.minus(daysBefore + 1L, ChronoUnit.DAYS).atZone(zone).toLocalDate().atTime(9, 0)
        .atZone(zone).toInstant();
    return Date.from(at.isAfter(ClockUtil.getCurrentTime().toInstant()) ? at : overdueAt.plus(1, ChronoUnit.DAYS));
  }

  private LocalDate today() {
    return ClockUtil.getCurrentTime().toInstant().atZone(zone).toLocalDate();
  }
}
