package org.coachgrant.coaching;

import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.forms.FormText;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.TaskFormHandler;
import org.springframework.stereotype.Component;

/** {@code give-session-feedback}: a rating from 1 to 5 and a comment, stored per session. */
@Component
class GiveSessionFeedbackForm implements TaskFormHandler {

  private final Sessions sessions;
  private final ProgrammeRepository programmes;

  GiveSessionFeedbackForm(Sessions sessions, ProgrammeRepository programmes) {
    this.sessions = sessions;
    this.programmes = programmes;
  }

  @Override
  public String formId() {
    return "give-session-feedback";
  }

  @Override
  public Set<String> fields() {
    return Set.of("rating", "comment");
  }

  @Override
  public void prepare(DelegateTask task) {
    Sessions.Session session = sessions.find(CoachingProcess.SESSION_ID.require(task)).orElseThrow();
    int count = programmes.findProgramme(session.programmeId()).orElseThrow().sessionCount();
    task.setVariableLocal("sessionTitle", FormText.markdown(SessionEmailModel.title(session, count)));
  }

  @Override
  public void complete(DelegateTask task, Inputs inputs) {
    long settingId = programmes.findSettingByUrn(CoachingProcess.SETTING_URN.require(task)).orElseThrow().id();
    sessions.feedback(CoachingProcess.SESSION_ID.require(task), settingId,
        Inputs.wholeNumber("rating", inputs.value("rating"), 1, 5), inputs.optionalText("comment", 2000));
  }
}
