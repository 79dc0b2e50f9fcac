package org.coachgrant.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.modelling.TestModels;
import org.coachgrant.trainingplan.PlanDecisions;
import org.coachgrant.trainingplan.PlanDecisions.Decision;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The ledger checks the review itself: however a process gets to the commitment or the release of a grant (start
 * instructions before any step after the review, a modification, a decision that no longer counts), no money moves
 * without an approval of the version funded by someone who may give it now. Each attempt fails into an incident that
 * says why in words, and is audited.
 */
class LedgerChecksTest extends CoachgrantTest {

  private static final String NO_APPROVAL = "has no approval by an eligible reviewer: nothing was committed";

  @Autowired PlanDecisions decisions;
  @Autowired RefusedGrantAttempts refused;
  @Autowired TestRestTemplate http;

  /** What a refused attempt must leave as it was. */
  private record Money(BigDecimal committed, long ledgerEntries, long grants, String planStatus) {}

  private Money money(Fixture f, long planId) {
    return new Money(programmes.findProgramme(f.programmeId()).orElseThrow().committed(),
        jdbc.sql("select count(*) from budget_ledger where programme_id = ?").param(f.programmeId()).query(Long.class).single(),
        jdbc.sql("select count(*) from training_grant where plan_id = ?").param(planId).query(Long.class).single(),
        jdbc.sql("select status from training_plan where id = ?").param(planId).query(String.class).single());
  }

