package org.coachgrant.review;

import java.util.HashSet;
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
 * {@code give-senior-approval}: the second approval the approval rules ask for. Four eyes: the first
 * approver can neither see, claim nor complete it, whichever client they use; nor can anyone linked
 * to the setting.
 */
@Component
class GiveSeniorApprovalForm extends DecisionForm {

  GiveSeniorApprovalForm(TrainingPlanService plans, PlanTaskVariables planVariables, PlanDueDates dueDates,
      CurrentUser currentUser, Reviewers reviewers) {
    super(plans, planVariables, dueDates, currentUser, reviewers, TrainingPlanProcess.SENIOR_DECISION, "seniorComment");
  }

  @Override
  public String formId() {
    return "give-senior-approval";
  }

  /** The first approver is shown from a task-local copy: a value submitted back cannot change the process's. */
  @Override
  public void prepare(DelegateTask task) {
    super.prepare(task);
    TrainingPlanProcess.FIRST_APPROVER.setLocal(task, org.coachgrant.system.FormText.markdown(firstApprover(task)));
  }

  @Override
  Set<String> excluded(DelegateTask task) {
    Set<String> excluded = new HashSet<>(reviewers.conflicted(task));
    excluded.addAll(alsoExcluded(task));
    return excluded;
  }

  @Override
  Set<String> alsoExcluded(DelegateTask task) {
    String first = firstApprover(task);
    return first == null ? Set.of() : Set.of(first);
  }

  @Override
  String alsoExcludedBecause() {
    return "gave the first approval: the senior approval must be given by someone else";
  }

  private static String firstApprover(DelegateTask task) {
    return TrainingPlanProcess.FIRST_APPROVER.get(task.getExecution());
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
