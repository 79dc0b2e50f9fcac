package org.coachgrant.grant;

import org.coachgrant.system.ModelBean;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.coachgrant.trainingplan.TrainingPlanProcess;

/** {@code Task_ReleaseGrant}: releases the committed grant for payment. */
@ModelBean("releaseGrant")
class ReleaseGrantDelegate implements JavaDelegate {

  private final GrantService grants;

  ReleaseGrantDelegate(GrantService grants) {
    this.grants = grants;
  }

  @Override
  public void execute(DelegateExecution execution) {
    grants.release(TrainingPlanProcess.PLAN_ID.require(execution));
  }
}
