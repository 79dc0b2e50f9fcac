package org.coachgrant.goals;

import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.coachgrant.system.ProcessVariable;

/**
 * The {@code coachingGoals} process, one per manager per programme (business key {@code <programme code>/<setting URN>/goals}:
 * the training plan's with a suffix, so a look-up of the plan by its key never finds this one): its key, element ids and variables, and the two calls the coaching makes into it when a
 * coach records attendance or a coordinator settles a missed session (docs/design.md, "Coaching goals").
 */
public final class CoachingGoalsProcess {

  public static final String KEY = "coachingGoals";
  /** Wakes a process waiting for the next review: the manager's attendance changed (attended, waived, withdrawn). */
  public static final String MESSAGE_ATTENDANCE_CHANGED = "coachingGoalsAttendanceChanged";

  public static final String TASK_SET_GOALS = "Task_SetCoachingGoals";
  public static final String TASK_REVIEW_GOALS = "Task_ReviewCoachingGoals";
  public static final String TASK_FIND_NEXT_REVIEW = "Task_FindNextGoalsReview";
  public static final String EVENT_ATTENDANCE_CHANGED = "Event_AttendanceChanged";
  public static final String EVENT_GOALS_REVIEWED = "Event_GoalsReviewed";

  public static final String NEXT_DUE = "due";
  public static final String NEXT_WAIT = "wait";
  public static final String NEXT_NONE = "none";

  public static final ProcessVariable<Long> PROGRAMME_ID = ProcessVariable.of("programmeId", Long.class);
  public static final ProcessVariable<Long> SETTING_ID = ProcessVariable.of("settingId", Long.class);
  public static final ProcessVariable<String> MANAGER_ID = ProcessVariable.of("managerId", String.class);
  /** The coach of the session whose review is due: the review's assignee. */
  public static final ProcessVariable<String> COACH_ID = ProcessVariable.of("coachId", String.class);
  public static final ProcessVariable<Long> REVIEW_SESSION_ID = ProcessVariable.of("reviewSessionId", Long.class);
  public static final ProcessVariable<Integer> REVIEW_SESSION_NUMBER = ProcessVariable.of("reviewSessionNumber", Integer.class);
  /** {@link #NEXT_DUE}, {@link #NEXT_WAIT} or {@link #NEXT_NONE}: what the gateway after the look-up follows. */
  public static final ProcessVariable<String> NEXT_REVIEW = ProcessVariable.of("nextGoalsReview", String.class);

  private CoachingGoalsProcess() {}

  public static String businessKey(String programmeCode, String settingUrn) {
    return programmeCode + "/" + settingUrn + "/goals";
  }

  /**
   * A coach recorded that the manager attended session {@code number} (in their group or as a catch-up guest): after
   * session 1 their goals are asked for, once; after a later one a review waiting for it becomes due.
   */
  public static void attended(RuntimeService runtime, String programmeCode, long programmeId, String settingUrn,
      long settingId, String managerId, int number) {
    String key = businessKey(programmeCode, settingUrn);
    if (number == 1) {
      if (runtime.createProcessInstanceQuery().processDefinitionKey(KEY).processInstanceBusinessKey(key).count() == 0) {
        runtime.startProcessInstanceByKey(KEY, key, Map.of(PROGRAMME_ID.name(), programmeId, SETTING_ID.name(), settingId,
            MANAGER_ID.name(), managerId));
      }
      return;
    }
    attendanceChanged(runtime, programmeCode, settingUrn);
  }

  /** A missed session waived or the setting withdrawn: a process waiting for that session looks again (and may end). */
  public static void attendanceChanged(RuntimeService runtime, String programmeCode, String settingUrn) {
    runtime.createMessageCorrelation(MESSAGE_ATTENDANCE_CHANGED)
        .processInstanceBusinessKey(businessKey(programmeCode, settingUrn)).correlateAllWithResult();
  }
}
