package org.coachgrant.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.admin.Roles;
import org.coachgrant.forms.InvalidInputException;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A review task goes only to someone who could claim it themselves: in its candidate group, not the setting's manager,
 * coach or linked person. The engine checks it at every door (a claim for someone else, setting the assignee, the Java
 * API), and a refusal tells the colleague who tried the rule, never the other person's conflicts of interest.
 */
class PassingAReviewTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;

  @BeforeEach
  void people() {
    person("carl", Roles.COACHES);
    person("ada", Roles.ADMINISTRATORS);
  }

  private ProcessInstance underReview(Fixture f) {
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    return instance;
  }

  private static void refusedInWords(ResponseEntity<Map> refused, String who) {
    assertThat(refused.getStatusCode()).as(String.valueOf(refused.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().get("type")).isEqualTo("InvalidInput");
    assertThat((String) refused.getBody().get("message")).contains(who + " may not take this task")
        .contains("someone who could claim it themselves")
        .doesNotContain("coaches this setting", "COACH", "conflict of interest", "is not in");
  }

  @Test
  void ruthCannotClaimAWaitingReviewForCarlTheCoachSoCarlCannotApproveIt() {
    Fixture f = fixture("10000", "1500");
    programmes.link(f.settingId(), "carl", "COACH");
    ProcessInstance instance = underReview(f);
    String review = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();

    assertThat(http.withBasicAuth("ruth", PASSWORD).postForEntity("/engine-rest/task/{id}/claim",
        Map.of("userId", "carl"), Map.class, review).getStatusCode())
        .as("the gateway: a claim only for oneself").isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(http.withBasicAuth("ruth", PASSWORD).postForEntity("/engine-rest/task/{id}/assignee",
        Map.of("userId", "carl"), Map.class, review).getStatusCode()).isIn(HttpStatus.BAD_REQUEST, HttpStatus.FORBIDDEN);
    refusedInWords(http.withBasicAuth("ada", PASSWORD).postForEntity("/engine-rest/task/{id}/assignee",
        Map.of("userId", "carl"), Map.class, review), "carl");

    assertThat(task(instance, TrainingPlanProcess.TASK_REVIEW).getAssignee()).isNull();
    assertThat(http.withBasicAuth("carl", PASSWORD).postForEntity("/engine-rest/task/{id}/submit-form",
        Map.of("variables", Map.of("reviewDecision", Map.of("value", "approve"))), String.class, review).getStatusCode())
        .as("carl has no way to decide it").isIn(HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND, HttpStatus.BAD_REQUEST);
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_REVIEW);
  }

  @Test
  void aReviewCannotBeGivenToSomeoneOutsideItsGroupThroughTheJavaApi() {
    Fixture f = fixture("10000", "1500");
    String review = task(underReview(f), TrainingPlanProcess.TASK_REVIEW).getId();

    actAs("ruth");
    try {
      assertThatThrownBy(() -> tasks.claim(review, "carl")).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("assignee: carl may not take this task");
    } finally {
      identity.clearAuthentication();
    }
    actAs("ada");
    try {
      assertThatThrownBy(() -> tasks.setAssignee(review, "carl")).as("nor can an administrator give it")
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> tasks.setAssignee(review, f.manager())).as("nor to the plan's own manager")
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> tasks.delegateTask(review, "carl")).as("nor delegate it")
          .isInstanceOf(RuntimeException.class);
    } finally {
      identity.clearAuthentication();
    }
    assertThatThrownBy(() -> tasks.setAssignee(review, "carl")).as("the application itself is told why")
        .hasMessageContaining("carl is not in reviewers");
    assertThat(tasks.createTaskQuery().taskId(review).singleResult().getAssignee()).isNull();
  }

  @Test
  void aConflictedColleagueIsRefusedWithoutSayingWhy() {
    Fixture f = fixture("10000", "1500");
    programmes.link(f.settingId(), "rob", "STAFF");
    String review = task(underReview(f), TrainingPlanProcess.TASK_REVIEW).getId();

    ResponseEntity<Map> claimForRob = http.withBasicAuth("ruth", PASSWORD).postForEntity("/engine-rest/task/{id}/claim",
        Map.of("userId", "rob"), Map.class, review);
    assertThat(claimForRob.getStatusCode()).as("the gateway: a claim only for oneself").isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(claimForRob.getBody().toString()).doesNotContain("linked", "conflict");
    refusedInWords(http.withBasicAuth("ada", PASSWORD).postForEntity("/engine-rest/task/{id}/assignee",
        Map.of("userId", "rob"), Map.class, review), "rob");
  }

  @Test
  void aReviewCanStillBePassedToAColleagueWhoCouldClaimIt() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = underReview(f);
    String review = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();

    actAs("ruth");
    try {
      tasks.claim(review, "rob");
    } finally {
      identity.clearAuthentication();
    }
    assertThat(task(instance, TrainingPlanProcess.TASK_REVIEW).getAssignee()).isEqualTo("rob");
    review(instance, "rob", "approve", null);
    assertThat(instance).hasPassed(TrainingPlanProcess.EVENT_GRANT_RELEASED);
  }

  @Test
  void aReviewerWhoLeftTheReviewersAfterClaimingCannotDecide() {
    person("rhona", "reviewers");
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = underReview(f);
    String review = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();
    tasks.claim(review, "rhona");
    identity.deleteMembership("rhona", "reviewers");

    assertThatThrownBy(() -> tasks.complete(review, Map.of("reviewDecision", "approve")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("rhona is not in reviewers");
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_REVIEW);
  }

  @Test
  void anImpactReviewGoesOnlyToACoordinatorOrReviewerWithNoLinkToTheSetting() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = underReview(f);
    review(instance, "ruth", "approve", null);
    complete(instance, TrainingPlanProcess.TASK_REPORT_IMPACT, f.manager(), impact(true, 2, "600"));
    String impactReview = task(instance, TrainingPlanProcess.TASK_REVIEW_IMPACT).getId();

    refusedInWords(http.withBasicAuth("ada", PASSWORD).postForEntity("/engine-rest/task/{id}/assignee",
        Map.of("userId", "carl"), Map.class, impactReview), "carl");
    actAs("ada");
    try {
      tasks.setAssignee(impactReview, "cora");
    } finally {
      identity.clearAuthentication();
    }
    assertThat(List.of(task(instance, TrainingPlanProcess.TASK_REVIEW_IMPACT).getAssignee())).containsExactly("cora");
  }

  @Test
  void aBudgetShortfallGoesOnlyToACoordinator() {
    Fixture f = fixture("1000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(5, "300"));
    review(instance, "ruth", "approve", null);
    String shortfall = task(instance, TrainingPlanProcess.TASK_RESOLVE_BUDGET).getId();

    refusedInWords(http.withBasicAuth("ada", PASSWORD).postForEntity("/engine-rest/task/{id}/assignee",
        Map.of("userId", "ruth"), Map.class, shortfall), "ruth");
    actAs("ada");
    try {
      tasks.setAssignee(shortfall, "cora");
    } finally {
      identity.clearAuthentication();
    }
    assertThat(task(instance, TrainingPlanProcess.TASK_RESOLVE_BUDGET).getAssignee()).isEqualTo("cora");
  }

  @Test
  void makingCarlTheOwnerOrACandidateStillLetsHimNeitherClaimNorDecide() {
    Fixture f = fixture("10000", "1500");
    programmes.link(f.settingId(), "carl", "COACH");
    ProcessInstance instance = underReview(f);
    String review = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();
    actAs("ada");
    try {
      tasks.setOwner(review, "carl");
      tasks.addCandidateUser(review, "carl");
    } finally {
      identity.clearAuthentication();
    }
    TestRestTemplate carl = http.withBasicAuth("carl", PASSWORD);

    assertThat(carl.postForEntity("/engine-rest/task/{id}/claim", Map.of("userId", "carl"), String.class, review)
        .getStatusCode()).isIn(HttpStatus.BAD_REQUEST, HttpStatus.FORBIDDEN);
    assertThat(carl.postForEntity("/engine-rest/task/{id}/submit-form",
        Map.of("variables", Map.of("reviewDecision", Map.of("value", "approve"))), String.class, review).getStatusCode())
        .isIn(HttpStatus.BAD_REQUEST, HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND);
    actAs("carl");
    try {
      assertThatThrownBy(() -> tasks.complete(review, Map.of("reviewDecision", "approve")))
          .hasMessageContaining("carl is not in reviewers");
    } finally {
      identity.clearAuthentication();
    }
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_REVIEW);
  }
}
