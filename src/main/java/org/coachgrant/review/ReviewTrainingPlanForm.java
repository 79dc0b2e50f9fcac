package org.coachgrant.review;

import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.coachgrant.system.CurrentUser;
import org.coachgrant.trainingplan.PlanDecisions.Decision;
import org.coachgrant.trainingplan.PlanDueDates;
import org.coachgrant.trainingplan.PlanTaskVariables;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.springframework.stereotype.Component;

/**
 * {@code review-training-plan}: the reviewer's decision. Nobody linked to the setting reviews its plan;
 * an approver is remembered for the four-eyes rule.
 */
@Component
class ReviewTrainingPlanForm extends DecisionForm {

  ReviewTrainingPlanForm(TrainingPlanService plans, PlanTaskVariables planVariables, PlanDueDates dueDates,
      CurrentUser currentUser, Reviewers reviewers) {
    super(plans, planVariables, dueDates, currentUser, reviewers, TrainingPlanProcess.REVIEW_DECISION, "reviewComment");
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
