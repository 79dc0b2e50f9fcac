package org.coachgrant.coachnotes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.coachgrant.admin.People;
import org.coachgrant.admin.Roles;
import org.coachgrant.coaching.CoachingGroups;
import org.coachgrant.coaching.SessionTimes;
import org.coachgrant.coaching.Sessions;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.programme.Programme;
import org.coachgrant.security.Callers;
import org.coachgrant.time.EngineTime;
import org.coachgrant.web.Workspace;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /my/groups/{groupId}}: a coach's own page for a group they coach: each session's delegates with their
 * attendance and the coach's private note on each, and the time the coach recorded for the group. The same services
 * as {@link CoachingNotesApi}. Anyone not a coach is refused (403) before the group is looked up; a coach of another
 * group gets 404.
 */
@Controller
class CoachGroupPages {

  private static final Set<String> COACHES = Set.of(Roles.COACHES);
  private static final String ONLY_COACHES = "Only the coach of a group has its page";

  /** A delegate at a session, whether they came, and the coach's note on them. */
  record DelegateLine(String managerId, String managerName, String settingName, String urn, boolean guest,
      String attendance, String field, String note, Instant noteUpdatedAt) {}

  record SessionPart(long id, int number, String when, String place, boolean cancelled, List<DelegateLine> delegates) {}

  private static final Map<String, String> TIME_LABELS = Map.of("date", "Date", "kind", "Kind of time", "hours", "Hours",
      "minutes", "Minutes", "note", "Note (optional)");

  private final Callers callers;
  private final CoachingNotes notes;
  private final CoachTime time;
  private final Sessions sessions;
  private final SessionTimes times;
  private final People people;

  CoachGroupPages(Callers callers, CoachingNotes notes, CoachTime time, Sessions sessions, SessionTimes times,
      People people) {
    this.callers = callers;
    this.notes = notes;
    this.time = time;
    this.sessions = sessions;
    this.times = times;
    this.people = people;
  }

  @GetMapping("/my/groups/{groupId}")
  String page(@PathVariable long groupId, @RequestParam(required = false) Long edit, Model model) {
    String coach = coach();
    Map<String, Object> form = new HashMap<>();
    if (edit != null) {
      CoachTime.Entry entry = callers.asSystem(() -> time.entry(coach, groupId, edit));
      form.put("date", entry.workedOn().toString());
      form.put("kind", entry.kind());
      form.put("hours", String.valueOf(entry.wholeHours()));
      form.put("minutes", String.valueOf(entry.minutesPast()));
      form.put("note", entry.note() == null ? "" : entry.note());
      model.addAttribute("editing", entry);
    }
    return render(coach, groupId, model, form, Map.of());
  }

  @PostMapping("/my/groups/{groupId}/sessions/{number}/notes/{managerId}")
  String note(@PathVariable long groupId, @PathVariable int number, @PathVariable String managerId,
      @RequestParam(name = "text", required = false) String text, Model model, RedirectAttributes redirect) {
    String coach = coach();
    try {
      callers.asSystem(() -> notes.write(coach, groupId, number, managerId, text == null ? "" : text));
      redirect.addFlashAttribute("notice", "Your note for session " + number + " is saved. Only you and the manager read it.");
      return "redirect:/my/groups/" + groupId + "#" + field(number, managerId);
    } catch (InvalidInputException e) {
      String field = field(number, managerId);
      errors(model, Map.of(field, Workspace.rule(e)), Map.of(field, "Your note on "
          + people.name(managerId) + ", session " + number));
      return render(coach, groupId, model, Map.of(), Map.of(field, text == null ? "" : text));
    }
  }

  @PostMapping("/my/groups/{groupId}/time")
  String record(@PathVariable long groupId, @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
    String coach = coach();
    List<InvalidInputException> problems = callers.asSystem(() -> time.problems(coach, groupId, form, null));
    if (problems.isEmpty()) {
      try {
        CoachTime.Entry entry = callers.asSystem(() -> time.record(coach, groupId, form));
        redirect.addFlashAttribute("notice", entry.duration() + " of " + entry.kindLabel().toLowerCase(java.util.Locale.ROOT)
            + " recorded.");
        return "redirect:/my/groups/" + groupId + "#time";
      } catch (InvalidInputException e) {
        problems = List.of(e);
      }
    }
    errors(model, byField(problems), TIME_LABELS);
    return render(coach, groupId, model, new HashMap<>(form), Map.of());
  }

