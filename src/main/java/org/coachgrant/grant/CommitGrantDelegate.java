package org.coachgrant.grant;

import org.coachgrant.system.ModelBean;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.coachgrant.trainingplan.TrainingPlanProcess;

/** {@code Task_CommitGrant}: commits the grant, or raises BUDGET_EXHAUSTED for the coordinator to resolve. */
@ModelBean("commitGrant")
class CommitGrantDelegate implements JavaDelegate {

  private final GrantService grants;

  CommitGrantDelegate(GrantService grants) {
    this.grants = grants;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long planId = TrainingPlanProcess.PLAN_ID.require(execution);
    if (grants.commit(planId).isEmpty()) {
      throw new BpmnError(TrainingPlanProcess.ERROR_BUDGET_EXHAUSTED, "The programme budget cannot cover plan " + planId);
    }
  }
}
