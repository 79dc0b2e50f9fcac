package org.coachgrant.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.PlanDecisions;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Every way of finishing a task runs its form handler: delegation (whose resolution would skip it) is refused
 * with a clear 400 by every route, and nobody writes a process variable through resolve.
 */
class DelegationTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;
  @Autowired PlanDecisions decisions;

  @Test
  void delegationIsRefusedAndNoVariableIsWrittenByResolving() {
    person("ada", Roles.ADMINISTRATORS);
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    String reviewTask = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();
    TestRestTemplate ada = http.withBasicAuth("ada", PASSWORD);
    TestRestTemplate ruth = http.withBasicAuth("ruth", PASSWORD);

    ResponseEntity<Map> delegated = ada.postForEntity("/engine-rest/task/{id}/delegate", Map.of("userId", "ruth"),
        Map.class, reviewTask);
    // delegating, resolving and rewriting a task are on nobody's allow-list, administrators' included
    assertThat(delegated.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    Map<String, Object> saved = new HashMap<>(ada.getForObject("/engine-rest/task/{id}", Map.class, reviewTask));
    saved.remove("camundaFormRef");
    saved.put("delegationState", "PENDING");
    saved.put("assignee", "ruth");
    saved.put("owner", "ada");
    ResponseEntity<String> put = ada.exchange("/engine-rest/task/{id}", HttpMethod.PUT, new HttpEntity<>(saved),
        String.class, reviewTask);
    assertThat(put.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    Task unchanged = task(instance, TrainingPlanProcess.TASK_REVIEW);
    assertThat(unchanged.getDelegationState()).isNull();
    assertThat(unchanged.getAssignee()).isNull();

    Map<String, Object> forged = Map.of("reviewDecision", Map.of("value", "approve2"),
        "managerId", Map.of("value", "ruth"), "seniorApprovalRequired", Map.of("value", false));
    for (TestRestTemplate caller : new TestRestTemplate[] {ruth, ada}) {
      ResponseEntity<Map> resolved = caller.postForEntity("/engine-rest/task/{id}/resolve", Map.of("variables", forged),
          Map.class, reviewTask);
      assertThat(resolved.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(runtime.getVariable(instance.getId(), "managerId")).isEqualTo(f.manager());
    assertThat(runtime.getVariable(instance.getId(), "reviewDecision")).isNull();
    assertThat(runtime.getVariable(instance.getId(), "seniorApprovalRequired")).isNull();

    assertThat(ruth.postForEntity("/engine-rest/task/{id}/submit-form", Map.of("variables", forged), Map.class,
        reviewTask).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(ruth.postForEntity("/engine-rest/task/{id}/submit-form", Map.of("variables",
        Map.of("reviewDecision", Map.of("value", "approve"))), String.class, reviewTask).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(decisions.forPlan(planId(instance))).extracting(PlanDecisions.Entry::decision, PlanDecisions.Entry::decidedBy)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(PlanDecisions.Decision.APPROVED, "ruth"));
    assertThat(runtime.getVariable(instance.getId(), "managerId")).isEqualTo(f.manager());
  }
}
