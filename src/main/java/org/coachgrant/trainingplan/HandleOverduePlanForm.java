package org.coachgrant.trainingplan;

import java.time.LocalDate;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.coachgrant.security.CurrentUser;
import org.coachgrant.forms.FormText;
import org.coachgrant.format.Formats;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.forms.TaskFormHandler;
import org.coachgrant.format.WebFormat;
import org.coachgrant.trainingplan.TrainingPlanService.PlanContext;
import org.springframework.stereotype.Component;

/** {@code handle-overdue-plan}: the coordinator extends the deadline or withdraws the setting. */
@Component
class HandleOverduePlanForm implements TaskFormHandler {

  private static final Set<String> FIELDS = Set.of("overdueDecision", "newDeadline", "overdueReason");

  private final TrainingPlanService plans;
  private final PlanDeadline deadline;
  private final CurrentUser currentUser;
  private final WebFormat fmt;

  HandleOverduePlanForm(TrainingPlanService plans, PlanDeadline deadline, CurrentUser currentUser, WebFormat fmt) {
    this.fmt = fmt;
    this.plans = plans;
    this.deadline = deadline;
    this.currentUser = currentUser;
  }

  @Override
  public String formId() {
    return "handle-overdue-plan";
  }

  @Override
  public Set<String> fields() {
    return FIELDS;
  }

  @Override
  public void prepare(DelegateTask task) {
    PlanContext context = plans.context(TrainingPlanProcess.PLAN_ID.require(task));
    task.setVariableLocal("settingName", FormText.markdown(context.setting().name()));
    task.setVariableLocal("deadline", Formats.date(context.plan().deadline()));
  }

  @Override
  public void complete(DelegateTask task, Inputs inputs) {
    long planId = TrainingPlanProcess.PLAN_ID.require(task);
    String decision = inputs.choice("overdueDecision", Set.of("extend", "withdraw"));
    String by = currentUser.id(task);
    if (decision.equals("extend")) {
      LocalDate newDeadline = inputs.date("newDeadline");
      LocalDate today = fmt.today();
      if (!newDeadline.isAfter(today)) {
        throw new InvalidInputException("newDeadline", "must be after today (was " + newDeadline + ")");
      }
      plans.extendDeadline(planId, newDeadline, by, inputs.optionalText("overdueReason", Inputs.LONG_TEXT));
      deadline.schedule(task.getExecution(), newDeadline);
    } else {
      plans.withdraw(planId, by, inputs.text("overdueReason", Inputs.LONG_TEXT));
    }
    TrainingPlanProcess.OVERDUE_DECISION.set(task.getExecution(), decision);
  }
}
