package org.coachgrant.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Bad input through the REST API: a 400 that names the field and the rule, and nothing stored. */
class RestValidationTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;

  @Test
  void negativeCostIsRefusedWithTheFieldNamed() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    String taskId = task(instance, TrainingPlanProcess.TASK_SUBMIT).getId();

    ResponseEntity<Map> response = http.withBasicAuth(f.manager(), PASSWORD).postForEntity(
        "/api/my/tasks/{id}", Map.of("variables", planForm("-5")), Map.class, taskId);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) response.getBody().get("message")).endsWith("Training actions, row 1, Cost per person: must not be negative (was -5)");
    assertThat(response.getBody()).containsEntry("field", "actions[1].costEach");
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_SUBMIT);
    assertThat(runtime.getVariable(instance.getId(), "identifiedNeeds")).isNull();
    assertThat(jdbc.sql("select count(*) from training_plan_version v join training_plan p on p.id = v.plan_id"
        + " where p.process_instance_id = ?").param(instance.getId()).query(Integer.class).single()).isZero();
  }

  @Test
  void wrongTypesAndAbsurdAmountsAreRefused() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    String taskId = task(instance, TrainingPlanProcess.TASK_SUBMIT).getId();
    Map<String, Object> plan = new java.util.HashMap<>(Map.of(
        "identifiedNeeds", Map.of("value", "Speech and language"),
        "actions", Map.of("type", "Json", "value", "[{\"course\":\"Elklan\",\"provider\":\"Elklan\",\"staffCount\":\"two\",\"costEach\":300}]"),
        "totalRequested", Map.of("value", 600),
        "expectedOutcomes", Map.of("value", "Better talk"),
        "cascadingPlan", Map.of("value", "Staff meetings")));
    assertRefused(taskId, f, plan, "Training actions, row 1, Staff attending: must be a whole number (was 'two')");
    plan.put("actions", Map.of("type", "Json", "value", "[{\"course\":\"Elklan\",\"provider\":\"Elklan\",\"staffCount\":1,\"costEach\":1e12}]"));
    assertRefused(taskId, f, plan, "Training actions, row 1, Cost per person: must be at most 1500.00");
    plan.put("actions", Map.of("type", "Json", "value", "{\"course\":\"Elklan\"}"));
    assertRefused(taskId, f, plan, "Training actions: must be a list of training actions");
    plan.put("actions", Map.of("type", "Json", "value", "[{\"course\":\"Elklan\",\"provider\":\"Elklan\",\"staffCount\":2,\"costEach\":300,"
        + "\"plannedMonth\":\"" + plannedMonth() + "\"}]"));
    plan.put("totalRequested", Map.of("value", "six hundred"));
    assertRefused(taskId, f, plan, "Total grant requested: must be a number (was 'six hundred')");
    plan.put("totalRequested", Map.of("value", "1e10000000"));
    assertRefused(taskId, f, plan, "Total grant requested: must be a number of at most 15 digits before and after the decimal point");
    plan.put("totalRequested", Map.of("value", 600));
    plan.put("identifiedNeeds", Map.of("value", 42));
    assertRefused(taskId, f, plan, "What training does your setting need?: must be text");
    assertThat(instance).isWaitingAt(TrainingPlanProcess.TASK_SUBMIT);
  }

  private void assertRefused(String taskId, Fixture f, Map<String, Object> variables, String message) {
    ResponseEntity<Map> response = http.withBasicAuth(f.manager(), PASSWORD)
        .postForEntity("/api/my/tasks/{id}", Map.of("variables", variables), Map.class, taskId);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) response.getBody().get("message")).contains(message).hasSizeLessThan(500);
  }

  @Test
  void unknownFieldIsRefused() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    String taskId = task(instance, TrainingPlanProcess.TASK_SUBMIT).getId();

    ResponseEntity<Map> response = http.withBasicAuth(f.manager(), PASSWORD).postForEntity("/api/my/tasks/{id}",
        Map.of("variables", Map.of("managerId", Map.of("value", "someone-else"))), Map.class, taskId);

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) response.getBody().get("message")).contains("managerId: is not a field of the form");
    assertThat(runtime.getVariable(instance.getId(), "managerId")).isEqualTo(f.manager());
  }

  @Test
  void planRequestForUnknownProgrammeIsRefused() {
    ResponseEntity<Map> response = http.withBasicAuth("cora", PASSWORD).postForEntity("/engine-rest/process-definition/key/trainingPlan/submit-form",
        Map.of("variables", Map.of("programmeCode", Map.of("value", "NOPE"), "settingUrn", Map.of("value", "X"))), Map.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) response.getBody().get("message")).contains("Programme code: no programme has the code 'NOPE'");
    assertThat(response.getBody()).containsEntry("field", "programmeCode");
  }
}
