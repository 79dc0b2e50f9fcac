package org.coachgrant.coachnotes;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.coachgrant.admin.Roles;
import org.coachgrant.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Coaching notes and coach's time over JSON. A coach reads and writes their own note on a delegate at a session of a
 * group they coach ({@code GET/PUT /api/groups/{groupId}/sessions/{n}/notes/{managerId}}, body {@code {"text": …}})
 * and records their time ({@code /api/groups/{groupId}/time}); a manager reads the notes about themselves
 * ({@code GET /api/my/notes}). Anyone not a coach (or, for {@code /api/my/notes}, not a manager) is refused with 403
 * before anything is looked up; a coach asking about a group, session or delegate not theirs gets 404.
 */
@RestController
class CoachingNotesApi {

  private static final Set<String> COACHES = Set.of(Roles.COACHES);
  private static final Set<String> MANAGERS = Set.of(Roles.MANAGERS);
  private static final String ONLY_COACHES = "Only the coach of a group keeps its notes and time";

  private final CoachingNotes notes;
  private final CoachTime time;
  private final Callers callers;

  CoachingNotesApi(CoachingNotes notes, CoachTime time, Callers callers) {
    this.notes = notes;
    this.time = time;
    this.callers = callers;
  }

  @GetMapping("/api/groups/{groupId}/sessions/{number}/notes/{managerId}")
  CoachingNotes.Note note(@PathVariable long groupId, @PathVariable int number, @PathVariable String managerId) {
    String coach = callers.requireAnyOf(COACHES, ONLY_COACHES).getUserId();
    return callers.asSystem(() -> notes.note(coach, groupId, number, managerId));
  }

  @PutMapping("/api/groups/{groupId}/sessions/{number}/notes/{managerId}")
  CoachingNotes.Note write(@PathVariable long groupId, @PathVariable int number, @PathVariable String managerId,
      @RequestBody Map<String, Object> body) {
    String coach = callers.requireAnyOf(COACHES, ONLY_COACHES).getUserId();
    for (String name : body.keySet()) {
      if (!"text".equals(name)) {
        throw new org.coachgrant.forms.InvalidInputException(name, "is not a field of a note (text)");
      }
    }
    return callers.asSystem(() -> notes.write(coach, groupId, number, managerId, body.get("text")));
  }

  @GetMapping("/api/my/notes")
  List<CoachingNotes.AboutMe> aboutMe() {
    String manager = callers.requireAnyOf(MANAGERS, "Only managers have notes written about them").getUserId();
    return callers.asSystem(() -> notes.about(manager));
  }

  @GetMapping("/api/groups/{groupId}/time")
  List<CoachTime.Entry> time(@PathVariable long groupId) {
    String coach = callers.requireAnyOf(COACHES, ONLY_COACHES).getUserId();
    return callers.asSystem(() -> time.entries(coach, groupId));
  }

  @PostMapping("/api/groups/{groupId}/time")
  @ResponseStatus(HttpStatus.CREATED)
  CoachTime.Entry record(@PathVariable long groupId, @RequestBody Map<String, Object> body) {
    String coach = callers.requireAnyOf(COACHES, ONLY_COACHES).getUserId();
    return callers.asSystem(() -> time.record(coach, groupId, body));
  }

  @PutMapping("/api/groups/{groupId}/time/{id}")
  CoachTime.Entry change(@PathVariable long groupId, @PathVariable long id, @RequestBody Map<String, Object> body) {
    String coach = callers.requireAnyOf(COACHES, ONLY_COACHES).getUserId();
    return callers.asSystem(() -> time.change(coach, groupId, id, body));
  }

  @DeleteMapping("/api/groups/{groupId}/time/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable long groupId, @PathVariable long id) {
    String coach = callers.requireAnyOf(COACHES, ONLY_COACHES).getUserId();
    callers.asSystem(() -> {
      time.delete(coach, groupId, id);
      return null;
    });
  }
}
