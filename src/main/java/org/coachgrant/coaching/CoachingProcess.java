package org.coachgrant.coaching;

import org.coachgrant.system.ProcessVariable;

/** The coaching processes: keys, element ids and variables (docs/design.md, "The coaching contract"). */
public final class CoachingProcess {

  public static final String GROUP_KEY = "coachingGroup";
  public static final String FEEDBACK_KEY = "sessionFeedback";
  public static final String NOTICE_KEY = "sessionNotice";
  public static final String MESSAGE_SESSIONS_SCHEDULED = "sessionsScheduled";

  public static final String TASK_RECORD_ATTENDANCE = "Task_RecordAttendance";
  public static final String TASK_RESOLVE_MISSED = "Task_ResolveMissedSession";
  public static final String TASK_GIVE_FEEDBACK = "Task_GiveSessionFeedback";
  public static final String TASK_EMAIL_INVITATIONS = "Task_EmailInvitations";
  public static final String TIMER_DAY_BEFORE = "Timer_DayBefore";
  public static final String TIMER_SESSION_OVER = "Timer_SessionOver";

  public static final ProcessVariable<Long> GROUP_ID = ProcessVariable.of("groupId", Long.class);
  public static final ProcessVariable<Long> PROGRAMME_ID = ProcessVariable.of("programmeId", Long.class);
  public static final ProcessVariable<String> COACH_ID = ProcessVariable.of("coachId", String.class);
  public static final ProcessVariable<Integer> SESSION_NUMBER = ProcessVariable.of("sessionNumber", Integer.class);
  public static final ProcessVariable<Long> SESSION_ID = ProcessVariable.of("sessionId", Long.class);
  public static final ProcessVariable<String> MANAGER_ID = ProcessVariable.of("managerId", String.class);
  public static final ProcessVariable<String> SETTING_URN = ProcessVariable.of("settingUrn", String.class);

  private CoachingProcess() {}

  static String businessKey(String programmeCode, int groupNumber) {
    return programmeCode + "/G" + groupNumber;
  }
}
