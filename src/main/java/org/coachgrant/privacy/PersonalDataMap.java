package org.coachgrant.privacy;

import java.util.List;
import java.util.Map;

/**
 * Where a person's data is, table by table (docs/data-protection.md says why each holds it and for how long): the
 * columns that hold a user id or an email, and the rows of a setting the person manages. A table or column added to
 * Coachgrant that can hold a person's data gets a line here and a row in that document.
 */
final class PersonalDataMap {

  enum Kind {
    /** {@code column} holds the person's user id. */
    USER_ID,
    /** {@code column} holds an email, compared lower-case. */
    EMAIL,
    /** {@code column} is in {@code through}, a query of the rows of the settings the person manages ({@code :key}). */
    SETTING
  }

  record Source(String table, String column, Kind kind, String columns, String through) {
    static Source byUser(String table, String column) {
      return new Source(table, column, Kind.USER_ID, "*", null);
    }

    static Source byUser(String table, String column, String columns) {
      return new Source(table, column, Kind.USER_ID, columns, null);
    }

    static Source byEmail(String table, String column, String columns) {
      return new Source(table, column, Kind.EMAIL, columns, null);
    }

    static Source bySetting(String table, String column, String through) {
      return new Source(table, column, Kind.SETTING, "*", through);
    }
  }

  private static final String SETTINGS = ":key";
  private static final String PLANS = "select id from training_plan where setting_id in (:key)";
  private static final String VERSIONS = "select v.id from training_plan_version v join training_plan p on p.id = v.plan_id"
      + " where p.setting_id in (:key)";
  private static final String GRANTS = "select g.id from training_grant g join training_plan p on p.id = g.plan_id"
      + " where p.setting_id in (:key)";
  private static final String REPORTS = "select r.id from impact_report r join training_grant g on g.id = r.grant_id"
      + " join training_plan p on p.id = g.plan_id where p.setting_id in (:key)";
  private static final String GOALS = "select id from coaching_goal where setting_id in (:key)";
  /** An email as the person reads it; its HTML copy and calendar file say the same. */
  private static final String EMAIL_COLUMNS = "id, template, recipient, subject, body_text, status, created_at, sent_at";

  static final List<Source> SOURCES = List.of(
      // the account in the engine (never its password hash or salt), its groups, grants and work
      Source.byUser("act_id_user", "id_", "id_, first_, last_, email_"),
      Source.byUser("act_id_membership", "user_id_"),
      Source.byUser("act_ru_authorization", "user_id_", "id_, type_, resource_type_, resource_id_, perms_"),
      Source.byUser("act_ru_task", "assignee_", "id_, name_, task_def_key_, proc_inst_id_, create_time_, due_date_, assignee_"),
      Source.byUser("act_hi_taskinst", "assignee_", "id_, name_, task_def_key_, proc_inst_id_, start_time_, end_time_, assignee_"),
      Source.byUser("act_hi_procinst", "start_user_id_", "id_, proc_def_key_, business_key_, start_time_, end_time_, start_user_id_"),
      Source.byUser("act_ru_variable", "text_", "id_, name_, proc_inst_id_, text_"),
      Source.byUser("act_hi_varinst", "text_", "id_, name_, proc_inst_id_, text_"),
      Source.byUser("act_hi_comment", "user_id_", "id_, time_, task_id_, proc_inst_id_, message_"),
      Source.byUser("act_hi_op_log", "user_id_", "id_, timestamp_, operation_type_, entity_type_, property_, org_value_, new_value_"),
      // the settings the person manages, and what is linked to them
      Source.byUser("setting", "manager_user_id"),
      Source.byUser("setting_link", "user_id"),
      Source.bySetting("setting_link", "setting_id", SETTINGS),
      Source.bySetting("enrolment", "setting_id", SETTINGS),
      Source.byUser("coaching_group", "coach_id"),
      Source.bySetting("attendance", "setting_id", SETTINGS),
      Source.byUser("attendance", "recorded_by"),
      Source.bySetting("session_feedback", "setting_id", SETTINGS),
      Source.bySetting("delegate_decision", "setting_id", SETTINGS),
      Source.bySetting("coaching_goal", "setting_id", SETTINGS),
      Source.bySetting("coaching_goal_history", "goal_id", GOALS),
      Source.bySetting("coaching_goal_review", "goal_id", GOALS),
      Source.byUser("coaching_goal_review", "reviewed_by"),
      Source.bySetting("coaching_goal_impact", "goal_id", GOALS),
      Source.byUser("delegate_decision", "decided_by"),
      Source.byUser("session_change", "changed_by"),
      Source.byUser("session_resource", "added_by", "id, session_id, title, url, file_name, content_type, size_bytes, added_at"),
      Source.bySetting("training_plan", "setting_id", SETTINGS),
      Source.bySetting("training_plan_version", "plan_id", PLANS),
      Source.byUser("training_plan_version", "submitted_by"),
      Source.bySetting("training_action", "plan_version_id", VERSIONS),
      Source.bySetting("plan_decision", "plan_id", PLANS),
      Source.byUser("plan_decision", "decided_by"),
      Source.bySetting("training_grant", "plan_id", PLANS),
      Source.byUser("budget_ledger", "recorded_by"),
      Source.byUser("grant_attempt_refused", "attempted_by"),
      Source.bySetting("impact_report", "grant_id", GRANTS),
      Source.byUser("impact_report", "submitted_by"),
      Source.bySetting("impact_action", "impact_report_id", REPORTS),
      Source.bySetting("learning_follow_up", "grant_id", GRANTS),
      Source.byUser("learning_follow_up", "answered_by"),
      Source.byEmail("email_outbox", "recipient", EMAIL_COLUMNS),
      Source.byEmail("enrolment_import_row", "email", "*"),
      Source.byUser("enrolment_import", "uploaded_by"),
      Source.byEmail("programme", "contact_email", "id, code, name, contact_name, contact_email"),
      Source.byUser("coaching_note", "manager_id"),
      Source.byUser("coaching_note", "author_id"),
      Source.byUser("coach_time", "coach_id"),
      Source.byUser("task_draft", "user_id"),
      Source.byUser("template_version", "saved_by", "id, template, version, saved_by, saved_at"),
      Source.byUser("model_change", "changed_by", "id, kind, name, action, changed_by, changed_at, reason, summary"),
      Source.byUser("membership_change", "user_id"),
      Source.byUser("membership_change", "changed_by"),
      Source.byUser("sign_in_lock", "account"));

