package org.coachgrant.coaching;

import org.coachgrant.system.ModelBean;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.trainingplan.TrainingPlanService;

/**
 * {@code Task_FindMissedSessions}: after the group's last session, the delegates still missing a session
 * (no catch-up attended, nothing waived) go to the coordinator, as {@code missedSessions}.
 */
@ModelBean("attendanceGate")
class AttendanceGateDelegate implements JavaDelegate {

  private final CoachingGroups groups;
  private final Sessions sessions;
  private final ProgrammeRepository programmes;
  private final TrainingPlanService plans;

  AttendanceGateDelegate(CoachingGroups groups, Sessions sessions, ProgrammeRepository programmes, TrainingPlanService plans) {
    this.groups = groups;
    this.sessions = sessions;
    this.programmes = programmes;
    this.plans = plans;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long programmeId = CoachingProcess.PROGRAMME_ID.require(execution);
    long groupId = CoachingProcess.GROUP_ID.require(execution);
    int count = programmes.findProgramme(programmeId).orElseThrow().sessionCount();
    List<String> missed = new ArrayList<>();
    groups.group(groupId).orElseThrow().members().stream()
        .filter(m -> programmes.isEnrolled(programmeId, m.settingId()))
        .filter(m -> plans.find(programmeId, m.settingId()).isEmpty())
        .filter(m -> !sessions.missing(programmeId, m.settingId(), count).isEmpty())
        .forEach(m -> missed.add(m.urn()));
    execution.setVariable("missedSessions", missed);
  }
}
