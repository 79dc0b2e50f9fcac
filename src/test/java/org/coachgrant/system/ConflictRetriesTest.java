package org.coachgrant.system;

import org.coachgrant.web.Workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A person's submission that collides with a change of the same instance (a real optimistic-locking conflict,
 * made by {@link ConflictInjector}) is tried again on the server: one collision is invisible, and collisions that
 * outlast the retries answer 409 in words with nothing saved, from the engine's REST API and Coachgrant's alike.
 */
class ConflictRetriesTest extends CoachgrantTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate http;
  @Autowired ConflictInjector conflicts;

  @AfterEach
  void disarm() {
    conflicts.disarm();
  }

  @Test
  void aPlanSubmittedThroughCoachgrantsApiIsSavedAfterOneCollision() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    String taskId = task(instance, TrainingPlanProcess.TASK_SUBMIT).getId();

    conflicts.arm(taskId, 1);
    ResponseEntity<String> answer = http.withBasicAuth(f.manager(), PASSWORD)
        .postForEntity("/api/my/tasks/{id}", Map.of("variables", planForm("300")), String.class, taskId);

    assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(conflicts.made()).isEqualTo(1);
    assertThat(task(instance, TrainingPlanProcess.TASK_REVIEW)).isNotNull();
  }

  @Test
  void aPlanThatKeepsCollidingIsRefusedInWordsAndNothingIsSaved() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    String taskId = task(instance, TrainingPlanProcess.TASK_SUBMIT).getId();
    TestRestTemplate manager = http.withBasicAuth(f.manager(), PASSWORD);

    conflicts.arm(taskId, Integer.MAX_VALUE);
    ResponseEntity<String> answer = manager.postForEntity("/api/my/tasks/{id}", Map.of("variables", planForm("300")),
        String.class, taskId);

    refusedInWords(answer);
    assertThat(conflicts.made()).as("tried again before refusing").isEqualTo(ConflictRetries.ATTEMPTS);
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_SUBMIT);
    assertThat(runtime.getVariable(instance.getId(), "totalRequested")).as("nothing saved").isNull();

    conflicts.disarm();
    assertThat(manager.postForEntity("/api/my/tasks/{id}", Map.of("variables", planForm("300")), String.class, taskId)
        .getStatusCode()).as("sent again").isEqualTo(HttpStatus.NO_CONTENT);
  }

  @Test
  void aReviewSubmittedThroughTheEngineRestApiIsSavedAfterOneCollision() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    String review = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();

    conflicts.arm(review, 1);
    ResponseEntity<String> answer = http.withBasicAuth("ruth", PASSWORD).postForEntity("/engine-rest/task/{id}/submit-form",
        Map.of("variables", Map.of("reviewDecision", Map.of("value", "approve"))), String.class, review);

    assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(conflicts.made()).isEqualTo(1);
    assertThat(tasks.createTaskQuery().taskId(review).count()).isZero();
  }

  @Test
  void aReviewThatKeepsCollidingIsRefusedInWordsByTheEngineRestApiAndNothingIsSaved() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    String review = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();

    conflicts.arm(review, Integer.MAX_VALUE);
    ResponseEntity<String> answer = http.withBasicAuth("ruth", PASSWORD).postForEntity("/engine-rest/task/{id}/submit-form",
        Map.of("variables", Map.of("reviewDecision", Map.of("value", "approve"))), String.class, review);

    refusedInWords(answer);
    assertThat(conflicts.made()).isEqualTo(ConflictRetries.ATTEMPTS);
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_REVIEW);
    assertThat(runtime.getVariable(instance.getId(), "reviewDecision")).as("nothing saved").isNull();
  }

  private static void refusedInWords(ResponseEntity<String> answer) throws Exception {
    assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.CONFLICT);
    JsonNode body = JSON.readTree(answer.getBody());
    assertThat(body.path("type").asText()).isEqualTo("Conflict");
    assertThat(body.path("message").asText()).isEqualTo(ConflictRetries.MESSAGE);
    assertThat(answer.getBody()).doesNotContain("Exception", "ACT_", "revision");
  }

  @Autowired Workspace workspace;

  @Test
  void aWorkspaceActionThatCollidesIsTriedAgainAndOneThatKeepsCollidingIsA409InWords() {
    int[] calls = {0};
    assertThat(workspace.asSystem(() -> {
      if (calls[0]++ == 0) {
        throw new org.camunda.bpm.engine.OptimisticLockingException("a reminder's timer changed the group");
      }
      return "saved";
    })).isEqualTo("saved");
    assertThat(calls[0]).isEqualTo(2);

    calls[0] = 0;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> workspace.asSystem(() -> {
      calls[0]++;
      throw new org.camunda.bpm.engine.OptimisticLockingException("again");
    })).isInstanceOfSatisfying(org.springframework.web.server.ResponseStatusException.class, e -> {
      assertThat(e.getStatusCode().value()).isEqualTo(409);
      assertThat(e.getReason()).isEqualTo(ConflictRetries.WORKSPACE_MESSAGE);
    });
    assertThat(calls[0]).as("tried again before refusing").isEqualTo(ConflictRetries.ATTEMPTS);
  }

  @Test
  void aWorkspaceActionInsideACallersTransactionIsLeftToThatTransaction() {
    int[] calls = {0};
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> transactions.executeWithoutResult(status ->
        workspace.asSystem(() -> {
          calls[0]++;
          throw new org.camunda.bpm.engine.OptimisticLockingException("in the caller's transaction");
        }))).isInstanceOf(org.springframework.web.server.ResponseStatusException.class);
    assertThat(calls[0]).isEqualTo(1);
  }

  @Autowired org.springframework.transaction.support.TransactionTemplate transactions;
}
