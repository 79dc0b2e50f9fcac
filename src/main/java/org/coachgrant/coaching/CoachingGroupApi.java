package org.coachgrant.coaching;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.coachgrant.admin.Roles;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.security.Callers;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/programmes/{code}/groups}: coordinators allocate the coaching groups and move delegates. */
@RestController
@RequestMapping("/api/programmes/{code}/groups")
class CoachingGroupApi {

  private static final Set<String> COORDINATION = Set.of(Roles.COORDINATORS, Roles.ADMINISTRATORS);

  private final CoachingGroups groups;
  private final Coaching coaching;
  private final ProgrammeRepository programmes;
  private final Callers callers;

  CoachingGroupApi(CoachingGroups groups, Coaching coaching, ProgrammeRepository programmes, Callers callers) {
    this.groups = groups;
    this.coaching = coaching;
    this.programmes = programmes;
    this.callers = callers;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  List<CoachingGroups.Group> allocate(@PathVariable String code) {
    callers.requireAnyOf(COORDINATION, "Only coordinators allocate coaching groups");
    // the coaches are users the coordinator may not list in Admin
    return callers.asSystem(() -> coaching.allocate(code));
  }

  @GetMapping
  List<CoachingGroups.Group> list(@PathVariable String code) {
    callers.requireAnyOf(Set.of(Roles.COORDINATORS, Roles.ADMINISTRATORS, Roles.COACHES), "Only coordinators and coaches see the groups");
    return groups.groups(programmes.findProgrammeByCode(code).orElseThrow(() ->
        new InvalidInputException("code", "no programme has the code '" + code + "'")).id());
  }

  @PostMapping("/moves")
  List<CoachingGroups.Group> move(@PathVariable String code, @RequestBody Map<String, Object> body) {
    callers.requireAnyOf(COORDINATION, "Only coordinators move delegates");
    Inputs in = new Inputs(body);
    callers.asSystem(() -> {
      coaching.move(code, in.text("settingUrn", 20), Inputs.wholeNumber("toGroup", body.get("toGroup"), 1, 10000));
      return null;
    });
    return list(code);
  }
}
