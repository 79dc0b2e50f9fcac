package org.coachgrant.review;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.coachgrant.system.CurrentUser;
import org.coachgrant.system.InvalidInputException;
import org.coachgrant.trainingplan.PlanDecisions.Decision;
import org.coachgrant.trainingplan.PlanTaskVariables;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.springframework.stereotype.Component;

/**
 * {@code give-senior-approval}: the second approval the approval rules ask for. Four eyes: the first
 * approver can neither claim nor complete it, whichever client they use.
 */
@Component
class GiveSeniorApprovalForm extends DecisionForm {

  GiveSeniorApprovalForm(TrainingPlanService plans, PlanTaskVariables planVariables, CurrentUser currentUser) {
    super(plans, planVariables, currentUser, TrainingPlanProcess.SENIOR_DECISION, "seniorComment");
  }

  @Override
  public String formId() {
    return "give-senior-approval";
  }

  @Override
  public void prepare(DelegateTask task) {
    super.prepare(task);
    TrainingPlanProcess.FIRST_APPROVER.setLocal(task, firstApprover(task));
  }

  @Override
  public void assigned(DelegateTask task) {
    if (task.getAssignee() != null && task.getAssignee().equals(firstApprover(task))) {
      throw fourEyes("assignee", task.getAssignee());
    }
  }

  @Override
  void checkDecider(DelegateTask task, String userId) {
    if (userId.equals(firstApprover(task))) {
      throw fourEyes(TrainingPlanProcess.SENIOR_DECISION.name(), userId);
    }
  }

  private static String firstApprover(DelegateTask task) {
    return TrainingPlanProcess.FIRST_APPROVER.get(task.getExecution());
  }

  private static InvalidInputException fourEyes(String field, String userId) {
    return new InvalidInputException(field, "the senior approval must be given by someone other than the first approver ("
        + userId + ")");
  }

  @Override
  Decision approved() {
    return Decision.SENIOR_APPROVED;
  }

  @Override
  Decision changesRequested() {
    return Decision.SENIOR_CHANGES_REQUESTED;
  }

  @Override
  Decision rejected() {
    return Decision.SENIOR_REJECTED;
  }
}
