package org.coachgrant.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.scripting.ScriptCondition;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.spin.plugin.variable.SpinValues;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.modelling.TestModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
 * No script runs, anywhere (issue 18, point 3). The attack as reported: an administrator deploys a BPMN whose
 * flow condition has {@code language="juel"}, which ran Camunda's JUEL script engine outside the expression
 * sandbox, with a {@code '}'} that ended the old text scan early; the command makes a marker file. Now every
 * door refuses it at deploy, from the parsed XML, naming the element and the rule; and a script that gets in
 * some other way finds no script engine.
 */
class ModelScriptsTest extends CoachgrantTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate http;
  @Autowired RepositoryService repository;
  @TempDir Path folder;

  private Path marker;
  private String command;

  @BeforeEach
  void arm() {
    person("ada", "camunda-admin");
    marker = folder.resolve("marker");
    // the '}' in a quoted string ended the old check's ${…} scan before getClass
    command = "${'}'.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null).exec('touch " + marker + "') != null}";
  }

  @AfterEach
  void markerNeverAppears() {
    assertThat(marker).doesNotExist();
  }

  @Test
  void aJuelScriptConditionIsRefusedAtDeployThroughEveryDoor() throws Exception {
    String key = key();
    String model = gateway(key, "<conditionExpression xsi:type=\"tFormalExpression\" language=\"juel\">" + xml(command)
        + "</conditionExpression>");
    String message = "Flow \"Approved\" (Flow_Approved), in its conditionExpression: has language=\"juel\", which would run a script";

    ResponseEntity<String> page = adminDeploys("juel.bpmn", model);
    assertThat(page.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    JsonNode refused = JSON.readTree(page.getBody());
    assertThat(refused.path("message").asText()).contains(message);
    assertThat(refused.path("problems").toString()).contains("\"elementId\":\"Flow_Approved\"").contains("\"rule\":\"scripts\"")
        .contains("uses 'exec', 'invoke', 'getMethod', 'forName', 'getClass': expressions may not use reflection");

    ResponseEntity<String> modeler = modelerDeploys("juel.bpmn", model);
    assertThat(modeler.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(JSON.readTree(modeler.getBody()).path("message").asText()).contains(message);
    assertThat(modeler.getBody()).doesNotContain("org.camunda").doesNotContain("Exception\"");

    assertThatThrownBy(() -> repository.createDeployment().addString("juel.bpmn", model).deploy())
        .isInstanceOf(ParseException.class).hasMessageContaining(message);
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(key).count()).isZero();
  }

  static Stream<Arguments> everyWayToAskForAScript() {
    return Stream.of(
        Arguments.of("a script task", "<scriptTask id=\"Task_Script\" name=\"Run\" scriptFormat=\"juel\"><script>${true}</script></scriptTask>"),
        Arguments.of("a script from a resource", "<scriptTask id=\"Task_Script\" name=\"Run\" scriptFormat=\"groovy\" "
            + "camunda:resource=\"classpath://run.groovy\" />"),
        Arguments.of("a script execution listener", task("<camunda:executionListener event=\"start\"><camunda:script "
            + "scriptFormat=\"juel\">${true}</camunda:script></camunda:executionListener>")),
        Arguments.of("a script task listener", "<userTask id=\"Task_Script\" name=\"Run\" camunda:candidateGroups=\"coordinators\">"
            + "<extensionElements><camunda:taskListener event=\"create\"><camunda:script scriptFormat=\"juel\">${true}"
            + "</camunda:script></camunda:taskListener></extensionElements></userTask>"),
        Arguments.of("a script input", task("<camunda:inputOutput><camunda:inputParameter name=\"x\"><camunda:script "
            + "scriptFormat=\"juel\">${true}</camunda:script></camunda:inputParameter></camunda:inputOutput>")),
        Arguments.of("a script output", task("<camunda:inputOutput><camunda:outputParameter name=\"x\"><camunda:script "
            + "scriptFormat=\"javascript\" resource=\"deployment://x.js\" /></camunda:outputParameter></camunda:inputOutput>")),
        Arguments.of("a class", "<serviceTask id=\"Task_Script\" name=\"Run\" camunda:class=\"java.lang.Object\" />"),
        Arguments.of("a form handler class", "<userTask id=\"Task_Script\" name=\"Run\" camunda:candidateGroups=\"coordinators\" "
            + "camunda:formHandlerClass=\"java.lang.Object\" />"),
        Arguments.of("a form field's validator class", "<userTask id=\"Task_Script\" name=\"Run\" "
            + "camunda:candidateGroups=\"coordinators\"><extensionElements><camunda:formData><camunda:formField id=\"f\" "
            + "type=\"string\"><camunda:validation><camunda:constraint name=\"validator\" "
            + "config=\"javax.script.ScriptEngineManager\" /></camunda:validation></camunda:formField></camunda:formData>"
            + "</extensionElements></userTask>"),
        Arguments.of("an embedded form with its own scripts", "<userTask id=\"Task_Script\" name=\"Run\" "
            + "camunda:candidateGroups=\"coordinators\" camunda:formKey=\"embedded:deployment:probe.html\" />"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyWayToAskForAScript")
  void everyWayToAskForAScriptIsRefusedAtDeploy(String way, String step) throws Exception {
    String model = process(key(), step);
    JsonNode checked = JSON.readTree(http.withBasicAuth("ada", PASSWORD).postForEntity("/api/admin/models/check",
        json(Map.of("file", "script.bpmn", "content", model)), String.class).getBody());
    assertThat(checked.path("passed").asBoolean()).isFalse();
    assertThat(checked.path("problems").toString()).contains("\"elementId\":\"Task_Script\"")
        .containsAnyOf("\"rule\":\"scripts\"", "\"rule\":\"classes\"", "\"rule\":\"forms\"");
    assertThatThrownBy(() -> repository.createDeployment().addString("script.bpmn", model).deploy()).as(way)
        .isInstanceOf(ParseException.class).hasMessageContaining("Task_Script")
        .hasMessageContaining("not allowed");
  }

  @Test
  void aModelWithADoctypeIsNotReadAtAll() throws Exception {
    String model = process(key(), "<serviceTask id=\"Task_Script\" name=\"Run &secret;\" camunda:expression=\"${true}\" />")
        .replace("<definitions", "<!DOCTYPE definitions [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n<definitions");
    JsonNode checked = JSON.readTree(http.withBasicAuth("ada", PASSWORD).postForEntity("/api/admin/models/check",
        json(Map.of("file", "doctype.bpmn", "content", model)), String.class).getBody());
    assertThat(checked.path("passed").asBoolean()).isFalse();
    assertThat(checked.toString()).contains("\"rule\":\"parses\"").doesNotContain("root:");
    assertThatThrownBy(() -> repository.createDeployment().addString("doctype.bpmn", model).deploy())
        .isInstanceOf(ParseException.class).hasMessageContaining("DOCTYPE").hasMessageNotContaining("root:");
  }

  @Test
  void aQuotedBraceHidesNothingFromTheExpressionCheck() throws Exception {
    for (String expression : List.of(command, "${'}'.concat('x').class}", "${x['getClass']}", "#{'}'.getClass()}")) {
      String model = process(key(), "<serviceTask id=\"Task_Script\" name=\"Run\" camunda:expression=\"" + xml(expression) + "\" />");
      assertThatThrownBy(() -> repository.createDeployment().addString("quoted.bpmn", model).deploy()).as(expression)
          .isInstanceOf(ParseException.class).hasMessageContaining("expressions may not use reflection");
    }
  }

  @Test
  void spinFunctionsCannotBeReachedFromAModelInAnyForm() throws Exception {
    for (String expression : List.of("${j.JSON('{\"b\":2}')}", "${x.XML('<a/>')}", "${v.S('x')}", "${S('x')}",
        "${JSON(execution)}", "${j['JSON']('x')}", "${j.mapTo('java.util.ArrayList')}")) {
      String model = process(key(), "<serviceTask id=\"Task_Script\" name=\"Run\" camunda:expression=\"" + xml(expression) + "\" />");
      ResponseEntity<String> refused = adminDeploys("spin.bpmn", model);
      assertThat(refused.getStatusCode()).as(expression).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.getBody()).as(expression).containsAnyOf("never Spin's S(), JSON() or XML()", "expressions may not use reflection");
    }

    // and when it runs: a JSON value may be read, never used to call Spin's functions or to write any object into it
    ProcessInstance instance = runtime.startProcessInstanceByKey(process(key(), "<userTask id=\"Task_Wait\" name=\"Wait\" "
        + "camunda:candidateGroups=\"coordinators\" />", true), Variables.putValue("j", SpinValues.jsonValue("{\"a\":\"b\"}").create()));
    assertThat(evaluate(instance, "${j.prop('a').stringValue()}")).isEqualTo("b");
    for (String expression : List.of("${j.JSON('{\"b\":2}')}", "${j['JSON']('{\"b\":2}')}", "${j.S(execution)}",
        "${j.append(execution)}", "${j.prop('c', execution.variables)}", "${j.mapTo('java.util.ArrayList')}", "${''.valueOf(execution)}")) {
      assertThatThrownBy(() -> evaluate(instance, expression)).as(expression).isInstanceOf(ProcessEngineException.class)
          .hasMessageContaining("Refused");
    }
  }

  @Test
  void aScriptThatGetsPastTheChecksDoesNotRun() {
    ProcessInstance instance = runtime.startProcessInstanceByKey(process(key(), "<userTask id=\"Task_Wait\" name=\"Wait\" "
        + "camunda:candidateGroups=\"coordinators\" />", true));
    var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    for (String language : List.of("juel", "JUEL", "groovy", "javascript", "graal.js", "python")) {
      assertThatThrownBy(() -> configuration.getCommandExecutorTxRequired().execute(context -> {
        ExecutionEntity execution = context.getExecutionManager().findExecutionById(instance.getId());
        return new ScriptCondition(configuration.getScriptFactory().createScriptFromSource(language, command)).evaluate(execution);
      })).as(language).isInstanceOf(ProcessEngineException.class).hasMessageContaining("Scripts are switched off in Coachgrant")
          .hasMessageContaining("runs none, in any language");
    }
  }

  @Test
  void aScriptConditionAlreadyInTheDatabaseDoesNotRunWhenTheEngineReadsItAgain() {
    String key = key();
    String safe = gateway(key, "<conditionExpression xsi:type=\"tFormalExpression\">${true}</conditionExpression>");
    Deployment deployment = repository.createDeployment().addString("stored.bpmn", safe).deploy();
    try {
      // as a deployment made before these rules would be: the attack, stored, read again after a restart
      String attack = gateway(key, "<conditionExpression xsi:type=\"tFormalExpression\" language=\"juel\">" + xml(command)
          + "</conditionExpression>");
      assertThat(jdbc.sql("update act_ge_bytearray set bytes_ = ? where deployment_id_ = ? and name_ = 'stored.bpmn'")
          .params(attack.getBytes(StandardCharsets.UTF_8), deployment.getId()).update()).isEqualTo(1);
      ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDeploymentCache().discardProcessDefinitionCache();

      assertThatThrownBy(() -> runtime.startProcessInstanceByKey(key)).isInstanceOf(ProcessEngineException.class)
          .hasMessageContaining("Scripts are switched off in Coachgrant").hasMessageContaining("\"juel\"");
      assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(key).count()).isZero();
    } finally {
      repository.deleteDeployment(deployment.getId(), true);
    }
  }

  @Test
  void aStoredScriptConditionBehindAJobFailsIntoAnIncidentThatSaysWhy() {
    String key = key();
    String safe = gateway(key, "<conditionExpression xsi:type=\"tFormalExpression\">${true}</conditionExpression>")
        .replace("default=\"Flow_Other\"", "default=\"Flow_Other\" camunda:asyncBefore=\"true\"");
    Deployment deployment = repository.createDeployment().addString("stored.bpmn", safe).deploy();
    try {
      jdbc.sql("update act_ge_bytearray set bytes_ = ? where deployment_id_ = ? and name_ = 'stored.bpmn'")
          .params(safe.replace("<conditionExpression xsi:type=\"tFormalExpression\">${true}", "<conditionExpression "
              + "xsi:type=\"tFormalExpression\" language=\"juel\">" + xml(command)).getBytes(StandardCharsets.UTF_8),
              deployment.getId()).update();
      ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDeploymentCache().discardProcessDefinitionCache();
      ProcessInstance instance = runtime.startProcessInstanceByKey(key);

      for (int attempt = 0; attempt < 10 && management.createJobQuery().processInstanceId(instance.getId()).withRetriesLeft().count() > 0; attempt++) {
        String job = management.createJobQuery().processInstanceId(instance.getId()).singleResult().getId();
        assertThatThrownBy(() -> management.executeJob(job)).hasMessageContaining("Scripts are switched off in Coachgrant");
      }
      var incident = runtime.createIncidentQuery().processInstanceId(instance.getId()).singleResult();
      assertThat(incident).isNotNull();
      assertThat(incident.getIncidentMessage()).startsWith("Scripts are switched off in Coachgrant: the step Gateway_Decide")
          .contains("runs none, in any language");
    } finally {
      repository.deleteDeployment(deployment.getId(), true);
    }
  }

  private Object evaluate(ProcessInstance instance, String expression) {
    var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    return configuration.getCommandExecutorTxRequired().execute(context -> configuration.getExpressionManager()
        .createExpression(expression).getValue(context.getExecutionManager().findExecutionById(instance.getId())));
  }

  private ResponseEntity<String> adminDeploys(String file, String content) throws Exception {
    return http.withBasicAuth("ada", PASSWORD).postForEntity("/api/admin/models/deploy",
        json(Map.of("file", file, "content", content, "reason", "Trying a script")), String.class);
  }

  private ResponseEntity<String> modelerDeploys(String file, String content) {
    return TestModels.fromCamundaModeler(http, "ada", PASSWORD, file, content);
  }

  private static HttpEntity<String> json(Map<String, Object> body) throws Exception {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return new HttpEntity<>(JSON.writeValueAsString(body), headers);
  }

  private static String key() {
    return "Process_Script" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;").replace("'", "&apos;");
  }

  private static String task(String extensions) {
    return "<serviceTask id=\"Task_Script\" name=\"Run\" camunda:expression=\"${true}\"><extensionElements>" + extensions
        + "</extensionElements></serviceTask>";
  }

  /** A process that passes every other check: start, the step, end. */
  private static String process(String key, String step) {
    return TestModels.oneStep(key, step.contains("Task_Wait") ? "Task_Wait" : "Task_Script", step);
  }

  /** Deploys {@link #process} through the engine's Java API and answers its key. */
  private String process(String key, String step, boolean deploy) {
    repository.createDeployment().addString("wait.bpmn", process(key, step)).deploy();
    return key;
  }

  /** A gateway whose flow "Approved" has this condition; the other flow is the default. */
  private static String gateway(String key, String condition) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_Gateway" targetNamespace="http://coachgrant.org/test">
          <process id="%1$s" name="Script check" isExecutable="true" camunda:historyTimeToLive="1">
            <startEvent id="Event_Start" name="Started" />
            <sequenceFlow id="Flow_1" sourceRef="Event_Start" targetRef="Gateway_Decide" />
            <exclusiveGateway id="Gateway_Decide" name="Approved?" default="Flow_Other" />
            <sequenceFlow id="Flow_Approved" name="Approved" sourceRef="Gateway_Decide" targetRef="Event_Approved">%2$s</sequenceFlow>
            <sequenceFlow id="Flow_Other" name="Not approved" sourceRef="Gateway_Decide" targetRef="Event_Other" />
            <endEvent id="Event_Approved" name="Approved" />
            <endEvent id="Event_Other" name="Not approved" />
          </process>
        </definitions>
        """.formatted(key, condition);
  }
}
