package org.coachgrant.goals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.coachgrant.programme.Programme;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.programme.Setting;
import org.coachgrant.security.Callers;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.web.Workspace;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A manager's own coaching goals, for {@code /my} and {@code /api/my/goals}: looked up from the signed-in person's id,
 * never from the request, so a setting or programme that is not theirs is "not found". Goals are edited once they are
 * asked for (session 1 attended); while the task "Your coaching goals" is open, saving them completes it, so the
 * process goes on as if the task's form had been sent.
 */
@Component
@Transactional
public class MyGoals {

  /** One setting's goals in one programme, as its manager reads them. */
  public record Part(String programmeCode, String programmeName, String settingUrn, String settingName, boolean askedFor,
      String taskId, List<CoachingGoals.StoredGoal> goals, List<CoachingGoals.Review> reviews,
      List<CoachingGoals.HistoryEntry> history) {

    /** The reviews of the goal at {@code position}, session by session. */
    public List<CoachingGoals.Review> reviewsOf(int position) {
      return reviews.stream().filter(r -> r.position() == position).toList();
    }
  }

  private final ProgrammeRepository programmes;
  private final CoachingGoals goals;
  private final RuntimeService runtime;
  private final TaskService tasks;
  private final Callers callers;

  MyGoals(ProgrammeRepository programmes, CoachingGoals goals, @Lazy RuntimeService runtime, @Lazy TaskService tasks,
      Callers callers) {
    this.callers = callers;
    this.programmes = programmes;
    this.goals = goals;
    this.runtime = runtime;
    this.tasks = tasks;
  }

  /** Every setting the person manages, in every programme it is enrolled in. */
  @Transactional(readOnly = true)
  public List<Part> of(String userId) {
    List<Part> parts = new ArrayList<>();
    for (Setting setting : programmes.settingsManagedBy(userId)) {
      for (ProgrammeRepository.Enrolled enrolled : programmes.enrolmentsOf(setting.id())) {
        parts.add(part(setting, enrolled.programme()));
      }
    }
    return parts;
  }

  /** For {@code /my}: the setting's goals in the programme, when the signed-in person manages it; else null. */
  @Transactional(readOnly = true)
  public Part mine(Setting setting, Programme programme) {
    return callers.current().getUserId().equals(setting.managerUserId()) ? part(setting, programme) : null;
  }

  /**
   * The one part the request names (programme code and setting URN, each optional when the person has one only): 404
   * when it is not theirs; 400 naming {@code programme} (or {@code settingUrn}) when the person has several and did not
   * say which.
   */
  @Transactional(readOnly = true)
  public Part one(String userId, String programmeCode, String settingUrn) {
    List<Part> matching = of(userId).stream()
        .filter(p -> programmeCode == null || p.programmeCode().equals(programmeCode))
        .filter(p -> settingUrn == null || p.settingUrn().equals(settingUrn)).toList();
    if (matching.isEmpty()) {
      throw Workspace.notFound("No coaching goals of yours there");
    }
    if (matching.size() > 1) {
      // the caller's own programmes and settings, so saying which is missing tells them nothing of anyone else's
      boolean programmes = matching.stream().map(Part::programmeCode).distinct().count() > 1;
      throw programmes
          ? new InvalidInputException("programme", "is required when you take part in more than one programme")
          : new InvalidInputException("settingUrn", "is required when you manage more than one setting in the programme");
    }
    return matching.get(0);
  }

  /** Saves the person's goals (checked as the form checks them); 409 before they are asked for. */
  public Part save(String userId, String programmeCode, String settingUrn, List<CoachingGoals.Goal> wanted) {
    Part part = one(userId, programmeCode, settingUrn);
    List<CoachingGoals.Goal> checked = CoachingGoals.checked(wanted);
    if (!part.askedFor()) {
      throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.CONFLICT,
          "Your coaching goals are asked for after your first coaching session");
    }
    Programme programme = programmes.findProgrammeByCode(part.programmeCode()).orElseThrow();
    Setting setting = programmes.findSettingByUrn(part.settingUrn()).orElseThrow();
    if (part.taskId() != null) {
      Map<String, Object> values = new java.util.HashMap<>();
      for (int n = 1; n <= checked.size(); n++) {
        values.put("goal" + n, checked.get(n - 1).goal());
        values.put("goalWhy" + n, checked.get(n - 1).whyItMatters());
        values.put("goalKnow" + n, checked.get(n - 1).howWeKnow());
      }
      tasks.complete(part.taskId(), values);
    } else {
      goals.set(programme.id(), setting.id(), checked, userId);
    }
    return one(userId, part.programmeCode(), part.settingUrn());
  }

  private Part part(Setting setting, Programme programme) {
    String key = CoachingGoalsProcess.businessKey(programme.code(), setting.urn());
    List<CoachingGoals.StoredGoal> current = goals.current(programme.id(), setting.id());
    Task open = callers.asSystem(() -> tasks.createTaskQuery().processDefinitionKey(CoachingGoalsProcess.KEY).processInstanceBusinessKey(key)
        .taskDefinitionKey(CoachingGoalsProcess.TASK_SET_GOALS).singleResult());
    boolean askedFor = !current.isEmpty() || open != null || callers.asSystem(() ->
        runtime.createProcessInstanceQuery().processDefinitionKey(CoachingGoalsProcess.KEY).processInstanceBusinessKey(key).count() > 0);
    return new Part(programme.code(), programme.name(), setting.urn(), setting.name(), askedFor,
        open == null ? null : open.getId(), current, goals.reviews(programme.id(), setting.id()),
        goals.history(programme.id(), setting.id()));
  }
}