  /** What each table holds, in a sentence the person reads. */
  static final Map<String, String> HOLDS = Map.ofEntries(
      Map.entry("act_id_user", "Your account: user name, name and email (your password is never shown)"),
      Map.entry("act_id_membership", "The groups (roles) you are in"),
      Map.entry("act_ru_authorization", "What the application lets you see or do beyond your groups"),
      Map.entry("act_ru_task", "Tasks waiting for you now"),
      Map.entry("act_hi_taskinst", "Tasks you held, open and done"),
      Map.entry("act_hi_procinst", "Processes you started"),
      Map.entry("act_ru_variable", "Values of running processes that name you"),
      Map.entry("act_hi_varinst", "Values of processes that named you"),
      Map.entry("act_hi_comment", "Comments you wrote on tasks"),
      Map.entry("act_hi_op_log", "Changes you made to tasks and processes"),
      Map.entry("setting", "The settings you manage, with the name and email they were enrolled with"),
      Map.entry("setting_link", "People linked to your settings, and settings you are linked to"),
      Map.entry("enrolment", "The programmes your settings are enrolled in"),
      Map.entry("coaching_group", "Coaching groups you coach"),
      Map.entry("attendance", "Attendance at coaching sessions: your settings', and attendance you recorded"),
      Map.entry("session_feedback", "Feedback on coaching sessions from your settings"),
      Map.entry("delegate_decision", "Decisions on missed sessions: about your settings, or made by you"),
      Map.entry("coaching_goal", "Your settings' coaching goals as they stand"),
      Map.entry("coaching_goal_history", "Every change to your settings' coaching goals, with who made it"),
      Map.entry("coaching_goal_review", "Reviews of coaching goals: your settings', or made by you as their coach"),
      Map.entry("coaching_goal_impact", "What the impact reports said changed for each coaching goal"),
      Map.entry("session_change", "Coaching sessions you scheduled, changed or cancelled"),
      Map.entry("session_resource", "Links and files you attached to coaching sessions (the files themselves: ask the programme)"),
      Map.entry("training_plan", "Your settings' training plans"),
      Map.entry("training_plan_version", "Each version of the plans: what was written and who submitted it"),
      Map.entry("training_action", "The training each plan version asked for"),
      Map.entry("plan_decision", "Decisions on the plans and reports: about your settings, or made by you"),
      Map.entry("training_grant", "Your settings' grants"),
      Map.entry("budget_ledger", "Movements of a programme's budget you recorded"),
      Map.entry("grant_attempt_refused", "Attempts to commit or release a grant that the ledger refused, made as you"),
      Map.entry("impact_report", "Impact reports: your settings', or submitted by you"),
      Map.entry("impact_action", "What became of each training action in the impact reports"),
      Map.entry("learning_follow_up", "Follow-ups on learning: your settings', or answered by you"),
      Map.entry("email_outbox", "Every email sent to you"),
      Map.entry("enrolment_import_row", "Rows of enrolment files that named you"),
      Map.entry("enrolment_import", "Enrolment files you uploaded"),
      Map.entry("programme", "Programmes that name you as their contact on the grant letter"),
      Map.entry("coaching_note", "Private coaching notes: your coach's notes about you, and notes you wrote as a coach"),
      Map.entry("coach_time", "Time you recorded as a coach"),
      Map.entry("task_draft", "Forms you saved half-filled"),
      Map.entry("template_version", "Email template versions you saved"),
      Map.entry("model_change", "Changes you made to the processes, decision tables, forms and templates"),
      Map.entry("membership_change", "Changes to your groups, and changes you made to others' groups"),
      Map.entry("sign_in_lock", "Times your account was locked after wrong passwords"));

  private PersonalDataMap() {}
}
