package org.coachgrant.coaching;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.security.CurrentUser;
import org.coachgrant.forms.FormText;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.Json;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.security.SystemAccess;
import org.coachgrant.forms.TaskFormHandler;
import org.coachgrant.goals.CoachingGoalsProcess;
import org.coachgrant.programme.ProgrammeRepository;
import org.springframework.stereotype.Component;

/**
 * {@code record-attendance}: the coach ticks who came. Everyone expected is recorded, present or absent;
 * each attendee is asked for feedback (and, after session 1, for their coaching goals; after a later one, a goals
 * review waiting for the session becomes due), and a manager whose attendance is now complete has their
 * training plan requested at once.
 */
@Component
class RecordAttendanceForm implements TaskFormHandler {

  private final CoachingSessions coachingSessions;
  private final Sessions sessions;
  private final Coaching coaching;
  private final CurrentUser currentUser;
  private final ProgrammeRepository programmes;

  RecordAttendanceForm(CoachingSessions coachingSessions, Sessions sessions, Coaching coaching, CurrentUser currentUser,
      ProgrammeRepository programmes) {
    this.programmes = programmes;
    this.coachingSessions = coachingSessions;
    this.sessions = sessions;
    this.coaching = coaching;
    this.currentUser = currentUser;
  }

  @Override
  public String formId() {
    return "record-attendance";
  }

  @Override
  public Set<String> fields() {
    return Set.of("attended");
  }

  @Override
  public void prepare(DelegateTask task) {
    Sessions.Session session = coachingSessions.current(task.getExecution());
    task.setVariableLocal("sessionTitle",
        FormText.markdown(SessionEmailModel.title(session, coachingSessions.numbers(task.getExecution()).size())));
    List<Map<String, String>> options = sessions.expected(session.id()).stream()
        .map(d -> Map.of("label", d.settingName() + (d.guest() ? " (catching up)" : ""), "value", d.urn())).toList();
    task.setVariableLocal("delegateOptions", SpinValues.jsonValue(Json.write(options)).create());
  }

  @Override
  public void complete(DelegateTask task, Inputs inputs) {
    Sessions.Session session = coachingSessions.current(task.getExecution());
    List<Sessions.Delegate> expected = sessions.expected(session.id());
    Set<String> attended = new HashSet<>();
    JsonNode ticked = inputs.json("attended");
    if (ticked != null && !ticked.isNull()) {
      if (!ticked.isArray()) {
        throw new InvalidInputException("attended", "must be a list of the delegates who attended");
      }
      ticked.forEach(urn -> attended.add(urn.asText()));
    }
    for (String urn : attended) {
      if (expected.stream().noneMatch(d -> d.urn().equals(urn))) {
        throw new InvalidInputException("attended", urn + " is not expected at this session");
      }
    }
    sessions.recordAttendance(session.id(), expected, attended, currentUser.id(task));
    String programmeCode = programmes.findProgramme(session.programmeId()).orElseThrow().code();
    SystemAccess.run(() -> expected.stream().filter(d -> attended.contains(d.urn())).forEach(d -> {
      RuntimeService runtime = task.getProcessEngineServices().getRuntimeService();
      runtime.startProcessInstanceByKey(CoachingProcess.FEEDBACK_KEY,
          Map.of(CoachingProcess.SESSION_ID.name(), session.id(), CoachingProcess.MANAGER_ID.name(), d.managerId(),
              CoachingProcess.SETTING_URN.name(), d.urn()));
      CoachingGoalsProcess.attended(runtime, programmeCode, session.programmeId(), d.urn(), d.settingId(), d.managerId(),
          session.number());
      coaching.requestPlanIfComplete(session.programmeId(), d.settingId());
    }));
  }
}
