package org.coachgrant.grant;

import static org.coachgrant.admin.Roles.COORDINATORS;
import static org.coachgrant.admin.Roles.REVIEWERS;
import static org.coachgrant.admin.Roles.SENIOR_REVIEWERS;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.DecisionService;
import org.coachgrant.review.ReviewEligibility;
import org.coachgrant.security.SystemAccess;
import org.coachgrant.trainingplan.ApprovalRules;
import org.coachgrant.trainingplan.PlanDecisions;
import org.coachgrant.trainingplan.PlanDecisions.Decision;
import org.coachgrant.trainingplan.PlanDecisions.Entry;
import org.coachgrant.trainingplan.PlanVersion;
import org.coachgrant.trainingplan.TrainingPlan;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * What the ledger checks itself before a grant is committed or released, whatever path the process took to get
 * there (start instructions, modification, migration, an administrator's model, a retried job): the review on
 * record, never the process's variables, which a start instruction can set. The version funded must be approved
 * by someone who, now, may decide it ({@link ReviewEligibility}) and, when the approval rules ask for it (read
 * again from the plan's own data), approved also by a second, different person who is a senior reviewer now.
 */
@Component
class LedgerChecks {

  /** The movements of money the ledger checks, in the words of "nothing was ...". */
  enum Movement {
    COMMIT("committed"), RELEASE("released"), CLOSE("returned to the budget");

    final String done;

    Movement(String done) {
      this.done = done;
    }
  }

  private static final Set<Decision> AGAINST = EnumSet.of(Decision.CHANGES_REQUESTED, Decision.REJECTED,
      Decision.SENIOR_CHANGES_REQUESTED, Decision.SENIOR_REJECTED, Decision.WITHDRAWN);

  private final TrainingPlanService plans;
  private final PlanDecisions decisions;
  private final ReviewEligibility eligibility;
  private final RefusedGrantAttempts refused;
  private final DecisionService rules;
  private final ApprovalRules approvalRules;

  LedgerChecks(TrainingPlanService plans, PlanDecisions decisions, ReviewEligibility eligibility,
      RefusedGrantAttempts refused, @Lazy DecisionService rules, ApprovalRules approvalRules) {
    this.plans = plans;
    this.decisions = decisions;
    this.eligibility = eligibility;
    this.refused = refused;
    this.rules = rules;
    this.approvalRules = approvalRules;
  }

  /**
   * Returns when version {@code version} of the plan has the approvals it needs; otherwise {@link #refuse}s,
   * which rolls back everything the caller did.
   */
  void requireReview(long planId, int version, Movement movement) {
    whyNot(planId, version).ifPresent(why -> refuse(planId, version, movement, why));
  }

  /** Records the refused attempt (in a transaction of its own, so it stays) and throws. */
  void refuse(long planId, int version, Movement movement, String why) {
    String message = "Plan " + planId + " version " + version + " " + why + ": nothing was " + movement.done;
    refused.record(planId, version, movement, message);
    throw new ReviewNotOnRecordException(message);
  }

  /**
   * Returns when the impact report submitted at {@code submittedAt} was accepted, as its last decision, by someone who
   * may review it now (a coordinator or reviewer not linked to the setting); otherwise {@link #refuse}s: closing a
   * grant returns its unspent money to the budget.
   */
  void requireImpactAccepted(long planId, int version, Instant submittedAt) {
    Optional<Entry> last = decisions.forPlan(planId).stream()
        .filter(e -> IMPACT_REVIEWS.contains(e.decision()) && !e.decidedAt().isBefore(submittedAt))
        .reduce((first, second) -> second);
    if (last.isEmpty() || last.get().decision() != Decision.IMPACT_ACCEPTED) {
      refuse(planId, version, Movement.CLOSE, "has no accepted impact report on record");
    }
    eligibility.whyNot(planId, last.get().decidedBy(), List.of(COORDINATORS, REVIEWERS)).ifPresent(why ->
        refuse(planId, version, Movement.CLOSE, "has no impact report accepted by an eligible reviewer (the one on"
            + " record is " + last.get().decidedBy() + "'s, who " + why + ")"));
  }

  private static final Set<Decision> IMPACT_REVIEWS = EnumSet.of(Decision.IMPACT_ACCEPTED,
      Decision.IMPACT_INFO_REQUESTED);

  private Optional<String> whyNot(long planId, int version) {
    Optional<PlanVersion> funded = plans.versions(planId).stream().filter(v -> v.version() == version).findFirst();
    if (funded.isEmpty()) {
      return Optional.of("was never submitted");
    }
    List<Entry> ofVersion = decisions.forPlan(planId).stream().filter(e -> e.planVersion() == version).toList();
    Optional<Entry> against = ofVersion.stream().filter(e -> AGAINST.contains(e.decision())).findFirst();
    if (against.isPresent()) {
      return Optional.of("was not approved in the end (" + against.get().decision().words().toLowerCase() + ")");
    }
    List<Entry> approvals = approvals(planId, ofVersion, Decision.APPROVED, REVIEWERS);
    if (approvals.isEmpty()) {
      return Optional.of("has no approval by an eligible reviewer" + lastIneligible(planId, ofVersion,
          Decision.APPROVED, REVIEWERS));
    }
    if (!seniorApprovalRequired(planId, funded.get())) {
      return Optional.empty();
    }
    List<Entry> seniors = approvals(planId, ofVersion, Decision.SENIOR_APPROVED, SENIOR_REVIEWERS);
    boolean fourEyes = seniors.stream().anyMatch(senior -> approvals.stream()
        .anyMatch(first -> !first.decidedBy().equals(senior.decidedBy())));
    return fourEyes ? Optional.empty() : Optional.of("needs a senior approval by a second person under the approval"
        + " rules and has none by an eligible senior reviewer" + lastIneligible(planId, ofVersion,
            Decision.SENIOR_APPROVED, SENIOR_REVIEWERS));
  }

  /** The decisions of this kind given by someone who may give them now. */
  private List<Entry> approvals(long planId, List<Entry> ofVersion, Decision kind, String group) {
    return ofVersion.stream().filter(e -> e.decision() == kind)
        .filter(e -> eligibility.whyNot(planId, e.decidedBy(), List.of(group)).isEmpty()).toList();
  }

  /** Why the last decision of this kind on record does not count, for the incident's reader; empty if there is none. */
  private String lastIneligible(long planId, List<Entry> ofVersion, Decision kind, String group) {
    return ofVersion.stream().filter(e -> e.decision() == kind).reduce((first, second) -> second)
        .flatMap(e -> eligibility.whyNot(planId, e.decidedBy(), List.of(group))
            .map(why -> " (the one on record is " + e.decidedBy() + "'s, who " + why + ")"))
        .orElse("");
  }

  /**
   * The approval rules (the latest deployed, as the process uses) evaluated again from the version funded and the
   * setting's grants. A table that gives no clear "no" asks for the senior approval.
   */
  private boolean seniorApprovalRequired(long planId, PlanVersion version) {
    TrainingPlan plan = plans.findPlan(planId).orElseThrow();
    Map<String, Object> inputs = approvalRules.inputs(plan, version.content());
    DmnDecisionResultEntries result = SystemAccess.run(() ->
        rules.evaluateDecisionByKey("approvalRules").variables(inputs).evaluate().getFirstResult());
    return result == null || !Boolean.FALSE.equals(result.getSingleEntry());
  }
}
