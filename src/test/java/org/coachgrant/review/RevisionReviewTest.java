package org.coachgrant.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The review's comment is needed exactly when the form shows it (asking for changes or rejecting), and the server
 * holds every client to that; a revision goes back to the reviewer who asked for its changes, while they may take it.
 */
class RevisionReviewTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;

  private ProcessInstance underReview(Fixture f) {
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    return instance;
  }

  private ResponseEntity<Map> decide(String reviewer, ProcessInstance instance, String decision) {
    return submit(reviewer, instance, Map.of("reviewDecision", Map.of("value", decision)));
  }

  private ResponseEntity<Map> decide(String reviewer, ProcessInstance instance, String decision, String comment) {
    return submit(reviewer, instance, Map.of("reviewDecision", Map.of("value", decision), "reviewComment", Map.of("value", comment)));
  }

  private ResponseEntity<Map> submit(String reviewer, ProcessInstance instance, Map<String, Object> variables) {
    return http.withBasicAuth(reviewer, PASSWORD).postForEntity("/engine-rest/task/{id}/submit-form",
        Map.of("variables", variables), Map.class, task(instance, TrainingPlanProcess.TASK_REVIEW).getId());
  }

  @Test
  void askingForChangesOrRejectingWithoutACommentIsRefusedByTheCommentsLabel() {
    ProcessInstance instance = underReview(fixture("10000", "1500"));

    for (String decision : new String[] {"changes", "reject"}) {
      ResponseEntity<Map> refused = decide("ruth", instance, decision);
      assertThat(refused.getStatusCode()).as(String.valueOf(refused.getBody())).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat((String) refused.getBody().get("message"))
          .contains("Comment for the manager").contains("required when asking for changes or rejecting")
          .doesNotContain("reviewComment", "Exception");
    }
    for (String invisible : new String[] {"\u00a0", "\u200b", "\u3000 \u200b"}) {
      ResponseEntity<Map> refused = decide("ruth", instance, "changes", invisible);
      assertThat(refused.getStatusCode()).as("a comment no one can read").isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat((String) refused.getBody().get("message")).contains("required when asking for changes or rejecting");
    }
    ResponseEntity<Map> terse = decide("ruth", instance, "reject", "x");
    assertThat(terse.getStatusCode()).as("shorter than the form takes").isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) terse.getBody().get("message")).contains("Comment for the manager").contains("at least 10 characters");
    assertThat(task(instance, TrainingPlanProcess.TASK_REVIEW)).as("still waiting").isNotNull();
    executeJobs();
  }

  @Test
  void approvingWithoutACommentIsAccepted() {
    ProcessInstance instance = underReview(fixture("10000", "1500"));

    ResponseEntity<Map> approved = decide("ruth", instance, "approve");
    assertThat(approved.getStatusCode()).as(String.valueOf(approved.getBody())).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(task(instance, TrainingPlanProcess.TASK_REVIEW)).isNull();
    executeJobs();
  }

  @Test
  void theRevisionsReviewIsGivenToTheReviewerWhoAskedForTheChanges() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = underReview(f);
    assertThat(task(instance, TrainingPlanProcess.TASK_REVIEW).getAssignee()).as("the first review is anyone's").isNull();
    review(instance, "ruth", "changes", "Please add a third practitioner.");
    submitPlan(instance, f.manager(), plan(3, "300"));

    assertThat(task(instance, TrainingPlanProcess.TASK_REVIEW).getAssignee()).isEqualTo("ruth");
  }

  @Test
  void aReviewerWhoMayNoLongerTakeTheRevisionLeavesItToAnyReviewer() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = underReview(f);
    review(instance, "ruth", "changes", "Please add a third practitioner.");
    programmes.link(f.settingId(), "ruth", "STAFF");
    submitPlan(instance, f.manager(), plan(3, "300"));

    assertThat(task(instance, TrainingPlanProcess.TASK_REVIEW).getAssignee()).isNull();
  }
}
