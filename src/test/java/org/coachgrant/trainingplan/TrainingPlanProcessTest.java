package org.coachgrant.trainingplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.coachgrant.trainingplan.TrainingPlanProcess.EVENT_BUDGET_TOPPED_UP;
import static org.coachgrant.trainingplan.TrainingPlanProcess.EVENT_FOLLOW_UP_DUE;
import static org.coachgrant.trainingplan.TrainingPlanProcess.EVENT_GRANT_CLOSED;
import static org.coachgrant.trainingplan.TrainingPlanProcess.EVENT_GRANT_CLOSED_NOT_REPORTED;
import static org.coachgrant.trainingplan.TrainingPlanProcess.EVENT_LEARNING_FOLLOWED_UP;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_FOLLOW_UP;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_HANDLE_OVERDUE_IMPACT;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_REVIEW_IMPACT;
import static org.coachgrant.trainingplan.TrainingPlanProcess.EVENT_GRANT_RELEASED;
import static org.coachgrant.trainingplan.TrainingPlanProcess.EVENT_PLAN_REJECTED;
import static org.coachgrant.trainingplan.TrainingPlanProcess.EVENT_PLAN_WITHDRAWN;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_HANDLE_OVERDUE;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_REPORT_IMPACT;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_RESOLVE_BUDGET;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_REVIEW;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_SENIOR_APPROVAL;
import static org.coachgrant.trainingplan.TrainingPlanProcess.TASK_SUBMIT;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.grant.Grant;
import org.coachgrant.grant.GrantService;
import org.coachgrant.grant.ImpactReports;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.trainingplan.PlanDecisions.Decision;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

/** The {@code trainingPlan} process, one test per path. */
class TrainingPlanProcessTest extends CoachgrantTest {

  @Autowired TrainingPlanService plans;
  @Autowired PlanDecisions decisions;
  @Autowired GrantService grants;
  @Autowired TestRestTemplate http;
  @Autowired ImpactReports reports;
  @Autowired org.coachgrant.programme.ProgrammeFigures figures;

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

