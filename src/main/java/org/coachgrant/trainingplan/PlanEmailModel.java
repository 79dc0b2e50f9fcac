package org.coachgrant.trainingplan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.coachgrant.notification.EmailModelContributor;
import org.coachgrant.format.Formats;
import org.coachgrant.trainingplan.TrainingPlanService.PlanContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code $setting}, {@code $programme}, {@code $plan}, {@code $review} (the latest decision) and
 * {@code $taskUrl} (the plan's link to whatever the reader has to do on it) for emails.
 */
@Component
class PlanEmailModel implements EmailModelContributor {

  private final TrainingPlanService plans;
  private final PlanDecisions decisions;
  private final PlanDeadline deadline;
  private final String publicUrl;

  PlanEmailModel(TrainingPlanService plans, PlanDecisions decisions, PlanDeadline deadline,
      @Value("${coachgrant.public-url}") String publicUrl) {
    this.plans = plans;
    this.decisions = decisions;
    this.deadline = deadline;
    this.publicUrl = publicUrl.replaceAll("/$", "");
  }

  @Override
  public Set<String> provides(String processKey) {
    return TrainingPlanProcess.KEY.equals(processKey) ? Set.of("setting", "programme", "plan", "review") : Set.of();
  }

  @Override
  public void contribute(DelegateExecution execution, Map<String, Object> model) {
    Long planId = TrainingPlanProcess.PLAN_ID.get(execution);
    if (planId == null) {
      return;
    }
    PlanContext context = plans.context(planId);
    // the plan's one link, whoever is to act on it now (PlanLinks)
    model.put("taskUrl", publicUrl + "/plans/" + planId + "/next");
    model.put("setting", Map.of("name", context.setting().name(), "urn", context.setting().urn()));
    model.put("programme", Map.of("name", context.programme().name(), "code", context.programme().code(),
        "grantCap", Formats.money(context.programme().grantCap())));
    Map<String, Object> plan = new HashMap<>();
    plan.put("deadline", Formats.date(context.plan().deadline()));
    plan.put("daysLeft", deadline.daysLeft(context.plan().deadline()));
    plan.put("version", context.plan().currentVersion());
    plans.currentVersion(planId).map(PlanVersion::content).ifPresent(content -> {
      plan.put("totalRequested", Formats.money(content.totalRequested()));
      plan.put("identifiedNeeds", content.identifiedNeeds());
      plan.put("expectedOutcomes", content.expectedOutcomes());
      plan.put("cascadingPlan", content.cascadingPlan());
      plan.put("actions", content.actions().stream().map(a -> Map.of("course", a.course(), "provider", a.provider(),
          "staffCount", a.staffCount(), "costEach", Formats.money(a.costEach()),
          "plannedMonth", Formats.month(a.plannedMonth()))).toList());
    });
    plan.putIfAbsent("actions", List.of());
    model.put("plan", plan);
    decisions.latest(planId).ifPresent(d -> {
      Map<String, Object> review = new HashMap<>();
      review.put("decision", d.decision().name());
      review.put("comment", d.reason());
      review.put("decidedBy", d.decidedBy());
      model.put("review", review);
    });
  }
}
