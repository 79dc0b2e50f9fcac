package org.coachgrant.trainingplan;

import java.time.YearMonth;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.coachgrant.security.CurrentUser;
import org.coachgrant.forms.FormText;
import org.coachgrant.forms.Inputs;
import org.coachgrant.goals.CoachingGoals;
import org.coachgrant.forms.TaskFormHandler;
import org.coachgrant.format.WebFormat;
import org.coachgrant.trainingplan.TrainingPlanService.PlanContext;
import org.springframework.stereotype.Component;

/**
 * {@code submit-training-plan}: the manager writes or revises the plan; each submission is a new version. An action
 * may name the coaching goal it serves, one of the manager's goals (shown beside the first question).
 */
@Component
class SubmitTrainingPlanForm implements TaskFormHandler {

  private static final Set<String> FIELDS =
      Set.of("identifiedNeeds", "actions", "totalRequested", "expectedOutcomes", "cascadingPlan");

  private final TrainingPlanService plans;
  private final PlanTaskVariables planVariables;
  private final PlanDueDates dueDates;
  private final PlanDecisions decisions;
  private final CurrentUser currentUser;
  private final WebFormat fmt;
  private final CoachingGoals goals;

  SubmitTrainingPlanForm(TrainingPlanService plans, PlanTaskVariables planVariables, PlanDueDates dueDates,
      PlanDecisions decisions, CurrentUser currentUser, WebFormat fmt, CoachingGoals goals) {
    this.goals = goals;
    this.fmt = fmt;
    this.plans = plans;
    this.planVariables = planVariables;
    this.dueDates = dueDates;
    this.decisions = decisions;
    this.currentUser = currentUser;
  }

  @Override
  public String formId() {
    return "submit-training-plan";
  }

  @Override
  public Set<String> fields() {
    return FIELDS;
  }

  @Override
  public void prepare(DelegateTask task) {
    PlanContext context = planVariables.show(task);
    String comment = context.plan().currentVersion() == 0 ? null : decisions.latest(context.plan().id())
        .filter(d -> d.decision().name().endsWith("CHANGES_REQUESTED")).map(PlanDecisions.Entry::reason).orElse(null);
    task.setVariableLocal("reviewComment", FormText.markdown(comment));
    dueDates.forManager(task);
  }

  @Override
  public void complete(DelegateTask task, Inputs submitted) {
    long planId = TrainingPlanProcess.PLAN_ID.require(task);
    PlanContext context = plans.context(planId);
    YearMonth thisMonth = YearMonth.from(fmt.today());
    PlanContent content = PlanContentReader.read(submitted, context.programme().grantCap(), thisMonth,
        goals.current(context.programme().id(), context.setting().id()).stream()
            .map(CoachingGoals.StoredGoal::position).collect(java.util.stream.Collectors.toSet()));
    plans.submit(planId, content, currentUser.id(task));
    TrainingPlanProcess.REQUESTED_AMOUNT.set(task.getExecution(), content.totalRequested().doubleValue());
    TrainingPlanProcess.PREVIOUS_GRANTS.set(task.getExecution(), plans.previousGrants(context.plan()));
  }
}
