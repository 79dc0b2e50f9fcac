package org.coachgrant.trainingplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.coachgrant.trainingplan.TrainingPlanProcess.EVENT_BUDGET_TOPPED_UP;
import static org.coachgrant.trainingplan.TrainingPlanProcess.EVENT_GRANT_RELEASED;
import static org.coachgrant.trainingplan.TrainingPlanProcess.EVENT_PLAN_REJECTED;
import static org.coachgrant.trainingplan.TrainingPlanProcess.EVENT_PLAN_WITHDRAWN;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_HANDLE_OVERDUE;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_RESOLVE_BUDGET;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_REVIEW;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_SENIOR_APPROVAL;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_SUBMIT;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.system.InvalidInputException;
import org.coachgrant.trainingplan.PlanDecisions.Decision;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The {@code trainingPlan} process, one test per path. */
class TrainingPlanProcessTest extends CoachgrantTest {

  @Autowired TrainingPlanService plans;
  @Autowired PlanDecisions decisions;

  @Test
  void approvedPlanReleasesGrant() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    assertThat(instance).isWaitingAt(TASK_SUBMIT).task().isAssignedTo(f.manager());
    assertThat(tasks.getVariablesLocal(task(instance, TASK_SUBMIT).getId()))
        .as("no actions yet: the form starts the list with one empty row, and Tasklist submits it as Json")
        .doesNotContainKey("actions");

    submitPlan(instance, f.manager(), plan(2, "300"));
    assertThat(instance).isWaitingAt(TASK_REVIEW).task().hasCandidateGroup("reviewers");
    review(instance, "ruth", "approve", null);

