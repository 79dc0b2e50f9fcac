package org.coachgrant.trainingplan;

import java.util.Date;
import org.coachgrant.system.ProcessVariable;

/** The {@code trainingPlan} process: its key, the element ids code and tests refer to, its variables. */
public final class TrainingPlanProcess {

  public static final String KEY = "trainingPlan";

  public static final String TASK_SUBMIT = "Task_SubmitTrainingPlan";
  public static final String TASK_REVIEW = "Task_ReviewTrainingPlan";
  public static final String TASK_SENIOR_APPROVAL = "Task_GiveSeniorApproval";
  public static final String TASK_HANDLE_OVERDUE = "Task_HandleOverduePlan";
  public static final String TASK_RESOLVE_BUDGET = "Task_ResolveBudgetShortfall";
  public static final String TASK_COMMIT_GRANT = "Task_CommitGrant";
  public static final String EVENT_BUDGET_TOPPED_UP = "Event_BudgetToppedUp";
  public static final String EVENT_GRANT_RELEASED = "Event_GrantReleased";
  public static final String TASK_REPORT_IMPACT = "Task_ReportImpact";
  public static final String TASK_REVIEW_IMPACT = "Task_ReviewImpactReport";
  public static final String TASK_HANDLE_OVERDUE_IMPACT = "Task_HandleOverdueImpactReport";
  public static final String TASK_CLOSE_GRANT = "Task_CloseGrant";
  public static final String EVENT_GRANT_CLOSED = "Event_GrantClosed";
  public static final String EVENT_FOLLOW_UP_DUE = "Timer_FollowUpDue";
  public static final String TASK_FOLLOW_UP = "Task_FollowUpLearning";
  public static final String EVENT_LEARNING_FOLLOWED_UP = "Event_LearningFollowedUp";
  public static final String EVENT_FOLLOW_UP_UNANSWERED = "Event_FollowUpUnanswered";
  public static final String EVENT_GRANT_CLOSED_NOT_REPORTED = "Event_GrantClosedNotReported";
  public static final String EVENT_PLAN_REJECTED = "Event_PlanRejected";
  public static final String EVENT_PLAN_WITHDRAWN = "Event_PlanWithdrawn";
  public static final String MESSAGE_BUDGET_TOPPED_UP = "budgetToppedUp";
  public static final String ERROR_BUDGET_EXHAUSTED = "BUDGET_EXHAUSTED";

  /** Given when the plan is requested. */
  public static final ProcessVariable<String> SETTING_URN = ProcessVariable.of("settingUrn", String.class);
  public static final ProcessVariable<String> PROGRAMME_CODE = ProcessVariable.of("programmeCode", String.class);

  public static final ProcessVariable<Long> PLAN_ID = ProcessVariable.of("planId", Long.class);
  public static final ProcessVariable<Long> PROGRAMME_ID = ProcessVariable.of("programmeId", Long.class);
  public static final ProcessVariable<String> MANAGER_ID = ProcessVariable.of("managerId", String.class);
  public static final ProcessVariable<Date> OVERDUE_AT = ProcessVariable.of("overdueAt", Date.class);

  /** Inputs of the approval rules (processes/approvalRules.dmn). */
  public static final ProcessVariable<Double> REQUESTED_AMOUNT = ProcessVariable.of("requestedAmount", Double.class);
  public static final ProcessVariable<Integer> PREVIOUS_GRANTS = ProcessVariable.of("previousGrants", Integer.class);
  public static final ProcessVariable<Boolean> SENIOR_APPROVAL_REQUIRED =
      ProcessVariable.of("seniorApprovalRequired", Boolean.class);

  /** What the gateways branch on. */
  public static final ProcessVariable<String> REVIEW_DECISION = ProcessVariable.of("reviewDecision", String.class);
  public static final ProcessVariable<String> SENIOR_DECISION = ProcessVariable.of("seniorDecision", String.class);
  public static final ProcessVariable<String> FIRST_APPROVER = ProcessVariable.of("firstApprover", String.class);
  public static final ProcessVariable<String> OVERDUE_DECISION = ProcessVariable.of("overdueDecision", String.class);
  public static final ProcessVariable<String> BUDGET_DECISION = ProcessVariable.of("budgetDecision", String.class);
  public static final ProcessVariable<String> IMPACT_DECISION = ProcessVariable.of("impactDecision", String.class);
  public static final ProcessVariable<String> IMPACT_OVERDUE_DECISION =
      ProcessVariable.of("impactOverdueDecision", String.class);

  /** When the impact report becomes overdue, and when the follow-up on learning is due (set by the grant's beans). */
  public static final ProcessVariable<Date> IMPACT_OVERDUE_AT = ProcessVariable.of("impactOverdueAt", Date.class);
  public static final ProcessVariable<Date> FOLLOW_UP_AT = ProcessVariable.of("followUpAt", Date.class);

  private TrainingPlanProcess() {}
}