    assertThat(instance).hasPassed(EVENT_GRANT_RELEASED).isWaitingAt(TASK_REPORT_IMPACT);
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
    assertThat(instance).hasPassed(EVENT_GRANT_RELEASED).isWaitingAt(TASK_REPORT_IMPACT);
    assertThat(committed(f)).isEqualByComparingTo("2500");
  }

  @Test
  void secondGrantToSettingNeedsSeniorApproval() {
    Fixture first = fixture("10000", "1500");
    ProcessInstance later = secondGrantAwaitingSeniorApproval(first).later();
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
    assertThat(changes).contains("Elklan Speech and Language: staff 2 → 3").contains("Total requested: £600.00 → £900.00")
        .contains("Cascading learning plan: rewritten");
    assertThat(tasks.getVariableLocal(task(instance, TASK_REVIEW).getId(), "planVersion")).isEqualTo(2);
    assertThat(tasks.getVariable(task(instance, TASK_REVIEW).getId(), "reviewDecision"))
        .as("the second review starts undecided").isNull();

    review(instance, "rob", "approve", null);
    assertThat(instance).hasPassed(EVENT_GRANT_RELEASED).isWaitingAt(TASK_REPORT_IMPACT);
    assertThat(committed(f)).isEqualByComparingTo("900");
  }

  @Test
  void rejectedPlanEndsWithoutGrant() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    assertThatThrownBy(() -> review(instance, "ruth", "reject", " "))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("reviewComment: is required when asking for changes or rejecting");

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

    assertThat(second).hasPassed(EVENT_GRANT_RELEASED).isWaitingAt(TASK_REPORT_IMPACT);
    assertThat(instance).hasPassed(EVENT_GRANT_RELEASED).isWaitingAt(TASK_REPORT_IMPACT);
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
    Map<String, Object> noMonth = new HashMap<>(plan(2, "300"));
    noMonth.put("actions", SpinValues.jsonValue("[{\"course\": \"Elklan\", \"provider\": "
        + "\"Elklan Training\", \"staffCount\": 2, \"costEach\": 300, \"plannedMonth\": \"March\"}]").create());
    assertRefused(instance, f, noMonth, "actions[1].plannedMonth: must be a month, like 2027-04 or April 2027 (was 'March')");
    Map<String, Object> tooLong = new HashMap<>(plan(2, "300"));
    tooLong.put("cascadingPlan", "x".repeat(4001));
    assertRefused(instance, f, tooLong, "cascadingPlan: must be at most 4000 characters (was 4001)");

    assertThat(instance).isWaitingAt(TASK_SUBMIT);
    assertThat(runtime.getVariable(instance.getId(), "managerId")).isEqualTo(f.manager());
    assertThat(plans.context(planId(instance)).plan().currentVersion()).isZero();
  }

  @Test
  void longAnswersAndMoneyTypedAsTextArriveWhole() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    String answer = ("Trained staff lead a staff meeting and mentor a colleague for six weeks.\n\n").repeat(54).strip();
    Map<String, Object> plan = new HashMap<>(plan(2, "300"));
    plan.put("cascadingPlan", answer);
    plan.put("actions", SpinValues.jsonValue("[{\"course\": \"Elklan\", \"provider\": \"Elklan Training\", \"staffCount\": \"2\","
        + " \"costEach\": \"£525.50\", \"plannedMonth\": \"" + plannedMonth() + "\"}]").create());
    plan.put("totalRequested", "£1,051");

    submitPlan(instance, f.manager(), plan);

    PlanContent stored = plans.currentVersion(planId(instance)).orElseThrow().content();
    assertThat(answer.length()).isGreaterThan(3800).isLessThanOrEqualTo(4000);
    assertThat(stored.cascadingPlan()).isEqualTo(answer);
    assertThat(stored.totalRequested()).isEqualByComparingTo("1051");
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

  @Test
  void acceptedImpactReportClosesGrantAndReturnsUnspentMoney() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = approvedGrant(f);
    Grant grant = grants.forPlan(planId(instance)).orElseThrow();
    assertThat(grant.impactDue()).as("8 weeks after the end of the planned month")
        .isEqualTo(plannedMonth().atEndOfMonth().plusWeeks(8));
    assertThat(instance).task().isAssignedTo(f.manager());
    assertThat(subjects(f)).anyMatch(s -> s.startsWith("Impact report for grant " + grant.reference()));

    reportImpact(instance, f, impact(true, 2, "450"));
    assertThat(instance).isWaitingAt(TASK_REVIEW_IMPACT).task().hasCandidateGroup("coordinators");
    reviewImpact(instance, "cora", "accept", null);

    assertThat(instance).hasPassed(EVENT_GRANT_CLOSED).isWaitingAt(EVENT_FOLLOW_UP_DUE);
    Grant closed = grants.forPlan(planId(instance)).orElseThrow();
    assertThat(closed.status()).isEqualTo(Grant.CLOSED);
    assertThat(closed.actualSpend()).isEqualByComparingTo("450");
    assertThat(closed.returnedAmount()).isEqualByComparingTo("150");
    assertThat(committed(f)).as("the unspent 150 is back in the budget").isEqualByComparingTo("450");
    assertThat(jdbc.sql("select amount from budget_ledger where programme_id = ? and entry_type = 'RETURN'")
        .param(f.programmeId()).query(BigDecimal.class).single()).isEqualByComparingTo("150");
    assertThat(decisions.latest(planId(instance)).orElseThrow()).extracting(PlanDecisions.Entry::decision,
        PlanDecisions.Entry::decidedBy).containsExactly(Decision.IMPACT_ACCEPTED, "cora");
    assertThat(subjects(f)).contains("Impact report accepted: grant " + grant.reference() + " closed");

    @SuppressWarnings("unchecked")
    Map<String, Object> shown = http.withBasicAuth(f.manager(), PASSWORD).getForObject("/api/plans/{id}", Map.class,
        planId(instance));
    assertThat(shown).containsEntry("actualSpend", 450.0).containsEntry("returnedAmount", 150.0);
    assertThat((Map<String, Object>) shown.get("plan")).containsEntry("grantStatus", "CLOSED");
    assertThat((Map<String, Object>) ((Map<String, Object>) shown.get("impact")).get("content"))
        .containsEntry("colleaguesReached", 6);
    Fixture stranger = enrol(f.programmeCode(), f.programmeId());
    assertThat(http.withBasicAuth(stranger.manager(), PASSWORD).getForEntity("/api/plans/{id}", String.class,
        planId(instance)).getStatusCode()).as("another setting's manager").isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void invalidImpactReportIsRefusedAndNothingStored() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = approvedGrant(f);
    assertImpactRefused(instance, f, impact(true, 2, "-1"), "impactActions[1].actualCost: must not be negative (was -1)");
    assertImpactRefused(instance, f, impact(true, 3, "450"),
        "impactActions[1].staffTrained: must not be more than the 2 staff the plan funded for Elklan Speech and Language (was 3)");
    assertImpactRefused(instance, f, impact(false, 1, "0"),
        "impactActions[1].staffTrained: must be 0 when the training did not take place (was 1)");
    Map<String, Object> missing = impact(true, 2, "450");
    missing.remove("changesForChildren");
    assertImpactRefused(instance, f, missing, "changesForChildren: is required");
    Map<String, Object> unknown = impact(true, 2, "450");
    unknown.put("actualSpend", 0);
    assertImpactRefused(instance, f, unknown, "actualSpend: is not a field of the form 'report-impact'");
    Map<String, Object> twoActions = impact(true, 2, "450");
    twoActions.put("impactActions", SpinValues.jsonValue("[{\"tookPlace\": true, \"staffTrained\": 1, \"actualCost\": 1},"
        + " {\"tookPlace\": true, \"staffTrained\": 1, \"actualCost\": 1}]").create());
    assertImpactRefused(instance, f, twoActions,
        "impactActions: must have one entry for each of the 1 approved training actions, in the plan's order (was 2)");
    assertThat(instance).isWaitingAt(TASK_REPORT_IMPACT);
    assertThat(jdbc.sql("select count(*) from impact_report r join training_grant g on g.id = r.grant_id where g.plan_id = ?")
        .param(planId(instance)).query(Integer.class).single()).isZero();
  }

  @Test
  void moreInformationAskedThenAccepted() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = approvedGrant(f);
    reportImpact(instance, f, impact(true, 2, "600"));
    assertThatThrownBy(() -> reviewImpact(instance, "ruth", "moreInfo", null))
        .isInstanceOf(InvalidInputException.class).hasMessage("impactComment: is required");
    reviewImpact(instance, "ruth", "moreInfo", "Please say how the baby room heard about the strategies.");

    assertThat(instance).isWaitingAt(TASK_REPORT_IMPACT).task().isAssignedTo(f.manager());
    String taskId = task(instance, TASK_REPORT_IMPACT).getId();
    assertThat(tasks.getVariableLocal(taskId, "reviewComment"))
        .isEqualTo("Please say how the baby room heard about the strategies.");
    assertThat(tasks.getVariableLocal(taskId, "changesForChildren")).as("the revision starts from the report").isNotNull();
    assertThat(MAIL.getReceivedMessagesForDomain(f.manager() + "@example.org")).filteredOn(m -> subject(m)
        .startsWith("Please add to the impact report")).singleElement()
        .satisfies(m -> assertThat(text(m)).contains("baby room heard about the strategies"));

    Map<String, Object> revised = impact(true, 2, "600");
    revised.put("cascadeHow", "Room leads modelled the strategies in the baby room every morning for a month.");
    reportImpact(instance, f, revised);
    reviewImpact(instance, "ruth", "accept", "Thank you");
    assertThat(instance).hasPassed(EVENT_GRANT_CLOSED);
    assertThat(grants.forPlan(planId(instance)).orElseThrow().returnedAmount()).isEqualByComparingTo("0");
    assertThat(committed(f)).isEqualByComparingTo("600");
    assertThat(jdbc.sql("select max(version) from impact_report r join training_grant g on g.id = r.grant_id"
        + " where g.plan_id = ?").param(planId(instance)).query(Integer.class).single()).isEqualTo(2);
  }

  @Test
  void overdueImpactReportIsExtended() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = approvedGrant(f);
    LocalDate due = grants.forPlan(planId(instance)).orElseThrow().impactDue();
    MAIL.purgeEmailFromAllMailboxes();

    moveClockTo(due.minusDays(14));
    executeJobs();
    moveClockTo(due.minusDays(3));
    executeJobs();
    assertThat(subjects(f)).hasSize(2).allMatch(s -> s.startsWith("Reminder: impact report"));

    moveClockTo(due.plusDays(1));
    executeJobs();
    assertThat(instance).isWaitingAt(TASK_HANDLE_OVERDUE_IMPACT).task().hasCandidateGroup("coordinators");
    assertThat(MAIL.getReceivedMessagesForDomain("cora@example.org")).extracting(TrainingPlanProcessTest::subject)
        .contains("Overdue impact report: " + settingName(f));
    assertThatThrownBy(() -> complete(instance, TASK_HANDLE_OVERDUE_IMPACT, "cora",
        Map.of("impactOverdueDecision", "extend", "newDueDate", due.toString())))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("newDueDate: must be after today");

    complete(instance, TASK_HANDLE_OVERDUE_IMPACT, "cora", Map.of("impactOverdueDecision", "extend",
        "newDueDate", due.plusDays(21).toString(), "impactOverdueReason", "Course moved to next month"));
    assertThat(instance).isWaitingAt(TASK_REPORT_IMPACT);
    assertThat(grants.forPlan(planId(instance)).orElseThrow().impactDue()).isEqualTo(due.plusDays(21));
    assertThat(decisions.latest(planId(instance)).orElseThrow().decision()).isEqualTo(Decision.IMPACT_DUE_EXTENDED);
    reportImpact(instance, f, impact(true, 2, "600"));
    assertThat(instance).isWaitingAt(TASK_REVIEW_IMPACT);
  }

  @Test
  void overdueImpactReportClosedAsNotReported() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = approvedGrant(f);
    LocalDate due = grants.forPlan(planId(instance)).orElseThrow().impactDue();
    moveClockTo(due.plusDays(1));
    executeJobs();
    MAIL.purgeEmailFromAllMailboxes();
    assertThatThrownBy(() -> complete(instance, TASK_HANDLE_OVERDUE_IMPACT, "cora",
        Map.of("impactOverdueDecision", "close")))
        .isInstanceOf(InvalidInputException.class).hasMessage("impactOverdueReason: is required");

    complete(instance, TASK_HANDLE_OVERDUE_IMPACT, "cora",
        Map.of("impactOverdueDecision", "close", "impactOverdueReason", "No reply to three calls"));
    assertThat(instance).isEnded().hasPassed(EVENT_GRANT_CLOSED_NOT_REPORTED).hasNotPassed(EVENT_GRANT_CLOSED);
    assertThat(grants.forPlan(planId(instance)).orElseThrow().status()).isEqualTo(Grant.CLOSED_NOT_REPORTED);
    assertThat(committed(f)).as("nothing known to return").isEqualByComparingTo("600");
    assertThat(MAIL.getReceivedMessagesForDomain(f.manager() + "@example.org")).singleElement()
        .satisfies(m -> assertThat(text(m)).contains("No reply to three calls"));
  }

  @Test
  void followUpAnswersAreStoredWithTheGrant() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = approvedGrant(f);
    reportImpact(instance, f, impact(true, 2, "600"));
    reviewImpact(instance, "cora", "accept", null);
    Grant grant = grants.forPlan(planId(instance)).orElseThrow();
    assertThat(grant.followUpDue()).isEqualTo(LocalDate.now().plusMonths(6));
    MAIL.purgeEmailFromAllMailboxes();

    moveClockTo(grant.followUpDue());
    executeJobs();
    assertThat(instance).isWaitingAt(TASK_FOLLOW_UP).task().isAssignedTo(f.manager());
    assertThat(subjects(f)).containsExactly("Is the learning still in use? A follow-up for " + settingName(f));
    Map<String, Object> answers = new HashMap<>(Map.of("learningInUse", "partly", "trainedStaffLeft", 3,
        "passedOnToNewStaff", "yes", "followUpComment", "The new deputy shadowed the room leads."));
    assertThatThrownBy(() -> complete(instance, TASK_FOLLOW_UP, f.manager(), answers))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("trainedStaffLeft: must not be more than the 2 staff trained with the grant (was 3)");
    answers.put("trainedStaffLeft", 1);
    complete(instance, TASK_FOLLOW_UP, f.manager(), answers);

    assertThat(instance).isEnded().hasPassed(EVENT_LEARNING_FOLLOWED_UP);
    assertThat(reports.followUp(grant.id()).orElseThrow()).extracting(ImpactReports.FollowUp::learningInUse,
        ImpactReports.FollowUp::trainedStaffLeft, ImpactReports.FollowUp::passedOn, ImpactReports.FollowUp::answeredBy)
        .containsExactly("partly", 1, "yes", f.manager());
    @SuppressWarnings("unchecked")
    Map<String, Object> shown = http.withBasicAuth("cora", PASSWORD).getForObject("/api/plans/{id}", Map.class,
        planId(instance));
    assertThat((Map<String, Object>) shown.get("followUp")).containsEntry("learningInUse", "partly")
        .containsEntry("trainedStaffLeft", 1).containsEntry("passedOn", "yes");
    // the coordinator's funnel ends with the impact reported and the learning still in use
    assertThat(figures.funnel(f.programmeId(), "cora")).extracting(step -> step.stage().label(), step -> step.count())
        .endsWith(org.assertj.core.groups.Tuple.tuple("Grant released", 1L),
            org.assertj.core.groups.Tuple.tuple("Impact reported", 1L),
            org.assertj.core.groups.Tuple.tuple("Learning still in use", 1L));
    // a reviewer linked to the setting is not even told it is there
    programmes.link(f.settingId(), "rob", "COACH");
    assertThat(figures.funnel(f.programmeId(), "rob")).allSatisfy(step -> assertThat(step.count()).isZero());
    assertThat(figures.budget(f.programmeId()).released()).as("paid out: what was spent")
        .isEqualByComparingTo(grants.forPlan(planId(instance)).orElseThrow().actualSpend());
  }

  @Test
  void returnedMoneyWakesWaitListedPlan() {
    Fixture f = fixture("1000", "1500");
    ProcessInstance funded = approvedGrant(f);
    Fixture other = enrol(f.programmeCode(), f.programmeId());
    ProcessInstance waiting = requestPlan(other);
    submitPlan(waiting, other.manager(), plan(1, "700"));
    review(waiting, "ruth", "approve", null);
    complete(waiting, TASK_RESOLVE_BUDGET, "cora", Map.of("budgetDecision", "waitList", "budgetComment", "Wait for returns"));
    assertThat(waiting).isWaitingAt(EVENT_BUDGET_TOPPED_UP);

    reportImpact(funded, f, impact(true, 2, "200"));
    reviewImpact(funded, "cora", "accept", null);
    executeJobs();

    assertThat(grants.forPlan(planId(funded)).orElseThrow().returnedAmount()).isEqualByComparingTo("400");
    assertThat(waiting).hasPassed(EVENT_GRANT_RELEASED).isWaitingAt(TASK_REPORT_IMPACT);
    assertThat(committed(f)).as("200 spent by the first, 700 committed to the second").isEqualByComparingTo("900");
  }

  /** A plan of 2 staff at £300 approved: the grant of £600 released, its impact report asked for. */
  private ProcessInstance approvedGrant(Fixture f) {
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "ruth", "approve", null);
    assertThat(instance).isWaitingAt(TASK_REPORT_IMPACT);
    return instance;
  }

  private void reportImpact(ProcessInstance instance, Fixture f, Map<String, Object> report) {
    complete(instance, TASK_REPORT_IMPACT, f.manager(), report);
  }

  private void reviewImpact(ProcessInstance instance, String reviewer, String decision, String comment) {
    Map<String, Object> values = new HashMap<>();
    values.put("impactDecision", decision);
    values.put("impactComment", comment);
    complete(instance, TASK_REVIEW_IMPACT, reviewer, values);
  }

  private void assertImpactRefused(ProcessInstance instance, Fixture f, Map<String, Object> report, String message) {
    assertThatThrownBy(() -> reportImpact(instance, f, report)).isInstanceOf(InvalidInputException.class).hasMessage(message);
  }

  private String settingName(Fixture f) {
    return programmes.findSetting(f.settingId()).orElseThrow().name();
  }

  private static List<String> subjects(Fixture f) {
    return Arrays.stream(MAIL.getReceivedMessagesForDomain(f.manager() + "@example.org"))
        .map(TrainingPlanProcessTest::subject).toList();
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
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
