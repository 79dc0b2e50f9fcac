package org.coachgrant.programme;

import java.math.BigDecimal;
import java.time.LocalDate;

public record Programme(long id, String code, String name, BigDecimal budget, BigDecimal committed,
    BigDecimal grantCap, int groupSizeLimit, int sessionCount, int sessionMinutes, LocalDate planDeadline,
    String timeZone, int impactReportWeeks, int followUpMonths, int reviewWorkingDays, String issuingBody,
    String contactName, String contactEmail, String grantTerms) {

  public BigDecimal remaining() {
    return budget.subtract(committed);
  }
}
