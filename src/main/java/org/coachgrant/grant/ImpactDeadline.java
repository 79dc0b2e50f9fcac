package org.coachgrant.grant;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.coachgrant.system.ModelBean;
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

  private final int firstReminderDays;
  private final int lastReminderDays;
  private final int revisionDays;
  private final ZoneId zone = ZoneId.systemDefault();

  ImpactDeadline(@Value("${coachgrant.impact.first-reminder-days:14}") int firstReminderDays,
      @Value("${coachgrant.impact.last-reminder-days:3}") int lastReminderDays,
      @Value("${coachgrant.impact.revision-days:14}") int revisionDays) {
    this.firstReminderDays = firstReminderDays;
    this.lastReminderDays = lastReminderDays;
    this.revisionDays = revisionDays;
  }

  /** Sets the impact report's due date on the process. */
  public void schedule(VariableScope process, LocalDate due) {
    TrainingPlanProcess.IMPACT_OVERDUE_AT.set(process, Date.from(due.plusDays(1).atStartOfDay(zone).toInstant()));
  }

  /** Sets when the follow-up on learning is asked for: nine on its day. */
  public void scheduleFollowUp(VariableScope process, LocalDate due) {
    TrainingPlanProcess.FOLLOW_UP_AT.set(process, Date.from(due.atTime(9, 0).atZone(zone).toInstant()));
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

  public Date followUp(DelegateExecution execution) {
    return TrainingPlanProcess.FOLLOW_UP_AT.require(execution);
  }

  public LocalDate today() {
    return ClockUtil.getCurrentTime().toInstant().atZone(zone).toLocalDate();
  }

  private Instant overdueAt(DelegateExecution execution) {
    Instant planned = TrainingPlanProcess.IMPACT_OVERDUE_AT.require(execution).toInstant();
    boolean revision = TrainingPlanProcess.IMPACT_DECISION.get(execution) != null;
    Instant earliest = today().plusDays(revisionDays + 1L).atStartOfDay(zone).toInstant();
    return revision && planned.isBefore(earliest) ? earliest : planned;
  }

  /** A reminder whose time has passed is put after the due date, where the overdue timer cancels it. */
  private Date reminder(DelegateExecution execution, int daysBefore) {
    Instant overdueAt = overdueAt(execution);
    Instant at = overdueAt.minus(daysBefore + 1L, ChronoUnit.DAYS).atZone(zone).toLocalDate().atTime(9, 0)
        .atZone(zone).toInstant();
    return Date.from(at.isAfter(ClockUtil.getCurrentTime().toInstant()) ? at : overdueAt.plus(1, ChronoUnit.DAYS));
  }
}
