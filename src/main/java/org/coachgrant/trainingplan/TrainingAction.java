package org.coachgrant.trainingplan;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * One line of a plan: a course, who provides it, how many staff attend, what it costs each, and the
 * month it is planned for (null on plans written before it was asked), and the position of the manager's
 * coaching goal it serves (null when it names none).
 */
public record TrainingAction(String course, String provider, int staffCount, BigDecimal costEach,
    YearMonth plannedMonth, Integer servesGoal) {

  /** An action that names no coaching goal. */
  public TrainingAction(String course, String provider, int staffCount, BigDecimal costEach, YearMonth plannedMonth) {
    this(course, provider, staffCount, costEach, plannedMonth, null);
  }

  public BigDecimal cost() {
    return costEach.multiply(BigDecimal.valueOf(staffCount));
  }
}
