package org.coachgrant.coaching;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coachgrant.programme.Programme;
import org.coachgrant.programme.ProgrammeFigures;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.programme.Setting;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.format.WebFormat;
import org.coachgrant.web.Workspace;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /programmes/{code}/groups}: the coordinator allocates the groups, moves a delegate, schedules,
 * changes and cancels sessions and arranges catch-ups, through {@link Coaching} as the REST API does.
 * Dates and times are entered in the programme's zone.
 */
@Controller
class CoachingPages {

  private final Coaching coaching;
  private final CoachingGroups groups;
  private final Sessions sessions;
  private final ProgrammeRepository programmes;
  private final Workspace workspace;
  private final WebFormat fmt;
  private final ProgrammeFigures figures;

  CoachingPages(Coaching coaching, CoachingGroups groups, Sessions sessions, ProgrammeRepository programmes,
      Workspace workspace, WebFormat fmt, org.camunda.bpm.engine.IdentityService identity, ProgrammeFigures figures) {
    this.figures = figures;
    this.identity = identity;
    this.coaching = coaching;
    this.groups = groups;
    this.sessions = sessions;
    this.programmes = programmes;
    this.workspace = workspace;
    this.fmt = fmt;
  }

  private final org.camunda.bpm.engine.IdentityService identity;

  /** A group, its sessions, and its coach as people know them: by name. */
  public record GroupView(CoachingGroups.Group group, List<Sessions.Session> sessions, String coach) {}

  @GetMapping("/programmes/{code}/groups")
  String page(@PathVariable String code, Model model) {
    workspace.coordinator();
    return render(programme(code), model, Map.of());
  }

  @PostMapping("/programmes/{code}/groups")
  String allocate(@PathVariable String code, Model model, RedirectAttributes redirect) {
    workspace.coordinator();
    Programme programme = programme(code);
    try {
      int allocated = workspace.asSystem(() -> coaching.allocate(code)).size();
      redirect.addFlashAttribute("notice", org.coachgrant.format.Formats.count(allocated, "group", "groups") + " allocated, "
          + (allocated == 1 ? "with its coach." : "each with a coach."));
      return "redirect:/programmes/" + code + "/groups";
    } catch (InvalidInputException e) {
      Workspace.errors(model, List.of(e));
      return render(programme, model, Map.of());
    }
  }

  @PostMapping("/programmes/{code}/groups/moves")
  String move(@PathVariable String code, @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
    workspace.coordinator();
    Programme programme = programme(code);
    try {
      String urn = required(form, "settingUrn");
      int to = org.coachgrant.forms.Inputs.wholeNumber("toGroup", form.get("toGroup"), 1, 10000);
      workspace.asSystem(() -> {
        coaching.move(code, urn, to);
        return null;
      });
      redirect.addFlashAttribute("notice", urn + " moved to group " + to + ".");
      return "redirect:/programmes/" + code + "/groups";
    } catch (InvalidInputException e) {
      Workspace.errors(model, List.of(e));
      return render(programme, model, form);
    }
  }

  @PostMapping("/programmes/{code}/groups/{group}/sessions")
  String schedule(@PathVariable String code, @PathVariable int group, @RequestParam Map<String, String> form, Model model,
      RedirectAttributes redirect) {
    workspace.coordinator();
    Programme programme = programme(code);
    try {
      List<Coaching.SessionInput> input = new ArrayList<>();
      for (int i = 1; i <= programme.sessionCount(); i++) {
        String prefix = "g" + group + "-s" + i + "-";
        input.add(new Coaching.SessionInput(startsAt(form, prefix, "sessions[" + i + "]", programme), null, form.get(prefix + "place")));
      }
      workspace.asSystem(() -> coaching.schedule(code, group, input));
      redirect.addFlashAttribute("notice", "Group " + group + "'s sessions are scheduled; its delegates get their invitations.");
      return "redirect:/programmes/" + code + "/groups";
    } catch (InvalidInputException e) {
      model.addAttribute("errorGroup", group);
      Workspace.errors(model, List.of(fieldOf(e, "g" + group)));
      return render(programme, model, form);
    }
  }

