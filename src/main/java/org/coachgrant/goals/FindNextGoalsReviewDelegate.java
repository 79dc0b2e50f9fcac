package org.coachgrant.goals;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.system.ModelBean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code Task_FindNextGoalsReview}: the first session from 2 on whose review is still to do. Due, with that session and
 * its coach, when the manager attended it (in their group or another); waited for while it may still be attended;
 * skipped when waived; and nothing more once every session is reviewed or waived, or the setting was withdrawn.
 */
@ModelBean("findNextGoalsReview")
class FindNextGoalsReviewDelegate implements JavaDelegate {

  private final JdbcClient jdbc;
  private final CoachingGoals goals;
  private final ProgrammeRepository programmes;

  FindNextGoalsReviewDelegate(JdbcClient jdbc, CoachingGoals goals, ProgrammeRepository programmes) {
    this.programmes = programmes;
    this.jdbc = jdbc;
    this.goals = goals;
  }

  record Attended(long sessionId, String coachId) {}

  @Override
  public void execute(DelegateExecution execution) {
    long programmeId = CoachingGoalsProcess.PROGRAMME_ID.require(execution);
    long settingId = CoachingGoalsProcess.SETTING_ID.require(execution);
    CoachingGoalsProcess.NEXT_REVIEW.set(execution, next(execution, programmeId, settingId));
  }

  private String next(DelegateExecution execution, long programmeId, long settingId) {
    if (!programmes.isEnrolled(programmeId, settingId)) {
      return CoachingGoalsProcess.NEXT_NONE;
    }
    int count = programmes.findProgramme(programmeId).orElseThrow().sessionCount();
    for (int number = 2; number <= count; number++) {
      if (goals.reviewed(programmeId, settingId, number)) {
        continue;
      }
      Attended attended = jdbc.sql("select cs.id as session_id, cg.coach_id from attendance a"
              + " join coaching_session cs on cs.id = a.session_id join coaching_group cg on cg.id = cs.group_id"
              + " where cg.programme_id = ? and a.setting_id = ? and cs.number = ? and a.attended order by a.recorded_at")
          .params(programmeId, settingId, number).query(org.coachgrant.system.Rows.of(Attended.class)).list()
          .stream().findFirst().orElse(null);
      if (attended != null) {
        CoachingGoalsProcess.REVIEW_SESSION_ID.set(execution, attended.sessionId());
        CoachingGoalsProcess.REVIEW_SESSION_NUMBER.set(execution, number);
        CoachingGoalsProcess.COACH_ID.set(execution, attended.coachId());
        return CoachingGoalsProcess.NEXT_DUE;
      }
      boolean waived = jdbc.sql("select count(*) from delegate_decision where programme_id = ? and setting_id = ?"
              + " and decision = 'WAIVED' and session_number = ?")
          .params(programmeId, settingId, number).query(Integer.class).single() > 0;
      if (!waived) {
        return CoachingGoalsProcess.NEXT_WAIT;
      }
    }
    return CoachingGoalsProcess.NEXT_NONE;
  }
}
