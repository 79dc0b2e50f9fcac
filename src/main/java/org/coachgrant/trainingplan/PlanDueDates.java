package org.coachgrant.trainingplan;

import java.time.LocalDate;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.coachgrant.format.Formats;
import org.coachgrant.format.WebFormat;
import org.springframework.stereotype.Component;

/**
 * When a plan's tasks are due, on the task itself, so Tasklist's lists show and sort by it: the
 * manager's on the plan's deadline (later for a revision asked for near or after it), a review or a
 * senior approval the programme's review time ahead, in working days (Monday to Friday).
 */
@Component
public class PlanDueDates {

  private final TrainingPlanService plans;
  private final PlanDeadline deadline;
  private final WebFormat fmt;

  PlanDueDates(TrainingPlanService plans, PlanDeadline deadline, WebFormat fmt) {
    this.fmt = fmt;
    this.plans = plans;
    this.deadline = deadline;
  }

  /** A task in which someone decides on the plan; {@code dueOn} shows the day in the list. */
  public void forDecision(DelegateTask task) {
    long planId = TrainingPlanProcess.PLAN_ID.require(task);
    LocalDate due = deadline.reviewDue(plans.context(planId).programme().reviewWorkingDays());
    task.setDueDate(deadline.endOf(due));
    task.setVariableLocal("dueOn", Formats.date(due));
  }

  /** The manager's task to write or revise the plan; {@code deadline} shows the day on the form and in the list. */
  void forManager(DelegateTask task) {
    Date due = deadline.planDue(task.getExecution());
    task.setDueDate(due);
    task.setVariableLocal("deadline", Formats.date(fmt.day(due)));
  }
}
