package org.coachgrant.grant;

import java.time.LocalDate;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.coachgrant.review.ReviewEligibility;
import org.coachgrant.security.CurrentUser;
import org.coachgrant.forms.FormText;
import org.coachgrant.format.Formats;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.forms.TaskFormHandler;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.springframework.stereotype.Component;

/** {@code handle-overdue-impact-report}: the coordinator gives the manager more time, or closes the grant as not reported. */
@Component
class HandleOverdueImpactReportForm implements TaskFormHandler {

  private static final Set<String> FIELDS = Set.of("impactOverdueDecision", "newDueDate", "impactOverdueReason");

  private final TrainingPlanService plans;
  private final GrantService grants;
  private final ImpactDeadline impactDeadline;
  private final CurrentUser currentUser;
  private final ReviewEligibility eligibility;

  HandleOverdueImpactReportForm(TrainingPlanService plans, GrantService grants, ImpactDeadline impactDeadline,
      CurrentUser currentUser, ReviewEligibility eligibility) {
    this.plans = plans;
    this.grants = grants;
    this.impactDeadline = impactDeadline;
    this.currentUser = currentUser;
    this.eligibility = eligibility;
  }

  @Override
  public String formId() {
    return "handle-overdue-impact-report";
  }

  @Override
  public Set<String> fields() {
    return FIELDS;
  }

  @Override
  public void prepare(DelegateTask task) {
    long planId = TrainingPlanProcess.PLAN_ID.require(task);
    Grant grant = grants.forPlan(planId).orElseThrow();
    task.setVariableLocal("settingName", FormText.markdown(plans.context(planId).setting().name()));
    task.setVariableLocal("grantReference", FormText.markdown(grant.reference()));
    task.setVariableLocal("grantAmount", Formats.money(grant.amount()));
    task.setVariableLocal("impactDue", Formats.date(grant.impactDue()));
  }

  /** Only someone who could claim it: a coordinator with no link to the setting. */
  @Override
  public void assigned(DelegateTask task) {
    eligibility.refuse(task, "assignee", task.getAssignee());
  }

  @Override
  public void complete(DelegateTask task, Inputs inputs) {
    long planId = TrainingPlanProcess.PLAN_ID.require(task);
    String decision = inputs.choice("impactOverdueDecision", Set.of("extend", "close"));
    String by = currentUser.id(task);
    eligibility.refuse(task, "impactOverdueDecision", by);
    if (decision.equals("extend")) {
      LocalDate newDue = inputs.date("newDueDate");
      if (!newDue.isAfter(impactDeadline.today())) {
        throw new InvalidInputException("newDueDate", "must be after today (was " + newDue + ")");
      }
      grants.extendImpactReport(planId, newDue, by, inputs.optionalText("impactOverdueReason", Inputs.LONG_TEXT));
      impactDeadline.schedule(task.getExecution(), newDue);
    } else {
      grants.closeNotReported(planId, by, inputs.text("impactOverdueReason", Inputs.LONG_TEXT));
    }
    TrainingPlanProcess.IMPACT_OVERDUE_DECISION.set(task.getExecution(), decision);
  }
}
