package org.coachgrant.grant;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.coachgrant.system.ModelBean;
import org.coachgrant.trainingplan.TrainingPlanProcess;

/**
 * {@code Task_CloseGrant}: closes the grant on its accepted impact report, returns what was not spent to the
 * budget (waking wait-listed plans), and sets when the follow-up on learning is due.
 */
@ModelBean("closeGrant")
class CloseGrantDelegate implements JavaDelegate {

  private final GrantService grants;
  private final ImpactDeadline impactDeadline;

  CloseGrantDelegate(GrantService grants, ImpactDeadline impactDeadline) {
    this.grants = grants;
    this.impactDeadline = impactDeadline;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Grant grant = grants.close(TrainingPlanProcess.PLAN_ID.require(execution), impactDeadline.today());
    impactDeadline.scheduleFollowUp(execution, grant.followUpDue());
  }
}
