package org.coachgrant.grant;

import org.coachgrant.system.ModelBean;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.coachgrant.trainingplan.TrainingPlanProcess;

/** {@code Task_ReleaseGrant}: releases the committed grant for payment and sets when its impact report is due. */
@ModelBean("releaseGrant")
class ReleaseGrantDelegate implements JavaDelegate {

  private final GrantService grants;
  private final ImpactDeadline impactDeadline;

  ReleaseGrantDelegate(GrantService grants, ImpactDeadline impactDeadline) {
    this.grants = grants;
    this.impactDeadline = impactDeadline;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long planId = TrainingPlanProcess.PLAN_ID.require(execution);
    grants.release(planId);
    impactDeadline.schedule(execution, grants.scheduleImpactReport(planId, impactDeadline.today()));
  }
}
