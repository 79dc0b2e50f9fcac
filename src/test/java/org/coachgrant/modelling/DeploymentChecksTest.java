package org.coachgrant.modelling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.coachgrant.CoachgrantTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Each check of a deployment, with a broken file: the administrators' API names the element and the rule,
 * refuses to deploy it (400), and {@code /engine-rest/deployment/create} (Camunda Modeler's door) refuses it
 * with the same message. The same file, mended, deploys through both.
 */
class DeploymentChecksTest extends CoachgrantTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate http;

  static Stream<Arguments> brokenFiles() {
    return Stream.of(
        Arguments.of("parses", "</process>", "", "does not parse as BPMN 2.0"),
        Arguments.of("bean", "<endEvent id=\"Event_End\" name=\"Check done\" />",
            "<endEvent id=\"Event_End\" name=\"Check done\" /><serviceTask id=\"Task_Record\" name=\"Record the check\" "
                + "camunda:delegateExpression=\"${recordCheck}\" />",
            "Service task \"Record the check\" (Task_Record): ${recordCheck} names no bean"),
        Arguments.of("form", "camunda:candidateGroups=\"coordinators\"",
            "camunda:candidateGroups=\"coordinators\" camunda:formRef=\"no-such-form\" camunda:formRefBinding=\"latest\"",
            "User task \"Do the check\" (Task_Do): its form \"no-such-form\" is not deployed"),
        Arguments.of("template", "<endEvent id=\"Event_End\" name=\"Check done\" />",
            "<endEvent id=\"Event_End\" name=\"Check done\" />" + sendTask("no-such-template"),
            "Email step \"Email: checked\" (Task_Email): its email template \"no-such-template\" has no files"),
        Arguments.of("assignment", " camunda:candidateGroups=\"coordinators\"", "",
            "User task \"Do the check\" (Task_Do): nobody would see it in Tasklist"),
        Arguments.of("history", " camunda:historyTimeToLive=\"30\"", "", "has no history time-to-live"),
        Arguments.of("name", "name=\"Do the check\"", "name=\"Activity_0x9f3kd\"",
            "User task \"Activity_0x9f3kd\" (Task_Do): has no readable name"),
        Arguments.of("variable", "<endEvent id=\"Event_End\" name=\"Check done\" />",
            "<endEvent id=\"Event_End\" name=\"Check done\" />" + sendTask("plan-received"),
            "Email step \"Email: checked\" (Task_Email): its template \"plan-received\" uses $plan, $programme, $setting, "
                + "which this step does not provide"),
        Arguments.of("decision", "", "", "does not parse as a DMN decision table"),
        Arguments.of("feel", "<text>&gt; 2000</text>", "<text>&gt; &gt; 2000 ))</text>",
            "Decision table element InputEntry_LargeGrantAmount: the expression \"> > 2000 ))\" is not valid FEEL"),
        Arguments.of("schema", "<inputEntry id=\"InputEntry_LargeGrantAmount\">",
            "<inputEntry id=\"InputEntry_LargeGrantAmount\"><colour>red</colour>",
            "approvalRules.dmn does not parse as a DMN decision table: line "),
        Arguments.of("juel", "<inputEntry id=\"InputEntry_LargeGrantAmount\">",
            "<inputEntry id=\"InputEntry_LargeGrantAmount\" expressionLanguage=\"juel\">",
            "Decision table element InputEntry_LargeGrantAmount: uses the expression language \"juel\"; Coachgrant's "
                + "decision tables use FEEL only"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void eachCheckNamesTheElementAndTheRuleThroughBothDoors(String check, String from, String to, String message) throws Exception {
    person("ada", "camunda-admin");
    String key = "Process_Check" + UUID.randomUUID().toString().substring(0, 8);
    boolean dmn = check.equals("decision");
    boolean rules = check.equals("feel") || check.equals("juel") || check.equals("schema");
    String file = dmn ? "broken.dmn" : rules ? "approvalRules.dmn" : "check.bpmn";
    String original = rules ? java.nio.file.Files.readString(java.nio.file.Path.of("processes/approvalRules.dmn")) : model(key);
    String broken = dmn ? "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\" id=\"D\" name=\"D\" "
        + "namespace=\"x\"><decision id=\"Decision_Broken\" name=\"Broken\"><decisionTable id=\"T\"></decision></definitions>"
        : original.replace(from, to);
    if (!dmn) {
      assertThat(broken).as("the case changes the model").isNotEqualTo(original);
    }

    JsonNode checked = post("/api/admin/models/check", Map.of("file", file, "content", broken));
    assertThat(checked.path("passed").asBoolean()).isFalse();
    assertThat(checked.path("problems").toString()).contains(json(message))
        .as("plain words, not the XML validator's").doesNotContain("cvc-").doesNotContain("Exception").doesNotContain("{\\\"http");
    if (check.equals("schema")) {
      assertThat(checked.path("problems").get(0).path("message").asText())
          .matches(".*: line \\d+: the element <colour> is not allowed there, or is out of order");
    }

    ResponseEntity<String> refused = http.withBasicAuth("ada", PASSWORD).postForEntity("/api/admin/models/deploy",
        jsonEntity(Map.of("file", file, "content", broken, "reason", "Trying a broken file")), String.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    String pageMessage = JSON.readTree(refused.getBody()).path("message").asText();
    assertThat(pageMessage).contains(message);

    ResponseEntity<String> modeler = modelerDeploys(file, broken);
    assertThat(modeler.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(JSON.readTree(modeler.getBody()).path("message").asText()).contains(message).isEqualTo(pageMessage);
    assertThat(modeler.getBody()).doesNotContain("org.camunda").doesNotContain("Exception\"");
  }

  @Test
  void aModelThatPassesDeploysThroughBothDoorsAndOnlyAdministratorsMayUseTheApi() throws Exception {
    person("ada", "camunda-admin");
    String key = "Process_Check" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode checked = post("/api/admin/models/check", Map.of("file", "check.bpmn", "content", model(key)));
    assertThat(checked.path("passed").asBoolean()).as(checked.toString()).isTrue();

    ResponseEntity<String> noReason = http.withBasicAuth("ada", PASSWORD).postForEntity("/api/admin/models/deploy",
        jsonEntity(Map.of("file", "check.bpmn", "content", model(key))), String.class);
    assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noReason.getBody()).contains("\"field\":\"reason\"").contains("say why");

    JsonNode deployed = post("/api/admin/models/deploy", Map.of("file", "check.bpmn", "content", model(key),
        "reason", "A new process for the test"));
    assertThat(deployed.path("toVersion").asInt()).isEqualTo(1);
    assertThat(modelerDeploys("check.bpmn", model(key).replace("Do the check", "Do the check now")).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(key).count()).isEqualTo(2);

    person("mona", "managers");
    ResponseEntity<String> manager = http.withBasicAuth("mona", PASSWORD).postForEntity("/api/admin/models/deploy",
        jsonEntity(Map.of("file", "check.bpmn", "content", model(key), "reason", "x")), String.class);
    assertThat(manager.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(http.withBasicAuth("mona", PASSWORD).getForEntity("/api/admin/models", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }

  private JsonNode post(String path, Map<String, Object> body) throws Exception {
    ResponseEntity<String> response = http.withBasicAuth("ada", PASSWORD).postForEntity(path, jsonEntity(body), String.class);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
    return JSON.readTree(response.getBody());
  }

  static HttpEntity<String> jsonEntity(Map<String, Object> body) throws Exception {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(JSON.writeValueAsString(body), headers);
  }

  private ResponseEntity<String> modelerDeploys(String file, String content) {
    return TestModels.fromCamundaModeler(http, "ada", PASSWORD, file, content);
  }

  private static String json(String text) throws Exception {
    String quoted = JSON.writeValueAsString(text);
    return quoted.substring(1, quoted.length() - 1);
  }

  private static String sendTask(String template) {
    return "<sendTask id=\"Task_Email\" name=\"Email: checked\" camunda:delegateExpression=\"${sendEmail}\">"
        + "<extensionElements><camunda:inputOutput><camunda:inputParameter name=\"template\">" + template
        + "</camunda:inputParameter><camunda:inputParameter name=\"to\">${managerId}</camunda:inputParameter>"
        + "</camunda:inputOutput></extensionElements></sendTask>";
  }

  static String model(String key) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Check" targetNamespace="http://coachgrant.org/test">
          <process id="KEY" name="Check process" isExecutable="true" camunda:historyTimeToLive="30">
            <startEvent id="Event_Start" name="Check started" />
            <sequenceFlow id="Flow_Do" sourceRef="Event_Start" targetRef="Task_Do" />
            <userTask id="Task_Do" name="Do the check" camunda:candidateGroups="coordinators" />
            <sequenceFlow id="Flow_End" sourceRef="Task_Do" targetRef="Event_End" />
            <endEvent id="Event_End" name="Check done" />
          </process>
        </definitions>
        """.replace("KEY", key);
  }
}
