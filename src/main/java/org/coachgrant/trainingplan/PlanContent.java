package org.coachgrant.trainingplan;

import java.math.BigDecimal;
import java.util.List;

/** What a manager writes: one version of a training plan. */
public record PlanContent(String identifiedNeeds, List<TrainingAction> actions, BigDecimal totalRequested,
    String expectedOutcomes, String cascadingPlan) {

  public BigDecimal sumOfActions() {
    return actions.stream().map(TrainingAction::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
