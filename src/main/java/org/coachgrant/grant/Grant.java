package org.coachgrant.grant;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A plan's grant: COMMITTED against the budget, RELEASED for payment, then CLOSED once its impact report is
 * accepted (with what was spent and what went back to the budget) or CLOSED_NOT_REPORTED by a coordinator.
 */
public record Grant(long id, long planId, long programmeId, String reference, BigDecimal amount, String status,
    LocalDate impactDue, BigDecimal actualSpend, BigDecimal returnedAmount, LocalDate followUpDue) {

  public static final String COMMITTED = "COMMITTED";
  public static final String RELEASED = "RELEASED";
  public static final String CLOSED = "CLOSED";
  public static final String CLOSED_NOT_REPORTED = "CLOSED_NOT_REPORTED";
}
