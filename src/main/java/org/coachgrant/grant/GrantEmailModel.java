package org.coachgrant.grant;

import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.coachgrant.notification.EmailModelContributor;
import org.coachgrant.system.Formats;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.springframework.stereotype.Component;

/** {@code $grant} for emails, once the plan's grant is committed. */
@Component
class GrantEmailModel implements EmailModelContributor {

  private final GrantService grants;

  GrantEmailModel(GrantService grants) {
    this.grants = grants;
  }

  @Override
  public void contribute(DelegateExecution execution, Map<String, Object> model) {
    Long planId = TrainingPlanProcess.PLAN_ID.get(execution);
    if (planId != null) {
      grants.forPlan(planId).ifPresent(g -> model.put("grant", Map.of("reference", g.reference(),
          "amount", Formats.money(g.amount()), "status", g.status())));
    }
  }
}
