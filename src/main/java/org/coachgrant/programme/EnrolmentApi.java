package org.coachgrant.programme;

import java.io.StringReader;
import java.util.Map;
import java.util.Set;
import org.coachgrant.admin.Roles;
import org.coachgrant.system.Callers;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/programmes/{code}/enrolments}: coordinators enrol settings one by one (JSON) or from a
 * CSV export ({@code Content-Type: text/csv}). The enrolment then acts for the system: it creates the
 * managers' users, which the coordinator may not do in Admin.
 */
@RestController
@RequestMapping("/api/programmes/{code}/enrolments")
class EnrolmentApi {

  private static final Set<String> MAY_ENROL = Set.of(Roles.COORDINATORS, Roles.ADMINISTRATORS);

  private final Enrolments enrolments;
  private final Callers callers;

  EnrolmentApi(Enrolments enrolments, Callers callers) {
    this.enrolments = enrolments;
    this.callers = callers;
  }

  @PostMapping(consumes = "application/json")
  Map<String, Object> enrolOne(@PathVariable String code, @RequestBody Enrolments.Row row) {
    return Map.of("outcome", asSystem(() -> enrolments.enrol(code, row)));
  }

  @PostMapping(consumes = "text/csv")
  Enrolments.Report importCsv(@PathVariable String code, @RequestBody String csv) {
    return asSystem(() -> enrolments.importCsv(code, new StringReader(csv)));
  }

  private <T> T asSystem(java.util.function.Supplier<T> action) {
    callers.requireAnyOf(MAY_ENROL, "Only coordinators enrol settings");
    return callers.asSystem(action);
  }
}
