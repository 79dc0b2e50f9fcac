package org.coachgrant.grant;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.springframework.stereotype.Component;

/** {@code Task_ReleaseGrant}: releases the committed grant for payment. */
@Component("releaseGrant")
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
