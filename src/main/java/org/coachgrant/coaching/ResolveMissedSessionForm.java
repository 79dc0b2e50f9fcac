package org.coachgrant.coaching;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.programme.Programme;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.programme.Setting;
import org.coachgrant.security.CurrentUser;
import org.coachgrant.forms.FormText;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.Json;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.security.SystemAccess;
import org.coachgrant.forms.TaskFormHandler;
import org.coachgrant.goals.CoachingGoalsProcess;
import org.springframework.stereotype.Component;

/**
 * {@code resolve-missed-session}: for a delegate still missing a session after their group's last, the
 * coordinator arranges a catch-up in another group's session of the same number, waives the missed
 * sessions (with a reason: the plan is requested at once) or withdraws the setting (with a reason).
 */
@Component
class ResolveMissedSessionForm implements TaskFormHandler {

  private final Sessions sessions;
  private final ProgrammeRepository programmes;
  private final Coaching coaching;
  private final CurrentUser currentUser;
  private final SessionTimes times;

  ResolveMissedSessionForm(Sessions sessions, ProgrammeRepository programmes, Coaching coaching, CurrentUser currentUser,
      SessionTimes times) {
    this.sessions = sessions;
    this.times = times;
    this.programmes = programmes;
    this.coaching = coaching;
    this.currentUser = currentUser;
  }

  @Override
  public String formId() {
    return "resolve-missed-session";
  }

  @Override
  public Set<String> fields() {
    return Set.of("missedDecision", "catchUpSession", "missedReason");
  }

  @Override
  public void prepare(DelegateTask task) {
    Setting setting = setting(task);
    Programme programme = programme(task);
    List<Integer> missing = sessions.missing(programme.id(), setting.id(), programme.sessionCount());
    task.setVariableLocal("settingName", FormText.markdown(setting.name()));
    task.setVariableLocal("missed", FormText.markdown(missing.stream().map(n -> "session " + n).collect(Collectors.joining(", "))));
    task.setVariableLocal("catchUpOptions", SpinValues.jsonValue(Json.write(catchUps(task, missing).stream()
        .map(s -> Map.of("label", SessionEmailModel.title(s, programme.sessionCount()) + ", " + times.when(s),
            "value", String.valueOf(s.id())))
        .toList())).create());
  }

  @Override
  public void complete(DelegateTask task, Inputs inputs) {
    Setting setting = setting(task);
    Programme programme = programme(task);
    String by = currentUser.id(task);
    List<Integer> missing = sessions.missing(programme.id(), setting.id(), programme.sessionCount());
    switch (inputs.choice("missedDecision", Set.of("catchUp", "waive", "withdraw"))) {
      case "catchUp" -> {
        String chosen = inputs.text("catchUpSession", 20);
        Sessions.Session session = catchUps(task, missing).stream().filter(s -> String.valueOf(s.id()).equals(chosen))
            .findFirst().orElseThrow(() -> new InvalidInputException("catchUpSession",
                "must be another group's session of a missed number, still to come (was '" + chosen + "')"));
        sessions.decide(programme.id(), setting.id(), "CATCH_UP", session.number(), "Session " + session.id(), by);
        SystemAccess.run(() -> coaching.catchUp(session.id(), setting.urn()));
      }
      case "waive" -> {
        String reason = inputs.text("missedReason", Inputs.LONG_TEXT);
        sessions.waiveMissing(programme.id(), setting.id(), programme.sessionCount(), reason, by);
        SystemAccess.run(() -> coaching.requestPlanIfComplete(programme.id(), setting.id()));
        SystemAccess.run(() -> CoachingGoalsProcess.attendanceChanged(task.getProcessEngineServices().getRuntimeService(),
            programme.code(), setting.urn()));
      }
      default -> {
        String reason = inputs.text("missedReason", Inputs.LONG_TEXT);
        sessions.decide(programme.id(), setting.id(), "WITHDRAWN", null, reason, by);
        programmes.withdraw(programme.id(), setting.id());
        SystemAccess.run(() -> CoachingGoalsProcess.attendanceChanged(task.getProcessEngineServices().getRuntimeService(),
            programme.code(), setting.urn()));
      }
    }
  }

  private List<Sessions.Session> catchUps(DelegateTask task, List<Integer> missing) {
    long groupId = CoachingProcess.GROUP_ID.require(task);
    return missing.stream().flatMap(n -> sessions.catchUps(programme(task).id(), groupId, n).stream()).toList();
  }

  private Setting setting(DelegateTask task) {
    return programmes.findSettingByUrn(CoachingProcess.SETTING_URN.require(task)).orElseThrow();
  }

  private Programme programme(DelegateTask task) {
    return programmes.findProgramme(CoachingProcess.PROGRAMME_ID.require(task)).orElseThrow();
  }
}
