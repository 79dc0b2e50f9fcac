package org.coachgrant.grant;

import java.math.BigDecimal;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.coachgrant.review.ReviewEligibility;
import org.coachgrant.security.CurrentUser;
import org.coachgrant.forms.FormText;
import org.coachgrant.format.Formats;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.forms.TaskFormHandler;
import org.coachgrant.trainingplan.PlanDecisions.Decision;
import org.coachgrant.trainingplan.PlanVersion;
import org.coachgrant.trainingplan.TrainingPlan.Status;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.coachgrant.trainingplan.TrainingPlanService.PlanContext;
import org.springframework.stereotype.Component;

/** {@code resolve-budget-shortfall}: the coordinator tops the budget up or puts the plan on the wait list. */
@Component
class ResolveBudgetShortfallForm implements TaskFormHandler {

  private static final Set<String> FIELDS = Set.of("budgetDecision", "topUpAmount", "budgetComment");
  private static final BigDecimal LARGEST_TOP_UP = new BigDecimal("10000000");

  private final TrainingPlanService plans;
  private final GrantService grants;
  private final CurrentUser currentUser;
  private final ReviewEligibility eligibility;

  ResolveBudgetShortfallForm(TrainingPlanService plans, GrantService grants, CurrentUser currentUser,
      ReviewEligibility eligibility) {
    this.plans = plans;
    this.grants = grants;
    this.currentUser = currentUser;
    this.eligibility = eligibility;
  }

  @Override
  public String formId() {
    return "resolve-budget-shortfall";
  }

  @Override
  public Set<String> fields() {
    return FIELDS;
  }

  @Override
  public void prepare(DelegateTask task) {
    long planId = TrainingPlanProcess.PLAN_ID.require(task);
    PlanContext context = plans.context(planId);
    task.setVariableLocal("settingName", FormText.markdown(context.setting().name()));
    task.setVariableLocal("totalRequested", Formats.money(
        plans.currentVersion(planId).map(PlanVersion::content).orElseThrow().totalRequested()));
    task.setVariableLocal("budgetRemaining", Formats.money(context.programme().remaining()));
  }

  /** Only someone who could claim it: a coordinator with no link to the setting. */
  @Override
  public void assigned(DelegateTask task) {
    eligibility.refuse(task, "assignee", task.getAssignee());
  }

  @Override
  public void complete(DelegateTask task, Inputs inputs) {
    long planId = TrainingPlanProcess.PLAN_ID.require(task);
    String decision = inputs.choice("budgetDecision", Set.of("topUp", "waitList"));
    String comment = inputs.optionalText("budgetComment", Inputs.LONG_TEXT);
    String by = currentUser.id(task);
    eligibility.refuse(task, "budgetDecision", by);
    if (decision.equals("topUp")) {
      BigDecimal amount = inputs.money("topUpAmount", LARGEST_TOP_UP);
      if (amount.signum() == 0) {
        throw new InvalidInputException("topUpAmount", "must be more than zero");
      }
      plans.decide(planId, Decision.BUDGET_TOPPED_UP, Status.APPROVED, by,
          "Top-up of " + Formats.money(amount) + (comment == null ? "" : ": " + comment));
      grants.topUp(plans.context(planId).programme().id(), amount, by, comment);
    } else {
      plans.decide(planId, Decision.WAIT_LISTED, Status.WAIT_LISTED, by, comment);
    }
    TrainingPlanProcess.BUDGET_DECISION.set(task.getExecution(), decision);
  }
}