  @PostMapping("/my/groups/{groupId}/time/{id}")
  String change(@PathVariable long groupId, @PathVariable long id, @RequestParam Map<String, String> form, Model model,
      RedirectAttributes redirect) {
    String coach = coach();
    CoachTime.Entry editing = callers.asSystem(() -> time.entry(coach, groupId, id));
    List<InvalidInputException> problems = callers.asSystem(() -> time.problems(coach, groupId, form, id));
    if (problems.isEmpty()) {
      try {
        callers.asSystem(() -> time.change(coach, groupId, id, form));
        redirect.addFlashAttribute("notice", "Your time entry is changed.");
        return "redirect:/my/groups/" + groupId + "#time";
      } catch (InvalidInputException e) {
        problems = List.of(e);
      }
    }
    model.addAttribute("editing", editing);
    errors(model, byField(problems), TIME_LABELS);
    return render(coach, groupId, model, new HashMap<>(form), Map.of());
  }

  @PostMapping("/my/groups/{groupId}/time/{id}/delete")
  String delete(@PathVariable long groupId, @PathVariable long id, RedirectAttributes redirect) {
    String coach = coach();
    callers.asSystem(() -> {
      time.delete(coach, groupId, id);
      return null;
    });
    redirect.addFlashAttribute("notice", "Your time entry is deleted.");
    return "redirect:/my/groups/" + groupId + "#time";
  }

  private String coach() {
    return callers.requireAnyOf(COACHES, ONLY_COACHES).getUserId();
  }

  static String field(int session, String managerId) {
    return "note-s" + session + "-" + managerId;
  }

  /** Each field's first problem, in the form's order. */
  private static Map<String, String> byField(List<InvalidInputException> problems) {
    Map<String, String> byField = new java.util.LinkedHashMap<>();
    problems.forEach(p -> byField.putIfAbsent(p.getField(), Workspace.rule(p)));
    return byField;
  }

  private static void errors(Model model, Map<String, String> byField, Map<String, String> labels) {
    model.addAttribute("errors", byField);
    model.addAttribute("errorSummary", byField.entrySet().stream().map(e -> new Workspace.SummaryLine(e.getKey(),
        labels.getOrDefault(e.getKey(), e.getKey()) + ": " + e.getValue().substring(0, 1).toLowerCase(java.util.Locale.ROOT)
            + e.getValue().substring(1))).toList());
  }

  private String render(String coach, long groupId, Model model, Map<String, Object> form, Map<String, String> typed) {
    return callers.asSystem(() -> {
      CoachingGroups.Group group = notes.coachedGroup(coach, groupId);
      Programme programme = time.programmeOf(groupId);
      Map<String, CoachingNotes.Note> written = notes.writtenIn(coach, groupId).stream()
          .collect(Collectors.toMap(n -> n.sessionId() + "/" + n.settingId(), Function.identity()));
      List<SessionPart> parts = new ArrayList<>();
      Map<String, String> names = new HashMap<>();
      Instant now = EngineTime.now().toInstant();
      for (Sessions.Session session : sessions.ofGroup(groupId)) {
        List<DelegateLine> lines = new ArrayList<>();
        for (Sessions.Delegate d : sessions.expected(session.id())) {
          Boolean came = sessions.attendanceOf(d.settingId()).get(session.id());
          CoachingNotes.Note note = written.get(session.id() + "/" + d.settingId());
          String field = field(session.number(), d.managerId());
          lines.add(new DelegateLine(d.managerId(), names.computeIfAbsent(d.managerId(), people::name), d.settingName(),
              d.urn(), d.guest(), attendance(session, came, now), field,
              typed.containsKey(field) ? typed.get(field) : note == null ? "" : note.text(),
              note == null ? null : note.updatedAt()));
        }
        parts.add(new SessionPart(session.id(), session.number(), times.when(session), session.place(),
            "CANCELLED".equals(session.status()), lines));
      }
      List<CoachTime.Entry> entries = time.entries(coach, groupId);
      model.addAttribute("programme", programme);
      model.addAttribute("group", group);
      model.addAttribute("sessions", parts);
      model.addAttribute("entries", entries);
      model.addAttribute("recorded", CoachTime.duration(entries.stream().mapToLong(CoachTime.Entry::minutes).sum()));
      model.addAttribute("kinds", CoachTime.KINDS);
      model.addAttribute("form", form);
      return "coachnotes/group";
    });
  }

  private static String attendance(Sessions.Session session, Boolean came, Instant now) {
    if (came != null) {
      return came ? "Attended" : "Missed";
    }
    if ("CANCELLED".equals(session.status())) {
      return "Cancelled";
    }
    return session.startsAt().isAfter(now) ? "To come" : "Not recorded yet";
  }
}
