package org.coachgrant.grant;

import java.math.BigDecimal;
import java.util.List;

/** What a manager reports about a grant's impact: one version of the report. */
public record ImpactContent(List<ActionOutcome> actions, String changesForChildren, String changesInPractice,
    int colleaguesReached, String cascadeHow, String cascadeWhen) {

  /** What became of one approved training action. */
  public record ActionOutcome(String course, boolean tookPlace, int staffTrained, BigDecimal actualCost) {}

  public BigDecimal actualSpend() {
    return actions.stream().map(ActionOutcome::actualCost).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  public int staffTrained() {
    return actions.stream().mapToInt(ActionOutcome::staffTrained).sum();
  }
}
