package org.coachgrant.review;

import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.coachgrant.security.CurrentUser;
import org.coachgrant.trainingplan.PlanDecisions;
import org.coachgrant.trainingplan.PlanDecisions.Decision;
import org.coachgrant.trainingplan.PlanDueDates;
import org.coachgrant.trainingplan.PlanTaskVariables;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.springframework.stereotype.Component;

/**
 * {@code review-training-plan}: the reviewer's decision. Nobody linked to the setting reviews its plan;
 * an approver is remembered for the four-eyes rule, and a revision goes back to the reviewer who asked for it.
 */
@Component
class ReviewTrainingPlanForm extends DecisionForm {

  private final PlanDecisions decisions;

  ReviewTrainingPlanForm(TrainingPlanService plans, PlanTaskVariables planVariables, PlanDueDates dueDates,
      CurrentUser currentUser, Reviewers reviewers, PlanDecisions decisions) {
    super(plans, planVariables, dueDates, currentUser, reviewers, TrainingPlanProcess.REVIEW_DECISION, "reviewComment");
    this.decisions = decisions;
  }

  @Override
  public void prepare(DelegateTask task) {
    super.prepare(task);
    toWhoAskedForTheChanges(task);
  }

  /**
   * A revision goes straight back to the reviewer who asked for its changes: they know what they asked for, and
   * should not have to find and claim it again. Not when a senior reviewer asked (they do not review plans here),
   * nor when the reviewer may no longer take it (left the reviewers, or now conflicted): then it waits for any.
   */
  private void toWhoAskedForTheChanges(DelegateTask task) {
    decisions.forPlan(TrainingPlanProcess.PLAN_ID.require(task)).stream()
        .filter(entry -> entry.decision() == Decision.CHANGES_REQUESTED
            || entry.decision() == Decision.SENIOR_CHANGES_REQUESTED)
        .reduce((earlier, later) -> later)
        .filter(entry -> entry.decision() == Decision.CHANGES_REQUESTED)
        .map(PlanDecisions.Entry::decidedBy)
        .filter(reviewer -> reviewers.mayTake(task, reviewer))
        .ifPresent(task::setAssignee);
  }

  @Override
  public String formId() {
    return "review-training-plan";
  }

  @Override
  Set<String> excluded(DelegateTask task) {
    return reviewers.conflicted(task);
  }

  @Override
  void afterDecision(DelegateTask task, String decision, String userId) {
    if (decision.equals("approve")) {
      TrainingPlanProcess.FIRST_APPROVER.set(task.getExecution(), userId);
    }
  }

  @Override
  Decision approved() {
    return Decision.APPROVED;
  }

  @Override
  Decision changesRequested() {
    return Decision.CHANGES_REQUESTED;
  }

  @Override
  Decision rejected() {
    return Decision.REJECTED;
  }
}
