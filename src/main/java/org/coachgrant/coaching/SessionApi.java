package org.coachgrant.coaching;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.coachgrant.admin.Roles;
import org.coachgrant.security.Callers;
import org.coachgrant.forms.InvalidInputException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Coordinators schedule a group's sessions ({@code POST /api/programmes/{code}/groups/{n}/sessions}),
 * change or cancel one ({@code PUT}/{@code DELETE /api/sessions/{id}}) and add a catch-up guest
 * ({@code POST /api/sessions/{id}/guests}). Times are ISO instants, e.g. {@code 2027-06-09T13:30:00Z}.
 */
@RestController
class SessionApi {

  private static final Set<String> COORDINATION = Set.of(Roles.COORDINATORS, Roles.ADMINISTRATORS);

  private final Coaching coaching;
  private final Callers callers;

  SessionApi(Coaching coaching, Callers callers) {
    this.coaching = coaching;
    this.callers = callers;
  }

  @PostMapping("/api/programmes/{code}/groups/{group}/sessions")
  List<Sessions.Session> schedule(@PathVariable String code, @PathVariable int group, @RequestBody List<Map<String, Object>> body) {
    callers.requireAnyOf(COORDINATION, "Only coordinators schedule sessions");
    List<Coaching.SessionInput> input = new java.util.ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      input.add(input(body.get(i), "sessions[" + (i + 1) + "]"));
    }
    return callers.asSystem(() -> coaching.schedule(code, group, input));
  }

  @PutMapping("/api/sessions/{id}")
  Sessions.Session change(@PathVariable long id, @RequestBody Map<String, Object> body) {
    callers.requireAnyOf(COORDINATION, "Only coordinators change sessions");
    return callers.asSystem(() -> coaching.change(id, input(body, "session")));
  }

  @DeleteMapping("/api/sessions/{id}")
  Sessions.Session cancel(@PathVariable long id) {
    callers.requireAnyOf(COORDINATION, "Only coordinators cancel sessions");
    return callers.asSystem(() -> coaching.cancel(id));
  }

  @PostMapping("/api/sessions/{id}/guests")
  Map<String, Object> catchUp(@PathVariable long id, @RequestBody Map<String, Object> body) {
    callers.requireAnyOf(COORDINATION, "Only coordinators arrange catch-ups");
    String urn = body.get("settingUrn") instanceof String s ? s : null;
    if (urn == null || urn.isBlank()) {
      throw new InvalidInputException("settingUrn", "is required");
    }
    callers.asSystem(() -> {
      coaching.catchUp(id, urn);
      return null;
    });
    return Map.of("session", id, "guest", urn);
  }

  private static Coaching.SessionInput input(Map<String, Object> body, String field) {
    for (String name : body.keySet()) {
      if (!Set.of("startsAt", "minutes", "place").contains(name)) {
        throw new InvalidInputException(field + "." + name, "is not a field of a session");
      }
    }
    Instant startsAt;
    try {
      startsAt = body.get("startsAt") == null ? null : Instant.parse(body.get("startsAt").toString());
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(field + ".startsAt", "must be a time like 2027-06-09T13:30:00Z");
    }
    Integer minutes = body.get("minutes") == null ? null
        : org.coachgrant.forms.Inputs.wholeNumber(field + ".minutes", body.get("minutes"), 15, 480);
    return new Coaching.SessionInput(startsAt, minutes, body.get("place") == null ? null : body.get("place").toString());
  }
}
