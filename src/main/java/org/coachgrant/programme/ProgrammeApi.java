package org.coachgrant.programme;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.coachgrant.admin.Roles;
import org.coachgrant.security.Callers;
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
 * {@code coachgrant.time-zone}; what its grant letters say: issuing body, contact's name and email, terms, else
 * {@code coachgrant.letter.*} and the standard terms). Coordinators, reviewers and administrators read a programme whole; the
 * managers and coaches who take part in it read its {@link Outline}, without the budget; nobody else reads it.
 */
@RestController
@RequestMapping("/api/programmes")
class ProgrammeApi {

  /** Who sees a programme's budget and what is committed of it: the same people as its dashboard. */
  static final Set<String> BUDGET_READERS = Set.of(Roles.COORDINATORS, Roles.REVIEWERS, Roles.SENIOR_REVIEWERS,
      Roles.ADMINISTRATORS);

  /** A programme as the managers and coaches in it read it: its rules and dates, not its money. */
  record Outline(String code, String name, BigDecimal grantCap, int groupSizeLimit, int sessionCount, int sessionMinutes,
      LocalDate planDeadline, String timeZone, int impactReportWeeks, int followUpMonths, int reviewWorkingDays) {

    static Outline of(Programme p) {
      return new Outline(p.code(), p.name(), p.grantCap(), p.groupSizeLimit(), p.sessionCount(), p.sessionMinutes(),
          p.planDeadline(), p.timeZone(), p.impactReportWeeks(), p.followUpMonths(), p.reviewWorkingDays());
    }
  }

  private final ProgrammeRepository programmes;
  private final ProgrammeSetup setup;
  private final Callers callers;

  ProgrammeApi(ProgrammeRepository programmes, ProgrammeSetup setup, Callers callers) {
    this.programmes = programmes;
    this.setup = setup;
    this.callers = callers;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Programme create(@RequestBody Map<String, Object> body) {
    callers.requireAnyOf(Set.of(Roles.COORDINATORS, Roles.ADMINISTRATORS), "Only coordinators create programmes");
    return setup.create(body);
  }

  @GetMapping("/{code}")
  Object read(@PathVariable String code) {
    Authentication caller = callers.current();
    Programme programme = programmes.findProgrammeByCode(code)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No programme " + code));
    if (callers.isIn(caller, BUDGET_READERS)) {
      return programme;
    }
    if (programmes.takesPart(programme.id(), caller.getUserId())) {
      return Outline.of(programme);
    }
    throw new ResponseStatusException(HttpStatus.FORBIDDEN,
        "Only the programme's coordinators, reviewers, and the managers and coaches taking part in it read it");
  }
}
