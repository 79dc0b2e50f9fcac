package org.coachgrant.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/**
 * What Camunda Modeler does: deploy one BPMN through the REST API. Its tasks still find their forms, and a model
 * that fails Coachgrant's checks is refused with a 400 naming the element and the rule (every check, through this
 * door and the administrators' page: modelling/DeploymentChecksTest).
 */
class ModelerDeploymentTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;
  @Autowired RepositoryService repository;

  @Test
  void bpmnDeployedAloneFindsItsForms() {
    int before = repository.createProcessDefinitionQuery().processDefinitionKey(TrainingPlanProcess.KEY)
        .latestVersion().singleResult().getVersion();
    var body = new LinkedMultiValueMap<String, Object>();
    body.add("deployment-name", "trainingPlan from Camunda Modeler");
    body.add("deployment-source", "Camunda Modeler");
    body.add("trainingPlan.bpmn", new FileSystemResource("processes/trainingPlan.bpmn"));
    var headers = new org.springframework.http.HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    person("ada", "camunda-admin");
    ResponseEntity<Map> deployed = http.withBasicAuth("ada", PASSWORD).postForEntity("/engine-rest/deployment/create",
        new org.springframework.http.HttpEntity<>(body, headers), Map.class);
    assertThat(deployed.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(TrainingPlanProcess.KEY)
        .latestVersion().singleResult().getVersion()).isEqualTo(before + 1);

    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    String taskId = task(instance, TrainingPlanProcess.TASK_SUBMIT).getId();
    ResponseEntity<String> form = http.withBasicAuth(f.manager(), PASSWORD)
        .getForEntity("/api/my/tasks/{id}/form", String.class, taskId);
    assertThat(form.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(form.getBody()).contains("\"id\"").contains("submit-training-plan").contains("identifiedNeeds");
  }

  @Test
  void aModelNamingABeanThatDoesNotExistIsRefusedWithItsElementAndTheRule() throws Exception {
    int before = repository.createProcessDefinitionQuery().processDefinitionKey(TrainingPlanProcess.KEY)
        .latestVersion().singleResult().getVersion();
    String broken = java.nio.file.Files.readString(java.nio.file.Path.of("processes/trainingPlan.bpmn"))
        .replace("${releaseGrant}", "${releaseTheGrant}");
    var body = new LinkedMultiValueMap<String, Object>();
    body.add("deployment-name", "trainingPlan from Camunda Modeler");
    body.add("trainingPlan.bpmn", new org.springframework.core.io.ByteArrayResource(broken.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      @Override
      public String getFilename() {
        return "trainingPlan.bpmn";
      }
    });
    var headers = new org.springframework.http.HttpHeaders();
    headers.setContentType(MediaType.MULTIPART_FORM_DATA);
    person("ada", "camunda-admin");
    ResponseEntity<Map> refused = http.withBasicAuth("ada", PASSWORD).postForEntity("/engine-rest/deployment/create",
        new org.springframework.http.HttpEntity<>(body, headers), Map.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat((String) refused.getBody().get("message")).contains("(Task_ReleaseGrant): ${releaseTheGrant} names no bean");
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(TrainingPlanProcess.KEY)
        .latestVersion().singleResult().getVersion()).isEqualTo(before);
  }
}
