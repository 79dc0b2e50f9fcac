package org.coachgrant.privacy;

import java.time.LocalDate;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/admin/retention}: each programme's retention periods and what is due next (administrators only). */
@RestController
class RetentionApi {

  private final Retention retention;

  RetentionApi(Retention retention) {
    this.retention = retention;
  }

  @GetMapping("/api/admin/retention")
  List<Retention.Period> schedule() {
    return retention.schedule();
  }

  /** When the programme closes ({@code closesOn}, empty: not closed) and its periods (24 months and 6 years unless given). */
  record Periods(LocalDate closesOn, Integer contactMonths, Integer recordYears) {}

  @PutMapping("/api/admin/retention/{code}")
  Retention.Period set(@PathVariable String code, @RequestBody Periods periods) {
    return retention.set(code, periods.closesOn(), periods.contactMonths(), periods.recordYears());
  }
}