  @PostMapping("/programmes/{code}/sessions/{id}")
  String change(@PathVariable String code, @PathVariable long id, @RequestParam Map<String, String> form, Model model,
      RedirectAttributes redirect) {
    workspace.coordinator();
    Programme programme = programme(code);
    ownSession(programme, id);
    try {
      String prefix = "session" + id + "-";
      Coaching.SessionInput input = new Coaching.SessionInput(startsAt(form, prefix, "session", programme), null, form.get(prefix + "place"));
      workspace.asSystem(() -> coaching.change(id, input));
      redirect.addFlashAttribute("notice", "The session is changed; its delegates get an updated invitation.");
      return "redirect:/programmes/" + code + "/groups";
    } catch (InvalidInputException e) {
      Workspace.errors(model, List.of(fieldOf(e, "session" + id)));
      return render(programme, model, form);
    }
  }

  /**
   * Cancel asks first: the first post shows the check (the session and each delegate whose manager will be emailed)
   * and changes nothing; the second, carrying the revision it was checked against, cancels. A confirmation sent again
   * finds the session cancelled and says so; a session changed in between is shown for checking again.
   */
  @PostMapping("/programmes/{code}/sessions/{id}/cancel")
  String cancel(@PathVariable String code, @PathVariable long id, @RequestParam Map<String, String> form, Model model,
      RedirectAttributes redirect) {
    workspace.coordinator();
    Programme programme = programme(code);
    Sessions.Session session = ownSession(programme, id);
    String back = "redirect:/programmes/" + code + "/groups";
    String which = "Session " + session.number() + " of group " + session.groupNumber();
    Integer revisionWas = revision(form.get("revisionWas"));
    boolean confirmed = "yes".equals(form.get("confirmed")) && revisionWas != null;
    try {
      if (confirmed && workspace.asSystem(() -> coaching.cancelIfStill(id, revisionWas))) {
        redirect.addFlashAttribute("notice", which + " is cancelled; its delegates' managers are told by email.");
        return back;
      }
      session = workspace.asSystem(() -> coaching.cancellable(id));
    } catch (InvalidInputException e) {
      boolean already = "CANCELLED".equals(sessions.find(id).map(Sessions.Session::status).orElse(""));
      redirect.addFlashAttribute("notice", already
          ? which + " is cancelled already: its delegates were told then, and no one is emailed again."
          : which + " was not cancelled: it " + e.getMessage().substring(e.getField().length() + 2) + ".");
      return back;
    }
    List<Told> told = sessions.expected(id).stream()
        .map(d -> new Told(d.settingName(), d.urn(), programmes.findSetting(d.settingId()).map(Setting::managerName)
            .filter(name -> !name.isBlank()).orElse(d.managerId()), d.guest()))
        .toList();
    model.addAttribute("programme", programme);
    model.addAttribute("checked", session);
    model.addAttribute("coach", coachName(session.coachId()));
    model.addAttribute("told", told);
    model.addAttribute("changedSinceCheck", confirmed);
    return "coaching/cancel-check";
  }

  /** Someone who hears of a cancellation: a delegate's setting and its manager, who gets the email. */
  public record Told(String setting, String urn, String manager, boolean guest) {}

