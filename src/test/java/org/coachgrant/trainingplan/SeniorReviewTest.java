package org.coachgrant.trainingplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.coachgrant.trainingplan.TrainingPlanProcess.EVENT_PLAN_REJECTED;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_REVIEW;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_SENIOR_APPROVAL;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_SUBMIT;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.grant.Grant;
import org.coachgrant.grant.GrantService;
import org.coachgrant.forms.FormText;
import org.coachgrant.trainingplan.PlanDecisions.Decision;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The senior approval's other outcomes, its conflict of interest, and the approval rule's boundary. */
class SeniorReviewTest extends CoachgrantTest {

  @Autowired PlanDecisions decisions;
  @Autowired DecisionService dmn;
  @Autowired GrantService grants;

  @Test
  void theApprovalRuleAsksForASeniorApprovalAboveTwoThousandPoundsNotAtIt() {
    assertThat(seniorRequired(2000.00, 0)).isFalse();
    assertThat(seniorRequired(2000.01, 0)).isTrue();
    assertThat(seniorRequired(1999.99, 0)).isFalse();
    assertThat(seniorRequired(100, 1)).as("a second grant").isTrue();
  }

  @Test
  void aSeniorReviewerRequestsChangesThenTheRevisionIsReviewedAgain() {
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(5, "500"));
    review(instance, "ruth", "approve", null);
    complete(instance, TASK_SENIOR_APPROVAL, "sam", Map.of("seniorDecision", "changes",
        "seniorComment", "Say how the baby room learns from it."));

    assertThat(instance).isWaitingAt(TASK_SUBMIT);
    assertThat(tasks.getVariableLocal(task(instance, TASK_SUBMIT).getId(), "reviewComment"))
        .isEqualTo("Say how the baby room learns from it.");
    submitPlan(instance, f.manager(), plan(5, "500"));
    assertThat(instance).isWaitingAt(TASK_REVIEW);
    assertThat(decisions.forPlan(planId(instance))).extracting(PlanDecisions.Entry::decision, PlanDecisions.Entry::decidedBy)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Decision.APPROVED, "ruth"),
            org.assertj.core.groups.Tuple.tuple(Decision.SENIOR_CHANGES_REQUESTED, "sam"));
  }

  @Test
  void aSeniorReviewerRejectsAndNoGrantIsCommitted() {
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(5, "500"));
    review(instance, "ruth", "approve", null);
    complete(instance, TASK_SENIOR_APPROVAL, "sam", Map.of("seniorDecision", "reject",
        "seniorComment", "Beyond what the programme funds."));

    assertThat(instance).isEnded().hasPassed(EVENT_PLAN_REJECTED);
    assertThat(programmes.findProgramme(f.programmeId()).orElseThrow().committed()).isEqualByComparingTo("0");
    assertThat(decisions.latest(planId(instance)).orElseThrow().decision()).isEqualTo(Decision.SENIOR_REJECTED);
  }

  @Test
  void aSeniorReviewerLinkedToTheSettingNeitherSeesNorGivesItsSeniorApproval() {
    person("sid", "senior-reviewers");
    Fixture f = fixture("10000", "3000");
    programmes.link(f.settingId(), "sid", "STAFF");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(5, "500"));
    review(instance, "ruth", "approve", null);
    String taskId = task(instance, TASK_SENIOR_APPROVAL).getId();

    actAs("sid");
    try {
      assertThat(tasks.createTaskQuery().taskId(taskId).count()).isZero();
    } finally {
      identity.clearAuthentication();
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> tasks.claim(taskId, "sid"))
        .hasMessageContaining("sid");
    complete(instance, TASK_SENIOR_APPROVAL, "sam", Map.of("seniorDecision", "approve"));
    assertThat(instance).hasPassed(TrainingPlanProcess.EVENT_GRANT_RELEASED).isWaitingAt(TrainingPlanProcess.TASK_REPORT_IMPACT);
  }

  @Test
  void theSeniorApprovalSaysTheAmountAboveTheThresholdIsWhyItIsNeeded() {
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(5, "500"));
    review(instance, "ruth", "approve", null);

    String taskId = task(instance, TASK_SENIOR_APPROVAL).getId();
    assertThat((String) tasks.getVariableLocal(taskId, "seniorApprovalReason"))
        .isEqualTo("A grant above £2,000 needs a second approval. This plan asks for £2,500.00; the setting has had"
            + " no grant before.");
    assertThat(tasks.getVariableLocal(taskId, "earlierGrants")).as("no earlier grant to list").isNull();
  }

  @Test
  void theSeniorApprovalOfASettingsSecondGrantSaysSoAndListsTheEarlierGrant() {
    Fixture first = fixture("10000", "1500");
    SecondGrant second = secondGrantAwaitingSeniorApproval(first);
    ProcessInstance earlier = second.earlier();
    ProcessInstance later = second.later();
    Grant earlierGrant = grants.forPlan(planId(earlier)).orElseThrow();

    String taskId = task(later, TASK_SENIOR_APPROVAL).getId();
    assertThat((String) tasks.getVariableLocal(taskId, "seniorApprovalReason"))
        .isEqualTo("A setting's second grant needs a second approval: it has had a grant before. This plan asks for"
            + " £100.00; the setting has had one grant before.");
    assertThat((String) tasks.getVariableLocal(taskId, "earlierGrants")).as("the earlier grant, its text escaped")
        .isEqualTo(FormText.markdownList(List.of(earlierGrant.reference() + ", "
            + programmes.findProgramme(first.programmeId()).orElseThrow().name() + ", £100.00, "
            + earlierGrant.status().toLowerCase(Locale.ROOT))));
  }

  private boolean seniorRequired(double amount, int previousGrants) {
    return dmn.evaluateDecisionTableByKey("approvalRules", Map.of("requestedAmount", amount,
        "previousGrants", previousGrants)).getSingleResult().getSingleEntry();
  }
}
