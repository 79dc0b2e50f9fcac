package org.coachgrant.programme;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.coachgrant.admin.Roles;
import org.coachgrant.system.Callers;
import org.coachgrant.system.Inputs;
import org.coachgrant.system.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/programmes}: a coordinator creates a programme (code, name, budget, cap per setting,
 * plan deadline; at most 6 a group, 3 sessions of 2 hours, the impact report 8 weeks after the last planned
 * training and the follow-up 6 months after the report, unless given; the sessions' time zone, else
 * {@code coachgrant.time-zone}), and anyone signed in reads one.
 */
@RestController
@RequestMapping("/api/programmes")
class ProgrammeApi {

  private static final BigDecimal LARGEST_BUDGET = new BigDecimal("1000000000");

  private final ProgrammeRepository programmes;
  private final Callers callers;

  ProgrammeApi(ProgrammeRepository programmes, Callers callers) {
    this.programmes = programmes;
    this.callers = callers;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Programme create(@RequestBody Map<String, Object> body) {
    callers.requireAnyOf(Set.of(Roles.COORDINATORS, Roles.ADMINISTRATORS), "Only coordinators create programmes");
    for (String field : body.keySet()) {
      if (!Set.of("code", "name", "budget", "grantCap", "groupSizeLimit", "sessionCount", "sessionMinutes",
          "planDeadline", "timeZone", "impactReportWeeks", "followUpMonths").contains(field)) {
        throw new InvalidInputException(field, "is not a field of a programme");
      }
    }
    Inputs in = new Inputs(body);
    String code = in.text("code", 40);
    if (!code.matches("[A-Za-z0-9-]+")) {
      throw new InvalidInputException("code", "may hold only letters, digits and hyphens (was '" + code + "')");
    }
    if (programmes.findProgrammeByCode(code).isPresent()) {
      throw new InvalidInputException("code", "a programme with the code '" + code + "' exists already");
    }
    BigDecimal budget = in.money("budget", LARGEST_BUDGET);
    BigDecimal cap = in.money("grantCap", budget);
    if (cap.signum() == 0) {
      throw new InvalidInputException("grantCap", "must be more than zero");
    }
    LocalDate deadline = in.date("planDeadline");
    if (!deadline.isAfter(ClockUtil.getCurrentTime().toInstant().atZone(java.time.ZoneId.systemDefault()).toLocalDate())) {
      throw new InvalidInputException("planDeadline", "must be after today (was " + deadline + ")");
    }
    String zone = in.has("timeZone") ? in.text("timeZone", 64) : null;
    if (zone != null && !java.time.ZoneId.getAvailableZoneIds().contains(zone)) {
      throw new InvalidInputException("timeZone", "must be a time zone like Europe/London (was '" + zone + "')");
    }
    long id = programmes.createProgramme(code, in.text("name", 200), budget, cap, deadline,
        in.has("groupSizeLimit") ? Inputs.wholeNumber("groupSizeLimit", body.get("groupSizeLimit"), 1, 30) : 6,
        in.has("sessionCount") ? Inputs.wholeNumber("sessionCount", body.get("sessionCount"), 1, 20) : 3,
        in.has("sessionMinutes") ? Inputs.wholeNumber("sessionMinutes", body.get("sessionMinutes"), 15, 480) : 120,
        in.has("impactReportWeeks") ? Inputs.wholeNumber("impactReportWeeks", body.get("impactReportWeeks"), 1, 104) : 8,
        in.has("followUpMonths") ? Inputs.wholeNumber("followUpMonths", body.get("followUpMonths"), 1, 36) : 6);
    if (zone != null) {
      programmes.setTimeZone(id, zone);
    }
    return programmes.findProgramme(id).orElseThrow();
  }

  @GetMapping("/{code}")
  Programme read(@PathVariable String code) {
    callers.current();
    return programmes.findProgrammeByCode(code)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No programme " + code));
  }
}
