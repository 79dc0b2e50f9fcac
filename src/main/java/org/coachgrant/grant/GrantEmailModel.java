package org.coachgrant.grant;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.coachgrant.format.Formats;
import org.coachgrant.notification.EmailModelContributor;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.springframework.stereotype.Component;

/**
 * {@code $grant} for emails, once the plan's grant is committed: its reference, amount and status, when its
 * impact report is due, and once closed what was spent, what went back to the budget and when the follow-up
 * comes. Empty text where not known yet.
 */
@Component
class GrantEmailModel implements EmailModelContributor {

  private final GrantService grants;

  GrantEmailModel(GrantService grants) {
    this.grants = grants;
  }

  @Override
  public Set<String> provides(String processKey) {
    return TrainingPlanProcess.KEY.equals(processKey) ? Set.of("grant") : Set.of();
  }

  @Override
  public void contribute(DelegateExecution execution, Map<String, Object> model) {
    Long planId = TrainingPlanProcess.PLAN_ID.get(execution);
    if (planId != null) {
      grants.forPlan(planId).ifPresent(g -> {
        Map<String, Object> grant = new HashMap<>();
        grant.put("reference", g.reference());
        grant.put("amount", Formats.money(g.amount()));
        grant.put("status", g.status());
        grant.put("impactDue", Formats.date(g.impactDue()));
        grant.put("actualSpend", Formats.money(g.actualSpend()));
        grant.put("returnedAmount", Formats.money(g.returnedAmount()));
        grant.put("followUpDue", Formats.date(g.followUpDue()));
        model.put("grant", grant);
      });
    }
  }
}
