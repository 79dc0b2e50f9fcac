package org.coachgrant.review;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.coachgrant.grant.Grant;
import org.coachgrant.security.CurrentUser;
import org.coachgrant.forms.FormText;
import org.coachgrant.format.Formats;
import org.coachgrant.trainingplan.ApprovalRules;
import org.coachgrant.trainingplan.EarlierGrant;
import org.coachgrant.trainingplan.PlanDecisions.Decision;
import org.coachgrant.trainingplan.PlanDueDates;
import org.coachgrant.trainingplan.PlanTaskVariables;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.springframework.stereotype.Component;

/**
 * {@code give-senior-approval}: the second approval the approval rules ask for. Four eyes: the first
 * approver can neither see, claim nor complete it, whichever client they use; nor can anyone linked
 * to the setting. The form says which approval rule asks for it and lists the setting's earlier grants.
 */
@Component
class GiveSeniorApprovalForm extends DecisionForm {

  private final TrainingPlanService plans;
  private final ApprovalRules approvalRules;

  GiveSeniorApprovalForm(TrainingPlanService plans, PlanTaskVariables planVariables, PlanDueDates dueDates,
      CurrentUser currentUser, Reviewers reviewers, ApprovalRules approvalRules) {
    super(plans, planVariables, dueDates, currentUser, reviewers, TrainingPlanProcess.SENIOR_DECISION, "seniorComment");
    this.plans = plans;
    this.approvalRules = approvalRules;
  }

  @Override
  public String formId() {
    return "give-senior-approval";
  }

  /** The first approver is shown from a task-local copy: a value submitted back cannot change the process's. */
  @Override
  public void prepare(DelegateTask task) {
    super.prepare(task);
    TrainingPlanProcess.FIRST_APPROVER.setLocal(task, FormText.markdown(firstApprover(task)));
    long planId = TrainingPlanProcess.PLAN_ID.require(task);
    List<EarlierGrant> earlier = plans.earlierGrants(plans.findPlan(planId).orElseThrow());
    String reason = approvalRules.whySeniorApproval(planId).map(rule -> rule + ".").orElse(
        "The approval rules as they stand now would not ask for it; they did when the plan was approved.");
    task.setVariableLocal(SENIOR_APPROVAL_REASON, FormText.markdown(reason + " This plan asks for "
        + plans.currentVersion(planId).map(v -> Formats.money(v.content().totalRequested())).orElse("nothing yet")
        + "; the setting has had " + (earlier.isEmpty() ? "no grant" : earlier.size() == 1 ? "one grant"
            : earlier.size() + " grants") + " before."));
    task.setVariableLocal(EARLIER_GRANTS, earlier.isEmpty() ? null : FormText.markdownList(earlier.stream()
        .map(g -> g.reference() + ", " + g.programmeName() + ", " + Formats.money(g.amount()) + ", "
            + STATUS_WORDS.getOrDefault(g.status(), g.status().toLowerCase(Locale.ROOT)))
        .toList()));
  }

  /** Task-local: why the approval rules ask for this approval, and the setting's grants from its other plans. */
  static final String SENIOR_APPROVAL_REASON = "seniorApprovalReason";
  static final String EARLIER_GRANTS = "earlierGrants";

  private static final Map<String, String> STATUS_WORDS = Map.of(Grant.COMMITTED, "committed",
      Grant.RELEASED, "released", Grant.CLOSED, "closed", Grant.CLOSED_NOT_REPORTED, "closed without an impact report");

  @Override
  Set<String> excluded(DelegateTask task) {
    Set<String> excluded = new HashSet<>(reviewers.conflicted(task));
    excluded.addAll(alsoExcluded(task));
    return excluded;
  }

  @Override
  Set<String> alsoExcluded(DelegateTask task) {
    String first = firstApprover(task);
    return first == null ? Set.of() : Set.of(first);
  }

  @Override
  String alsoExcludedBecause() {
    return "gave the first approval: the senior approval must be given by someone else";
  }

  private static String firstApprover(DelegateTask task) {
    return TrainingPlanProcess.FIRST_APPROVER.get(task.getExecution());
  }

  @Override
  Decision approved() {
    return Decision.SENIOR_APPROVED;
  }

  @Override
  Decision changesRequested() {
    return Decision.SENIOR_CHANGES_REQUESTED;
  }

  @Override
  Decision rejected() {
    return Decision.SENIOR_REJECTED;
  }
}
