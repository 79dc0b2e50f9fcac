package org.coachgrant.programme;

import java.util.Map;
import java.util.Set;
import org.coachgrant.admin.Roles;
import org.coachgrant.system.Callers;
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
  Programme read(@PathVariable String code) {
    callers.current();
    return programmes.findProgrammeByCode(code)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No programme " + code));
  }
}