  /** The revision the coordinator saw on the check page, or null when the form carries none. */
  private static Integer revision(String value) {
    try {
      return value == null ? null : Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @PostMapping("/programmes/{code}/sessions/{id}/guests")
  String catchUp(@PathVariable String code, @PathVariable long id, @RequestParam Map<String, String> form, Model model,
      RedirectAttributes redirect) {
    workspace.coordinator();
    Programme programme = programme(code);
    ownSession(programme, id);
    try {
      String urn = required(form, "session" + id + "-settingUrn");
      workspace.asSystem(() -> {
        coaching.catchUp(id, urn);
        return null;
      });
      redirect.addFlashAttribute("notice", urn + " joins the session as a catch-up and is invited.");
      return "redirect:/programmes/" + code + "/groups";
    } catch (InvalidInputException e) {
      Workspace.errors(model, List.of(new InvalidInputException("session" + id + "-settingUrn", Workspace.rule(e))));
      return render(programme, model, form);
    }
  }

  /** "Carl Coach", or the user id of a coach with no name on record. */
  private String coachName(String coachId) {
    if (coachId == null) {
      return null;
    }
    org.camunda.bpm.engine.identity.User user = workspace.asSystem(() -> identity.createUserQuery().userId(coachId).singleResult());
    String name = user == null ? "" : ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
        + (user.getLastName() == null ? "" : user.getLastName())).strip();
    return name.isEmpty() ? coachId : name;
  }

  private String render(Programme programme, Model model, Map<String, String> form) {
    List<GroupView> views = groups.groups(programme.id()).stream()
        .map(g -> new GroupView(g, sessions.ofGroup(g.id()), coachName(g.coachId()))).toList();
    Map<String, String> delegates = new LinkedHashMap<>();
    views.forEach(v -> v.group().members().forEach(m ->
        delegates.put(m.urn(), m.settingName() + " (" + m.urn() + "), group " + v.group().number())));
    // a catch-up is in another group's session: each session offers the delegates of the other groups
    Map<Integer, Map<String, String>> catchUpCandidates = new LinkedHashMap<>();
    views.forEach(v -> {
      Map<String, String> others = new LinkedHashMap<>(delegates);
      v.group().members().forEach(m -> others.remove(m.urn()));
      catchUpCandidates.put(v.group().number(), others);
    });
    model.addAttribute("programme", programme);
    model.addAttribute("groups", views);
    model.addAttribute("lateGroups", figures.groupsAfterDeadline(programme).stream()
        .collect(java.util.stream.Collectors.toMap(ProgrammeFigures.LateGroup::number, l -> l)));
    model.addAttribute("delegates", delegates);
    model.addAttribute("catchUpCandidates", catchUpCandidates);
    model.addAttribute("form", form);
    // a time typed here is read in the programme's zone, as every delegate will read it
    model.addAttribute("timeHint", "The programme's local time (" + fmt.zone(programme.timeZone()).getId() + ")");
    return "coaching/groups";
  }

  /** The session's start from the form's date and time fields, in the programme's zone. */
  private java.time.Instant startsAt(Map<String, String> form, String prefix, String field, Programme programme) {
    String date = form.getOrDefault(prefix + "date", "");
    String time = form.getOrDefault(prefix + "time", "");
    if (date.isBlank()) {
      throw new InvalidInputException(field + ".startsAt", "enter the date of the session");
    }
    if (time.isBlank()) {
      throw new InvalidInputException(field + ".startsAt", "enter the time the session starts");
    }
    java.time.LocalDateTime local;
    try {
      local = LocalDate.parse(date.strip()).atTime(LocalTime.parse(time.strip()));
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(field + ".startsAt", "enter a real date and a time like 13:30");
    }
    java.time.ZoneId zone = fmt.zone(programme.timeZone());
    if (zone.getRules().getValidOffsets(local).isEmpty()) {
      // the hour the clocks go forward: 01:30 on that day never happens where the programme runs
      throw new InvalidInputException(field + ".startsAt", "that time does not happen on that day in " + zone.getId()
          + " (the clocks go forward): enter another");
    }
    return local.atZone(zone).toInstant();
  }

  /** The service's field ("sessions[2].place") as the form's input id ("g1-s2-place"), so the error sits beside it. */
  private static InvalidInputException fieldOf(InvalidInputException e, String form) {
    String field = e.getField();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("sessions\\[(\\d+)]\\.(\\w+)").matcher(field);
    String id;
    if (m.matches()) {
      id = form + "-s" + m.group(1) + "-" + (m.group(2).equals("startsAt") ? "date" : m.group(2));
    } else if (field.startsWith("session.") || field.equals("startsAt") || field.equals("place")) {
      String part = field.substring(field.indexOf('.') + 1);
      id = form + "-" + (part.equals("startsAt") ? "date" : part);
    } else {
      id = form + "-" + field;
    }
    return new InvalidInputException(id, Workspace.rule(e));
  }

  private Sessions.Session ownSession(Programme programme, long id) {
    return sessions.find(id).filter(s -> s.programmeId() == programme.id())
        .orElseThrow(() -> Workspace.notFound("No session " + id + " in " + programme.code()));
  }

  private static String required(Map<String, String> form, String field) {
    String value = form.get(field);
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, "choose a delegate");
    }
    return value.strip();
  }

  private Programme programme(String code) {
    return programmes.findProgrammeByCode(code).orElseThrow(() -> Workspace.notFound("No programme " + code));
  }
}