  /** A plan of its own programme, submitted and waiting for its review. */
  private ProcessInstance underReview(Fixture f, int staff) {
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(staff, "500"));
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_REVIEW);
    return instance;
  }

  /**
   * The variables an attacker gives to steer every gateway after the review towards the money; none of them counts
   * for the ledger.
   */
  private static Map<String, Object> steering(long planId, Fixture f) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("planId", planId);
    variables.put("programmeId", f.programmeId());
    variables.put("managerId", f.manager());
    variables.put("reviewDecision", "approve");
    variables.put("seniorDecision", "approve");
    variables.put("budgetDecision", "topUp");
    variables.put("seniorApprovalRequired", false);
    variables.put("requestedAmount", 1.0);
    variables.put("previousGrants", 0);
    variables.put("firstApprover", "ruth");
    variables.put("impactDecision", "accept");
    variables.put("impactOverdueDecision", "close");
    return variables;
  }

  private ProcessInstance startBefore(String activityId, long planId, Fixture f) {
    actAs("cora");
    try {
      return runtime.createProcessInstanceByKey(TrainingPlanProcess.KEY).startBeforeActivity(activityId)
          .setVariables(steering(planId, f)).execute();
    } finally {
      identity.clearAuthentication();
    }
  }

  /** Moves the instance from a step to another by process-instance modification, as an administrator could. */
  private void move(ProcessInstance instance, String from, String to) {
    runtime.createProcessInstanceModification(instance.getId()).cancelAllForActivity(from).startBeforeActivity(to)
        .execute();
  }

  /** Runs this test's waiting continuations, each as often as its retries allow, as the job executor would over time. */
  private void runJobsUntilDoneOrFailed() {
    for (int round = 0; round < 50; round++) {
      List<Job> jobs = ownJobs(management.createJobQuery().messages().withRetriesLeft().list());
      if (jobs.isEmpty()) {
        return;
      }
      for (Job job : jobs) {
        try {
          management.executeJob(job.getId());
        } catch (RuntimeException refused) {
          // a failed job keeps its remaining retries; the next round uses them
        }
      }
    }
    throw new IllegalStateException("Jobs keep coming");
  }

  /** The attempt was refused: nothing moved, an incident says why in words, the attempt is audited. */
  private void refused(ProcessInstance attack, Fixture f, long planId, Money before, String why) {
    runJobsUntilDoneOrFailed();
    assertThat(money(f, planId)).isEqualTo(before);
    assertThat(money(f, planId).planStatus()).isNotEqualTo("FUNDED");
    List<Incident> incidents = runtime.createIncidentQuery().processInstanceId(attack.getId()).list();
    assertThat(incidents).as("an incident for the attempt").hasSize(1);
    assertThat(incidents.get(0).getIncidentMessage()).startsWith("Plan " + planId + " version ").contains(why)
        .doesNotContain("Exception", "org.", "java.");
    assertThat(refused.forPlan(planId)).as("every refused try is audited").isNotEmpty()
        .allSatisfy(attempt -> {
          assertThat(attempt.reason()).contains(why);
          assertThat(attempt.processInstanceId()).isEqualTo(attack.getId());
          assertThat(attempt.attemptedBy()).isNotBlank();
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"Gateway_ReviewDecision", "Task_EvaluateApprovalRules", "Gateway_SeniorApprovalRequired",
      "Gateway_SeniorDecision", "Gateway_Approved", "Gateway_BudgetDecision", "Gateway_RetryCommit", "Task_CommitGrant"})
  void startingTheProcessAtAStepAfterTheReviewCommitsNothingForAPlanUnderReview(String activityId) {
    Fixture f = fixture("10000", "3000");
    long planId = planId(underReview(f, 2));
    Money before = money(f, planId);

    ProcessInstance attack = startBefore(activityId, planId, f);

    refused(attack, f, planId, before, NO_APPROVAL);
    assertThat(refused.forPlan(planId).get(0).attemptedBy()).as("who gave the start instructions").isEqualTo("cora");
    assertThat(refused.forPlan(planId).get(0).attempt()).isEqualTo("COMMIT");
  }

  /**
   * The steps after the money moved, started for a plan under review: whether the engine refuses the start, or a step
   * fails, or the process runs on, no money moves and the plan is not funded.
   */
  @ParameterizedTest
  @ValueSource(strings = {"Error_BudgetExhausted", "Task_ResolveBudgetShortfall", "Task_EmailPlanWaitListed",
      "Event_GrantReleased", "Task_EmailPlanApproved", "Task_EmailImpactReportDue", "Gateway_AwaitImpactReport",
      "Task_ReportImpact", "Task_EmailImpactReportOverdue", "Task_HandleOverdueImpactReport",
      "Gateway_ImpactOverdueDecision", "Task_ReviewImpactReport", "Gateway_ImpactReviewDecision",
      "Task_EmailMoreInformationAsked", "Task_CloseGrant", "Event_GrantClosed", "Task_EmailGrantClosed",
      "Timer_FollowUpDue", "Task_EmailFollowUp", "Task_FollowUpLearning", "Gateway_ChangesRequested",
      "Gateway_Rejected"})
  void startingTheProcessAtAStepAfterTheMoneyMovesNothingForAPlanUnderReview(String activityId) {
    Fixture f = fixture("10000", "3000");
    long planId = planId(underReview(f, 2));
    Money before = money(f, planId);

    try {
      startBefore(activityId, planId, f);
    } catch (RuntimeException refusedAtTheStart) {
      // a step that needs the grant refuses to start without it: nothing was created
    }
    runJobsUntilDoneOrFailed();

    Money after = money(f, planId);
    assertThat(after.committed()).isEqualByComparingTo(before.committed());
    assertThat(after.ledgerEntries()).isEqualTo(before.ledgerEntries());
    assertThat(after.grants()).isZero();
    assertThat(after.planStatus()).isNotEqualTo("FUNDED");
  }

  @Test
  void startingTheProcessAtTheReleaseReleasesNothingForAPlanUnderReview() {
    Fixture f = fixture("10000", "3000");
    long planId = planId(underReview(f, 2));
    Money before = money(f, planId);

    ProcessInstance attack = startBefore("Task_ReleaseGrant", planId, f);

    refused(attack, f, planId, before, "has no approval by an eligible reviewer: nothing was released");
  }

  @Test
  void startingTheProcessJustAfterTheCommitmentReleasesNothing() {
    Fixture f = fixture("10000", "3000");
    long planId = planId(underReview(f, 2));
    Money before = money(f, planId);

    actAs("cora");
    ProcessInstance attack = runtime.createProcessInstanceByKey(TrainingPlanProcess.KEY)
        .startAfterActivity(TrainingPlanProcess.TASK_COMMIT_GRANT).setVariables(steering(planId, f)).execute();
    identity.clearAuthentication();

    refused(attack, f, planId, before, "nothing was released");
  }

  @Test
  void aSeniorApprovalAloneAtAStartedSeniorStepCommitsNothing() {
    Fixture f = fixture("10000", "3000");
    long planId = planId(underReview(f, 2));
    ProcessInstance attack = startBefore(TrainingPlanProcess.TASK_SENIOR_APPROVAL, planId, f);

    actAs("sam");
    tasks.complete(task(attack, TrainingPlanProcess.TASK_SENIOR_APPROVAL).getId(), Map.of("seniorDecision", "approve"));
    identity.clearAuthentication();
    Money before = money(f, planId);

    refused(attack, f, planId, before, NO_APPROVAL);
  }

  @Test
  void aBudgetTopUpWakingAStartedWaitCommitsNothing() {
    Fixture f = fixture("10000", "3000");
    long planId = planId(underReview(f, 2));
    Money before = money(f, planId);
    ProcessInstance attack = startBefore(TrainingPlanProcess.EVENT_BUDGET_TOPPED_UP, planId, f);

    runtime.createMessageCorrelation(TrainingPlanProcess.MESSAGE_BUDGET_TOPPED_UP).processInstanceId(attack.getId())
        .correlate();

    refused(attack, f, planId, before, NO_APPROVAL);
  }

  @Test
  void anAdministratorsStartInstructionsThroughRestCommitNothing() throws Exception {
    person("ada", "camunda-admin");
    Fixture f = fixture("10000", "3000");
    long planId = planId(underReview(f, 2));
    Money before = money(f, planId);

    ResponseEntity<Map> started = http.withBasicAuth("ada", PASSWORD).postForEntity(
        "/engine-rest/process-definition/key/trainingPlan/start",
        Map.of("startInstructions", List.of(Map.of("type", "startBeforeActivity", "activityId", "Task_CommitGrant",
            "variables", Map.of("planId", Map.of("value", planId, "type", "Long"))))), Map.class);
    assertThat(started.getStatusCode()).as(String.valueOf(started.getBody())).isEqualTo(HttpStatus.OK);
    ProcessInstance attack = runtime.createProcessInstanceQuery().processInstanceId((String) started.getBody().get("id"))
        .singleResult();

    refused(attack, f, planId, before, NO_APPROVAL);
    assertThat(refused.forPlan(planId).get(0).attemptedBy()).isEqualTo("ada");
  }

  /** Point 1's "an administrator's model": her own process, deployed from Camunda Modeler, calls the commitment. */
  @Test
  void anAdministratorsOwnModelThatCallsTheCommitmentCommitsNothing() throws Exception {
    person("ada", "camunda-admin");
    Fixture f = fixture("10000", "3000");
    long planId = planId(underReview(f, 2));
    Money before = money(f, planId);
    String key = "Process_Fund" + planId;
    String model = TestModels.oneStep(key, "Task_Fund",
        "<serviceTask id=\"Task_Fund\" name=\"Fund\" camunda:asyncBefore=\"true\" camunda:delegateExpression=\"${commitGrant}\" />")
        .replace("name=\"" + key + "\"", "name=\"Fund a plan\"");

    ResponseEntity<String> deployed = TestModels.fromCamundaModeler(http, "ada", PASSWORD, "fund.bpmn", model);
    assertThat(deployed.getStatusCode()).as(deployed.getBody()).isEqualTo(HttpStatus.OK);
    String deployment = engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(key)
        .singleResult().getDeploymentId();
    try {
      ResponseEntity<Map> started = http.withBasicAuth("ada", PASSWORD).postForEntity(
          "/engine-rest/process-definition/key/" + key + "/start",
          Map.of("variables", Map.of("planId", Map.of("value", planId, "type", "Long"))), Map.class);
      assertThat(started.getStatusCode()).as(String.valueOf(started.getBody())).isEqualTo(HttpStatus.OK);
      ProcessInstance attack = runtime.createProcessInstanceQuery().processInstanceId((String) started.getBody().get("id"))
          .singleResult();

      refused(attack, f, planId, before, NO_APPROVAL);
      assertThat(refused.forPlan(planId).get(0).attemptedBy()).isEqualTo("ada");
    } finally {
      engine.getRepositoryService().deleteDeployment(deployment, true);
    }
  }

  @Test
  void movingAPlanUnderReviewPastItsReviewCommitsNothing() {
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = underReview(f, 2);
    long planId = planId(instance);
    Money before = money(f, planId);

    runtime.createProcessInstanceModification(instance.getId())
        .cancelAllForActivity(TrainingPlanProcess.TASK_REVIEW)
        .startBeforeActivity(TrainingPlanProcess.TASK_COMMIT_GRANT)
        .setVariable("reviewDecision", "approve")
        .execute();

    refused(instance, f, planId, before, NO_APPROVAL);
  }

  @Test
  void anApprovalBySomeoneWhoHasSinceLeftTheReviewersCommitsNothing() {
    person("rhea", "reviewers");
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = underReview(f, 2);
    long planId = planId(instance);
    actAs("rhea");
    tasks.complete(task(instance, TrainingPlanProcess.TASK_REVIEW).getId(), Map.of("reviewDecision", "approve"));
    identity.clearAuthentication();
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_COMMIT_GRANT);
    Money before = money(f, planId);

    identity.deleteMembership("rhea", "reviewers");
    try {
      refused(instance, f, planId, before, "has no approval by an eligible reviewer (the one on record is rhea's,"
          + " who is not in reviewers): nothing was committed");
    } finally {
      identity.createMembership("rhea", "reviewers");
    }
  }

  @Test
  void anAdministratorWhoMakesHimselfAReviewerNeitherTakesAReviewNorFundsAPlan() {
    person("adam", "camunda-admin");
    person("adam", "reviewers");
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = underReview(f, 2);
    long planId = planId(instance);
    Money before = money(f, planId);

    actAs("adam");
    assertThatThrownBy(() -> tasks.claim(task(instance, TrainingPlanProcess.TASK_REVIEW).getId(), "adam"))
        .hasMessageContaining("adam is an administrator, and administrators do not decide plans");
    identity.clearAuthentication();
    // the approval recorded by a door nobody thought of: the ledger still refuses it
    decisions.record(planId, 1, Decision.APPROVED, "adam", null);
    move(instance, TrainingPlanProcess.TASK_REVIEW, TrainingPlanProcess.TASK_COMMIT_GRANT);

    refused(instance, f, planId, before, "(the one on record is adam's, who is an administrator");
  }

  @Test
  void whoMadeSomeoneAReviewerAndWhenIsKept() {
    person("adele", "camunda-admin");
    person("rena", "volunteers");
    actAs("adele");
    identity.createMembership("rena", "reviewers");
    identity.deleteMembership("rena", "reviewers");
    identity.clearAuthentication();

    assertThat(jdbc.sql("select change, changed_by from membership_change where user_id = 'rena' and group_id = 'reviewers'"
            + " order by id").query((rs, row) -> rs.getString(1) + " by " + rs.getString(2)).list())
        .containsExactly("ADDED by adele", "REMOVED by adele");
  }

  @Test
  void anApprovalOnRecordByTheSettingsCoachCommitsNothing() {
    // the setting's coach by its link, and a reviewer too: not in the coaches group, which other tests allocate from
    person("cody", "reviewers");
    Fixture f = fixture("10000", "3000");
    programmes.link(f.settingId(), "cody", "COACH");
    ProcessInstance instance = underReview(f, 2);
    long planId = planId(instance);
    Money before = money(f, planId);
    // a decision recorded by a door nobody thought of: the ledger does not trust that the task list kept cody out
    decisions.record(planId, 1, Decision.APPROVED, "cody", null);

    move(instance, TrainingPlanProcess.TASK_REVIEW, TrainingPlanProcess.TASK_COMMIT_GRANT);

    refused(instance, f, planId, before, "(the one on record is cody's, who coaches this setting");
  }

  @Test
  void anApprovalOfAnOlderVersionCommitsNothing() {
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = underReview(f, 5);
    long planId = planId(instance);
    review(instance, "ruth", "approve", null);
    complete(instance, TrainingPlanProcess.TASK_SENIOR_APPROVAL, "sam",
        Map.of("seniorDecision", "changes", "seniorComment", "Name the mentors."));
    submitPlan(instance, f.manager(), plan(5, "500"));
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_REVIEW);
    Money before = money(f, planId);

    move(instance, TrainingPlanProcess.TASK_REVIEW, TrainingPlanProcess.TASK_COMMIT_GRANT);

    refused(instance, f, planId, before, "Plan " + planId + " version 2 " + NO_APPROVAL);
  }

  @Test
  void aLargePlanWithoutItsSeniorApprovalCommitsNothingWhateverTheProcessSays() {
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = underReview(f, 5);
    long planId = planId(instance);
    review(instance, "ruth", "approve", null);
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_SENIOR_APPROVAL);
    Money before = money(f, planId);

    runtime.createProcessInstanceModification(instance.getId())
        .cancelAllForActivity(TrainingPlanProcess.TASK_SENIOR_APPROVAL)
        .startBeforeActivity(TrainingPlanProcess.TASK_COMMIT_GRANT)
        .setVariable("seniorApprovalRequired", false)
        .execute();

    refused(instance, f, planId, before, "needs a senior approval by a second person under the approval rules and has"
        + " none by an eligible senior reviewer: nothing was committed");
  }

  @Test
  void aSeniorApprovalByTheFirstApproverCommitsNothing() {
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = underReview(f, 5);
    long planId = planId(instance);
    review(instance, "vera", "approve", null);
    Money before = money(f, planId);
    decisions.record(planId, 1, Decision.SENIOR_APPROVED, "vera", null);

    move(instance, TrainingPlanProcess.TASK_SENIOR_APPROVAL, TrainingPlanProcess.TASK_COMMIT_GRANT);

    refused(instance, f, planId, before, "needs a senior approval by a second person");
  }

  @Test
  void theReviewedJourneyStillCommitsAndReleases() {
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = underReview(f, 5);
    long planId = planId(instance);
    review(instance, "ruth", "approve", null);
    complete(instance, TrainingPlanProcess.TASK_SENIOR_APPROVAL, "sam", Map.of("seniorDecision", "approve"));

    assertThat(instance).hasPassed(TrainingPlanProcess.EVENT_GRANT_RELEASED);
    assertThat(money(f, planId).planStatus()).isEqualTo("FUNDED");
    assertThat(programmes.findProgramme(f.programmeId()).orElseThrow().committed()).isEqualByComparingTo("2500");
    assertThat(refused.forPlan(planId)).isEmpty();
  }
  /** A released grant whose manager has reported its impact, the report waiting for its review. */
  private ProcessInstance impactUnderReview(Fixture f) {
    ProcessInstance instance = underReview(f, 2);
    review(instance, "ruth", "approve", null);
    complete(instance, TrainingPlanProcess.TASK_REPORT_IMPACT, f.manager(), impact(true, 1, "100"));
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_REVIEW_IMPACT);
    return instance;
  }

  /** Closing was refused: the grant is still released, nothing went back to the budget, an incident says why. */
  private void closeRefused(ProcessInstance attack, Fixture f, long planId, Money before, String why) {
    runJobsUntilDoneOrFailed();
    assertThat(money(f, planId)).isEqualTo(before);
    assertThat(jdbc.sql("select status from training_grant where plan_id = ?").param(planId).query(String.class)
        .single()).isEqualTo(Grant.RELEASED);
    List<Incident> incidents = runtime.createIncidentQuery().processInstanceId(attack.getId()).list();
    assertThat(incidents).as("an incident for the attempt").hasSize(1);
    assertThat(incidents.get(0).getIncidentMessage()).startsWith("Plan " + planId + " version ").contains(why)
        .endsWith("nothing was returned to the budget").doesNotContain("Exception", "org.", "java.");
    assertThat(refused.forPlan(planId)).as("every refused try is audited").isNotEmpty()
        .allSatisfy(attempt -> assertThat(attempt.attempt()).isEqualTo("CLOSE"));
  }

  @Test
  void startingTheProcessAtTheCloseReturnsNothingWhileTheImpactReportWaitsForItsReview() {
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = impactUnderReview(f);
    long planId = planId(instance);
    Money before = money(f, planId);

    ProcessInstance attack = startBefore(TrainingPlanProcess.TASK_CLOSE_GRANT, planId, f);

    closeRefused(attack, f, planId, before, "has no accepted impact report on record");
  }

  @Test
  void movingAnImpactReportPastItsReviewReturnsNothing() {
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = impactUnderReview(f);
    long planId = planId(instance);
    Money before = money(f, planId);

    move(instance, TrainingPlanProcess.TASK_REVIEW_IMPACT, TrainingPlanProcess.TASK_CLOSE_GRANT);

    closeRefused(instance, f, planId, before, "has no accepted impact report on record");
  }

  @Test
  void anImpactReportAcceptedOnRecordByTheSettingsManagerReturnsNothing() {
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = impactUnderReview(f);
    long planId = planId(instance);
    Money before = money(f, planId);
    decisions.record(planId, 1, Decision.IMPACT_ACCEPTED, f.manager(), null);

    move(instance, TrainingPlanProcess.TASK_REVIEW_IMPACT, TrainingPlanProcess.TASK_CLOSE_GRANT);

    closeRefused(instance, f, planId, before, "has no impact report accepted by an eligible reviewer");
  }

  @Test
  void anAcceptedImpactReportStillClosesTheGrant() {
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = impactUnderReview(f);
    long planId = planId(instance);

    complete(instance, TrainingPlanProcess.TASK_REVIEW_IMPACT, "cora", Map.of("impactDecision", "accept"));
    executeJobs();

    assertThat(jdbc.sql("select status from training_grant where plan_id = ?").param(planId).query(String.class)
        .single()).isEqualTo(Grant.CLOSED);
    assertThat(refused.forPlan(planId)).isEmpty();
  }
}
