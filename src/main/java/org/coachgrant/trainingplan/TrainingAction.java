package org.coachgrant.trainingplan;

import java.math.BigDecimal;

/** One line of a plan: a course, who provides it, how many staff attend, what it costs each. */
public record TrainingAction(String course, String provider, int staffCount, BigDecimal costEach) {

  public BigDecimal cost() {
    return costEach.multiply(BigDecimal.valueOf(staffCount));
  }
}
