package org.coachgrant.modelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.coachgrant.modelling.DeploymentChecksTest.jsonEntity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * An administrator changes the process while it runs: a new approval threshold and a renamed task deployed
 * while a plan is in review, the plan moved to the new version and finished there, new plans following the new
 * rule; a template changed for the next email without a restart, and rolled back. Each change is recorded
 * with who, why and a readable diff. Every change is rolled back at the end, so other tests see the files' rules.
 */
class ProcessChangesTest extends CoachgrantTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate http;

  @Test
  void aNewThresholdDeployedWhilePlansAreInReviewAppliesToNewPlansAndMigratedPlansFinish() throws Exception {
    person("ada", "camunda-admin");
    Fixture f = fixture("100000", "5000");
    ProcessInstance inReview = requestPlan(f);
    submitPlan(inReview, f.manager(), plan(6, "500"));
    assertThat(inReview).isWaitingAt(TrainingPlanProcess.TASK_REVIEW);
    int oldVersion = engine.getRepositoryService().getProcessDefinition(
        runtime.createProcessInstanceQuery().processInstanceId(inReview.getId()).singleResult().getProcessDefinitionId()).getVersion();

    String rules = Files.readString(Path.of("processes/approvalRules.dmn"));
    String process = Files.readString(Path.of("processes/trainingPlan.bpmn"));
    JsonNode ruleChange = post("/api/admin/models/deploy", Map.of("file", "approvalRules.dmn",
        "content", rules.replace("&gt; 2000", "&gt; 4000"), "reason", "The board raised the threshold to £4,000"));
    JsonNode processChange = post("/api/admin/models/deploy", Map.of("file", "trainingPlan.bpmn",
        "content", process.replace("name=\"Review training plan\"", "name=\"Review the training plan\""),
        "reason", "Clearer task name"));
    try {
      assertThat(ruleChange.path("diff").asText()).contains("-          <text>&gt; 2000</text>")
          .contains("+          <text>&gt; 4000</text>");
      int newVersion = processChange.path("toVersion").asInt();
      assertThat(newVersion).isGreaterThan(oldVersion);

      JsonNode preview = get("/api/admin/models/processes/trainingPlan/migration?fromVersion=" + oldVersion);
      assertThat(preview.path("toVersion").asInt()).isEqualTo(newVersion);
      assertThat(preview.path("instances").findValuesAsText("processInstanceId")).contains(inReview.getId());
      assertThat(preview.toString()).contains("\"processInstanceId\":\"" + inReview.getId() + "\",\"businessKey\"");
      for (JsonNode instance : preview.path("instances")) {
        if (instance.path("processInstanceId").asText().equals(inReview.getId())) {
          assertThat(instance.path("canMove").asBoolean()).as(instance.toString()).isTrue();
        }
      }
      ResponseEntity<String> noReason = http.withBasicAuth("ada", PASSWORD).postForEntity(
          "/api/admin/models/processes/trainingPlan/migration", jsonEntity(Map.of("fromVersion", oldVersion)), String.class);
      assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
      JsonNode started = post("/api/admin/models/processes/trainingPlan/migration", Map.of("fromVersion", oldVersion,
          "reason", "Plans in review follow the clearer name"));
      runBatch(management, started.path("batchId").asText());

      String definitionId = runtime.createProcessInstanceQuery().processInstanceId(inReview.getId()).singleResult()
          .getProcessDefinitionId();
      assertThat(engine.getRepositoryService().getProcessDefinition(definitionId).getVersion()).isEqualTo(newVersion);
      // the engine moves a waiting task as it is (its name included); the next task takes the new version's name
      assertThat(task(inReview, TrainingPlanProcess.TASK_REVIEW)).isNotNull();
      review(inReview, "ruth", "approve", null);
      assertThat(inReview).hasPassed(TrainingPlanProcess.TASK_COMMIT_GRANT).hasNotPassed(TrainingPlanProcess.TASK_SENIOR_APPROVAL);
      assertThat(programmes.findProgramme(f.programmeId()).orElseThrow().committed()).isEqualByComparingTo("3000");

      Fixture large = enrol(f.programmeCode(), f.programmeId());
      ProcessInstance newLarge = requestPlan(large);
      submitPlan(newLarge, large.manager(), plan(9, "500"));
      assertThat(task(newLarge, TrainingPlanProcess.TASK_REVIEW).getName()).isEqualTo("Review the training plan");
      review(newLarge, "ruth", "approve", null);
      assertThat(newLarge).isWaitingAt(TrainingPlanProcess.TASK_SENIOR_APPROVAL);

      JsonNode audit = get("/api/admin/models/decision/approvalRules");
      assertThat(audit.path("changes").get(0).path("changedBy").asText()).isEqualTo("ada");
      assertThat(audit.path("changes").get(0).path("reason").asText()).isEqualTo("The board raised the threshold to £4,000");
    } finally {
      JsonNode back = post("/api/admin/models/decision/approvalRules/rollback", Map.of("reason", "End of the test"));
      assertThat(back.path("diff").asText()).contains("+          <text>&gt; 2000</text>");
      post("/api/admin/models/process/trainingPlan/rollback", Map.of("reason", "End of the test"));
    }
    Fixture after = enrol(f.programmeCode(), f.programmeId());
    ProcessInstance rolledBack = requestPlan(after);
    submitPlan(rolledBack, after.manager(), plan(6, "500"));
    assertThat(task(rolledBack, TrainingPlanProcess.TASK_REVIEW).getName()).isEqualTo("Review training plan");
    review(rolledBack, "ruth", "approve", null);
    assertThat(rolledBack).as("£3,000 needs a senior approval again").isWaitingAt(TrainingPlanProcess.TASK_SENIOR_APPROVAL);
  }

  @Test
  void aTemplateEditChangesTheNextEmailWithoutARestartAndARollbackRestoresIt() throws Exception {
    person("ada", "camunda-admin");
    JsonNode current = JSON.readTree(get("/api/admin/models/template/plan-received").path("content").asText());
    Map<String, Object> parts = new HashMap<>();
    current.fields().forEachRemaining(e -> parts.put(e.getKey(), e.getValue().asText()));
    String oldSubject = (String) parts.get("subject.vm");
    assertThat(oldSubject).startsWith("We have received your training plan");

    Map<String, Object> broken = new HashMap<>(parts);
    broken.put("subject.vm", "Welcome ${login.userId}");
    broken.put("reason", "A mistake");
    ResponseEntity<String> refused = http.withBasicAuth("ada", PASSWORD).postForEntity("/api/admin/models/templates/plan-received",
        jsonEntity(broken), String.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody()).contains("uses $login, which the step trainingPlan/Task_EmailPlanReceived does not provide");

    Map<String, Object> changed = new HashMap<>(parts);
    changed.put("subject.vm", "Your training plan for ${setting.name} is with our reviewers");
    changed.put("reason", "Shorter subject line");
    JsonNode preview = post("/api/admin/models/templates/plan-received/preview", changed);
    assertThat(preview.path("subject").asText()).startsWith("Your training plan for ").endsWith(" is with our reviewers");
    JsonNode saved = post("/api/admin/models/templates/plan-received", changed);
    assertThat(saved.path("toVersion").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(saved.path("diff").asText()).contains("-We have received your training plan")
        .contains("+Your training plan for ${setting.name} is with our reviewers");
    try {
      Fixture f = fixture("10000", "1500");
      assertThat(receivedOnSubmit(f)).startsWith("Your training plan for Setting ").endsWith(" is with our reviewers");
    } finally {
      JsonNode back = post("/api/admin/models/template/plan-received/rollback", Map.of("reason", "Back to the longer subject"));
      assertThat(back.path("toVersion").asInt()).isEqualTo(saved.path("toVersion").asInt() + 1);
    }
    Fixture f = fixture("10000", "1500");
    assertThat(receivedOnSubmit(f)).startsWith("We have received your training plan");
    JsonNode history = get("/api/admin/models/template/plan-received");
    assertThat(history.path("changes").findValuesAsText("reason")).contains("Shorter subject line", "Back to the longer subject");
  }

  @Test
  void instancesWaitingAtAStepTheNewVersionDropsStayAndTheOthersMove() throws Exception {
    person("ada", "camunda-admin");
    String key = "Process_Move" + java.util.UUID.randomUUID().toString().substring(0, 8);
    String twoSteps = DeploymentChecksTest.model(key).replace("<sequenceFlow id=\"Flow_End\" sourceRef=\"Task_Do\" targetRef=\"Event_End\" />",
        "<sequenceFlow id=\"Flow_Sign\" sourceRef=\"Task_Do\" targetRef=\"Task_Sign\" />"
            + "<userTask id=\"Task_Sign\" name=\"Sign the check\" camunda:candidateGroups=\"coordinators\" />"
            + "<sequenceFlow id=\"Flow_End\" sourceRef=\"Task_Sign\" targetRef=\"Event_End\" />");
    post("/api/admin/models/deploy", Map.of("file", "move.bpmn", "content", twoSteps, "reason", "Two steps"));
    ProcessInstance atFirst = runtime.startProcessInstanceByKey(key, "at-first");
    ProcessInstance atSecond = runtime.startProcessInstanceByKey(key, "at-second");
    tasks.complete(tasks.createTaskQuery().processInstanceId(atSecond.getId()).singleResult().getId());
    post("/api/admin/models/deploy", Map.of("file", "move.bpmn", "content", DeploymentChecksTest.model(key),
        "reason", "Signing is no longer needed"));

    JsonNode preview = get("/api/admin/models/processes/" + key + "/migration?fromVersion=1");
    Map<String, JsonNode> byKey = new HashMap<>();
    preview.path("instances").forEach(i -> byKey.put(i.path("businessKey").asText(), i));
    assertThat(byKey.get("at-first").path("canMove").asBoolean()).isTrue();
    assertThat(byKey.get("at-second").path("canMove").asBoolean()).isFalse();
    assertThat(byKey.get("at-second").path("reasons").get(0).asText())
        .isEqualTo("It waits at the step \"Sign the check\" (Task_Sign), which version 2 does not have: it can finish on its own version.");

    JsonNode started = post("/api/admin/models/processes/" + key + "/migration", Map.of("fromVersion", 1, "reason", "Move what can move"));
    assertThat(started.path("instances").asInt()).isEqualTo(1);
    runBatch(management, started.path("batchId").asText());
    assertThat(engine.getRepositoryService().getProcessDefinition(runtime.createProcessInstanceQuery()
        .processInstanceId(atFirst.getId()).singleResult().getProcessDefinitionId()).getVersion()).isEqualTo(2);
    assertThat(engine.getRepositoryService().getProcessDefinition(runtime.createProcessInstanceQuery()
        .processInstanceId(atSecond.getId()).singleResult().getProcessDefinitionId()).getVersion()).isEqualTo(1);
    tasks.complete(tasks.createTaskQuery().processInstanceId(atSecond.getId()).singleResult().getId());
    tasks.complete(tasks.createTaskQuery().processInstanceId(atFirst.getId()).singleResult().getId());
    assertThat(atFirst).isEnded();
    assertThat(atSecond).isEnded();
    assertThat(get("/api/admin/models/process/" + key).path("changes").findValuesAsText("reason"))
        .contains("Two steps", "Signing is no longer needed");
  }

  private String receivedOnSubmit(Fixture f) throws Exception {
    MAIL.purgeEmailFromAllMailboxes();
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    List<MimeMessage> received = List.of(MAIL.getReceivedMessages());
    return received.get(received.size() - 1).getSubject();
  }

  /** Runs a batch's jobs as the job executor would: the seed job, then each migration job, then the monitor. */
  static void runBatch(org.camunda.bpm.engine.ManagementService management, String batchId) {
    Batch batch = management.createBatchQuery().batchId(batchId).singleResult();
    for (int round = 0; round < 20 && management.createBatchQuery().batchId(batchId).count() > 0; round++) {
      List<Job> jobs = new java.util.ArrayList<>();
      jobs.addAll(management.createJobQuery().jobDefinitionId(batch.getSeedJobDefinitionId()).list());
      jobs.addAll(management.createJobQuery().jobDefinitionId(batch.getBatchJobDefinitionId()).list());
      jobs.addAll(management.createJobQuery().jobDefinitionId(batch.getMonitorJobDefinitionId()).list());
      jobs.forEach(job -> management.executeJob(job.getId()));
    }
  }

  private JsonNode get(String path) throws Exception {
    ResponseEntity<String> response = http.withBasicAuth("ada", PASSWORD).getForEntity(path, String.class);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
    return JSON.readTree(response.getBody());
  }

  private JsonNode post(String path, Map<String, Object> body) throws Exception {
    ResponseEntity<String> response = http.withBasicAuth("ada", PASSWORD).postForEntity(path, jsonEntity(body), String.class);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
    return JSON.readTree(response.getBody());
  }
}
