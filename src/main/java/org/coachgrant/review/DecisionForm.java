package org.coachgrant.review;

import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.coachgrant.security.CurrentUser;
import org.coachgrant.forms.Inputs;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.system.ProcessVariable;
import org.coachgrant.forms.TaskFormHandler;
import org.coachgrant.trainingplan.PlanDecisions.Decision;
import org.coachgrant.trainingplan.PlanDueDates;
import org.coachgrant.trainingplan.PlanTaskVariables;
import org.coachgrant.trainingplan.TrainingPlan.Status;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService;

/**
 * A form on which someone approves a plan, asks for changes (with a comment) or rejects it (with a
 * reason). The decision is recorded with who, when and why, and set for the process to branch on.
 * People who may not decide this plan are kept off the task: nobody ineligible is given it, claims it or
 * completes it ({@link Reviewers}).
 */
abstract class DecisionForm implements TaskFormHandler {

  static final Set<String> CHOICES = Set.of("approve", "changes", "reject");

  private final TrainingPlanService plans;
  private final PlanTaskVariables planVariables;
  private final PlanDueDates dueDates;
  private final CurrentUser currentUser;
  final Reviewers reviewers;
  private final ProcessVariable<String> decisionVariable;
  private final String commentField;
  private final Set<String> fields;

  DecisionForm(TrainingPlanService plans, PlanTaskVariables planVariables, PlanDueDates dueDates, CurrentUser currentUser,
      Reviewers reviewers, ProcessVariable<String> decisionVariable, String commentField) {
    this.plans = plans;
    this.planVariables = planVariables;
    this.dueDates = dueDates;
    this.currentUser = currentUser;
    this.reviewers = reviewers;
    this.decisionVariable = decisionVariable;
    this.commentField = commentField;
    this.fields = Set.of(decisionVariable.name(), commentField,
        // shown read-only on the form, so Tasklist sends them back; ignored
        "identifiedNeeds", "totalRequested", "expectedOutcomes", "cascadingPlan");
  }

  @Override
  public Set<String> fields() {
    return fields;
  }

  @Override
  public void prepare(DelegateTask task) {
    planVariables.showForReview(task);
    // each review starts undecided, whatever the previous round decided
    decisionVariable.setLocal(task, null);
    reviewers.exclude(task, excluded(task));

    dueDates.forDecision(task);
  }

  @Override
  public void assigned(DelegateTask task) {
    refuse(task, "assignee", task.getAssignee());
  }

  @Override
  public void complete(DelegateTask task, Inputs inputs) {
    String decision = inputs.choice(decisionVariable.name(), CHOICES);
    if (!decision.equals("approve") && !inputs.has(commentField)) {
      // the form shows the comment only for these decisions; a REST client is told the same rule
      throw new InvalidInputException(commentField, "is required when asking for changes or rejecting");
    }
    String comment = decision.equals("approve") ? inputs.optionalText(commentField, Inputs.LONG_TEXT)
        : inputs.text(commentField, Inputs.COMMENT_MIN, Inputs.LONG_TEXT);
    String by = currentUser.id(task);
    refuse(task, decisionVariable.name(), by);
    long planId = TrainingPlanProcess.PLAN_ID.require(task);
    switch (decision) {
      case "approve" -> plans.decide(planId, approved(), Status.APPROVED, by, comment);
      case "changes" -> plans.decide(planId, changesRequested(), Status.CHANGES_REQUESTED, by, comment);
      default -> plans.decide(planId, rejected(), Status.REJECTED, by, comment);
    }
    decisionVariable.set(task.getExecution(), decision);
    afterDecision(task, decision, by);
  }

  /** Who may not decide this plan. */
  abstract Set<String> excluded(DelegateTask task);

  /** Refuses a person who may not take or decide this task. */
  private void refuse(DelegateTask task, String field, String userId) {
    reviewers.refuse(task, field, userId, alsoExcluded(task), alsoExcludedBecause());
  }

  /** Who may not decide this task even though they could claim a task of its group: none, unless a form says. */
  Set<String> alsoExcluded(DelegateTask task) {
    return Set.of();
  }

  /** Why {@link #alsoExcluded} people are, in words that follow their id. */
  String alsoExcludedBecause() {
    return "";
  }

  void afterDecision(DelegateTask task, String decision, String userId) {}

  abstract Decision approved();

  abstract Decision changesRequested();

  abstract Decision rejected();
}