    assertThat(instance).isEnded().hasPassed(EVENT_GRANT_RELEASED);
    assertThat(committed(f)).isEqualByComparingTo("600");
    assertThat(grantStatus(instance)).isEqualTo("RELEASED");
    assertThat(decisions.forPlan(planId(instance))).extracting(PlanDecisions.Entry::decision, PlanDecisions.Entry::decidedBy)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Decision.APPROVED, "ruth"));
  }

  @Test
  void largePlanNeedsSeniorApprovalFromSomeoneElse() {
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(5, "500"));
    review(instance, "vera", "approve", null);
    assertThat(instance).isWaitingAt(TASK_SENIOR_APPROVAL).task().hasCandidateGroup("senior-reviewers");

    // vera is a senior reviewer too, but gave the first approval
    String taskId = task(instance, TASK_SENIOR_APPROVAL).getId();
    assertThatThrownBy(() -> tasks.claim(taskId, "vera"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("gave the first approval");
    actAs("vera");
    assertThat(tasks.createTaskQuery().taskId(taskId).count()).as("vera does not even see it").isZero();
    assertThatThrownBy(() -> tasks.complete(taskId, Map.of("seniorDecision", "approve")))
        .isInstanceOf(AuthorizationException.class);
    identity.clearAuthentication();
    assertThat(committed(f)).isEqualByComparingTo("0");

    complete(instance, TASK_SENIOR_APPROVAL, "sam", Map.of("seniorDecision", "approve"));
    assertThat(instance).isEnded().hasPassed(EVENT_GRANT_RELEASED);
    assertThat(committed(f)).isEqualByComparingTo("2500");
  }

  @Test
  void secondGrantToSettingNeedsSeniorApproval() {
    Fixture first = fixture("10000", "1500");
    ProcessInstance earlier = requestPlan(first);
    submitPlan(earlier, first.manager(), plan(1, "100"));
    review(earlier, "ruth", "approve", null);
    long laterProgramme = programmes.createProgramme(first.programmeCode() + "B", "Later programme",
        new BigDecimal("10000"), new BigDecimal("1500"), LocalDate.now().plusDays(30));
    programmes.enrol(laterProgramme, first.settingId());

    ProcessInstance later = requestPlan(new Fixture(first.programmeCode() + "B", laterProgramme, first.settingUrn(),
        first.settingId(), first.manager()));
    submitPlan(later, first.manager(), plan(1, "100"));
    review(later, "ruth", "approve", null);
    assertThat(later).isWaitingAt(TASK_SENIOR_APPROVAL);
  }

  @Test
  void changesRequestedThenApproved() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "ruth", "changes", "Please add how the learning reaches the baby room.");

    assertThat(instance).isWaitingAt(TASK_SUBMIT);
    assertThat(tasks.getVariableLocal(task(instance, TASK_SUBMIT).getId(), "reviewComment"))
        .isEqualTo("Please add how the learning reaches the baby room.");
    assertThat(tasks.getVariableLocal(task(instance, TASK_SUBMIT).getId(), "identifiedNeeds"))
        .as("the revision starts from the previous version").isNotNull();

    Map<String, Object> revised = new HashMap<>(plan(3, "300"));
    revised.put("cascadingPlan", "Baby room staff shadow the trained practitioners for a week.");
    submitPlan(instance, f.manager(), revised);
    String changes = (String) tasks.getVariableLocal(task(instance, TASK_REVIEW).getId(), "changesSinceLastVersion");
    assertThat(changes).contains("Total requested: £600.00 → £900.00").contains("Cascading learning plan changed");
    assertThat(tasks.getVariableLocal(task(instance, TASK_REVIEW).getId(), "planVersion")).isEqualTo(2);
    assertThat(tasks.getVariable(task(instance, TASK_REVIEW).getId(), "reviewDecision"))
        .as("the second review starts undecided").isNull();

    review(instance, "rob", "approve", null);
    assertThat(instance).isEnded().hasPassed(EVENT_GRANT_RELEASED);
    assertThat(committed(f)).isEqualByComparingTo("900");
  }

  @Test
  void rejectedPlanEndsWithoutGrant() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    assertThatThrownBy(() -> review(instance, "ruth", "reject", " "))
        .isInstanceOf(InvalidInputException.class).hasMessage("reviewComment: is required");

    review(instance, "ruth", "reject", "The training is not linked to the needs identified.");
    assertThat(instance).isEnded().hasPassed(EVENT_PLAN_REJECTED);
    assertThat(committed(f)).isEqualByComparingTo("0");
    assertThat(decisions.latest(planId(instance)).orElseThrow().reason())
        .isEqualTo("The training is not linked to the needs identified.");
  }

  @Test
  void exhaustedBudgetWaitsForTopUp() {
    Fixture f = fixture("500", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "ruth", "approve", null);
    assertThat(instance).isWaitingAt(TASK_RESOLVE_BUDGET).task().hasCandidateGroup("coordinators");

    complete(instance, TASK_RESOLVE_BUDGET, "cora", Map.of("budgetDecision", "waitList", "budgetComment", "Next quarter"));
    assertThat(instance).isWaitingAt(EVENT_BUDGET_TOPPED_UP);
    assertThat(plans.context(planId(instance)).plan().status()).isEqualTo("WAIT_LISTED");

    // another plan's shortfall is resolved with a top-up, which wakes the waiting plan
    Fixture other = enrol(f.programmeCode(), f.programmeId());
    ProcessInstance second = requestPlan(other);
    submitPlan(second, other.manager(), plan(1, "700"));
    review(second, "ruth", "approve", null);
    complete(second, TASK_RESOLVE_BUDGET, "cora", Map.of("budgetDecision", "topUp", "topUpAmount", 1000));
    executeJobs();

    assertThat(second).isEnded().hasPassed(EVENT_GRANT_RELEASED);
    assertThat(instance).isEnded().hasPassed(EVENT_GRANT_RELEASED);
    assertThat(committed(f)).isEqualByComparingTo("1300");
  }

  @Test
  void overduePlanIsExtendedOrWithdrawn() throws Exception {
    Fixture f = fixture("10000", "1500");
    LocalDate deadline = plans.context(planId(requestPlan(f))).plan().deadline();
    ProcessInstance instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(f.programmeCode()
        + "/" + f.settingUrn()).singleResult();
    MAIL.purgeEmailFromAllMailboxes();

    moveClockTo(deadline.minusDays(14));
    executeJobs();
    moveClockTo(deadline.minusDays(3));
    executeJobs();
    assertThat(MAIL.getReceivedMessagesForDomain(f.manager() + "@example.org")).hasSize(2);

    moveClockTo(deadline.plusDays(1));
    executeJobs();
    assertThat(instance).isWaitingAt(TASK_HANDLE_OVERDUE).task().hasCandidateGroup("coordinators");
    assertThatThrownBy(() -> complete(instance, TASK_HANDLE_OVERDUE, "cora",
        Map.of("overdueDecision", "extend", "newDeadline", deadline.toString())))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("newDeadline: must be after today");

    complete(instance, TASK_HANDLE_OVERDUE, "cora",
        Map.of("overdueDecision", "extend", "newDeadline", deadline.plusDays(10).toString(), "overdueReason", "Staff illness"));
    assertThat(instance).isWaitingAt(TASK_SUBMIT);
    assertThat(plans.context(planId(instance)).plan().deadline()).isEqualTo(deadline.plusDays(10));

    moveClockTo(deadline.plusDays(11));
    executeJobs();
    complete(instance, TASK_HANDLE_OVERDUE, "cora", Map.of("overdueDecision", "withdraw", "overdueReason", "No reply"));
    assertThat(instance).isEnded().hasPassed(EVENT_PLAN_WITHDRAWN);
    assertThat(programmes.isEnrolled(f.programmeId(), f.settingId())).isFalse();
  }

  @Test
  void invalidSubmissionIsRefusedAndNothingStored() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);

    Map<String, Object> negative = new HashMap<>(plan(2, "-300"));
    assertRefused(instance, f, negative, "actions[1].costEach: must not be negative (was -300)");
    Map<String, Object> overCap = plan(2, "800");
    assertRefused(instance, f, overCap, "totalRequested: must not exceed the programme's grant cap per setting of £1,500.00 (was £1,600.00)");
    Map<String, Object> mismatch = new HashMap<>(plan(2, "300"));
    mismatch.put("totalRequested", 700);
    assertRefused(instance, f, mismatch, "totalRequested: must equal the sum of the training actions, £600.00 (was £700.00)");
    Map<String, Object> missing = new HashMap<>(plan(2, "300"));
    missing.remove("expectedOutcomes");
    assertRefused(instance, f, missing, "expectedOutcomes: is required");
    Map<String, Object> unknown = new HashMap<>(plan(2, "300"));
    unknown.put("managerId", "someone-else");
    assertRefused(instance, f, unknown, "managerId: is not a field of the form 'submit-training-plan'");
    Map<String, Object> tooLong = new HashMap<>(plan(2, "300"));
    tooLong.put("identifiedNeeds", "x".repeat(4001));
    assertRefused(instance, f, tooLong, "identifiedNeeds: must be at most 4000 characters (was 4001)");

    assertThat(instance).isWaitingAt(TASK_SUBMIT);
    assertThat(runtime.getVariable(instance.getId(), "managerId")).isEqualTo(f.manager());
    assertThat(plans.context(planId(instance)).plan().currentVersion()).isZero();
  }

  @Test
  void requestForUnknownSettingIsRefused() {
    Fixture f = fixture("10000", "1500");
    assertThatThrownBy(() -> runtime.startProcessInstanceByKey(TrainingPlanProcess.KEY,
        Map.of("programmeCode", f.programmeCode(), "settingUrn", "NOPE")))
        .isInstanceOf(InvalidInputException.class).hasMessage("settingUrn: no setting has the URN 'NOPE'");
    requestPlan(f);
    assertThatThrownBy(() -> requestPlan(f)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("already has a training plan");
  }

  private void assertRefused(ProcessInstance instance, Fixture f, Map<String, Object> plan, String message) {
    assertThatThrownBy(() -> submitPlan(instance, f.manager(), plan))
        .isInstanceOf(InvalidInputException.class).hasMessage(message);
  }


  private BigDecimal committed(Fixture f) {
    return programmes.findProgramme(f.programmeId()).orElseThrow().committed();
  }

  private String grantStatus(ProcessInstance instance) {
    return jdbc.sql("select status from training_grant where plan_id = ?").param(planId(instance))
        .query(String.class).single();
  }
}
