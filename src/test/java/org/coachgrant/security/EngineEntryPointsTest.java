package org.coachgrant.security;

import org.coachgrant.system.SignedInBrowser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.modelling.TestModels;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every way an expression could reach the engine from outside (CVE-2026-109432 and its kin), and
 * the Admin set-up endpoint (CVE-2026-77226): refused before anything is evaluated. The attack is the
 * one reported, with a command that would create a marker file; the marker must never appear.
 */
class EngineEntryPointsTest extends CoachgrantTest {

  private static final String ADMIN = "admin";
  private static final String ADMIN_PASSWORD = "Test-Only-Coach-7x!";

  @LocalServerPort int port;
  @Autowired RepositoryService repository;
  @TempDir Path folder;

  private Path marker;
  private String attack;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void arm() {
    marker = folder.resolve("marker");
    attack = "${''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null).exec('touch "
        + marker + "')}";
  }

  @AfterEach
  void markerNeverAppears() {
    assertThat(marker).doesNotExist();
  }

  @Test
  void aReviewersQueryWithAnExpressionIsRefusedOnEveryRestPath() throws Exception {
    Fixture f = fixture("10000", "1500");
    submitPlan(requestPlan(f), f.manager(), plan(2, "300"));
    String filter = filterId("Plans to review");
    String orQuery = "{\"orQueries\":[{\"dueAfterExpression\":" + quoted(attack) + "}]}";
    String nested = "{\"orQueries\":[{\"orQueries\":[{\"dueAfterExpression\":" + quoted(attack) + "}]}]}";
    String escaped = "{\"orQueries\":[{\"due\\u0041fterExpression\":" + quoted(attack) + "}]}";
    String topLevel = "{\"assigneeExpression\":" + quoted(attack) + "}";

    for (String path : List.of("/engine-rest/filter/" + filter + "/list", "/engine-rest/filter/" + filter + "/count")) {
      for (String body : List.of(orQuery, nested, escaped, topLevel)) {
        assertRefused(send(post(path, body).header("Authorization", basic("ruth", PASSWORD))), path + " " + body);
      }
    }
    // the task query itself, and a filter's single result, are on nobody's allow-list
    for (String path : List.of("/engine-rest/task", "/engine-rest/task/count", "/engine-rest/filter/" + filter + "/singleResult")) {
      assertOffTheList(send(post(path, orQuery).header("Authorization", basic("ruth", PASSWORD))), path);
    }
    String parameter = "?dueAfterExpression=" + URLEncoder.encode(attack, StandardCharsets.UTF_8);
    for (String path : List.of("/engine-rest/task", "/engine-rest/task/count", "/engine-rest//task",
        "/engine-rest/filter/" + filter + "/list")) {
      assertRefused(send(get(path + parameter).header("Authorization", basic("ruth", PASSWORD))), path);
    }
  }

  @Test
  void coordinatorsAndAdministratorsAreRefusedToo() throws Exception {
    String body = "{\"orQueries\":[{\"assigneeExpression\":\"${currentUser()}\",\"dueAfterExpression\":" + quoted(attack) + "}]}";
    String filter = filterId("Coordinator tasks");
    assertRefused(send(post("/engine-rest/filter/" + filter + "/list", body).header("Authorization", basic("cora", PASSWORD))), "cora");
    assertRefused(send(post("/engine-rest/filter/" + filter + "/list", body).header("Authorization", basic(ADMIN, ADMIN_PASSWORD))),
        "admin");
    assertOffTheList(send(post("/engine-rest/task", body).header("Authorization", basic("cora", PASSWORD))), "cora");
    assertOffTheList(send(post("/engine-rest/task", body).header("Authorization", basic(ADMIN, ADMIN_PASSWORD))), "admin");
    String filterBody = "{\"resourceType\":\"Task\",\"name\":\"Mine\",\"query\":{\"assigneeExpression\":" + quoted(attack) + "}}";
    assertRefused(send(post("/engine-rest/filter/create", filterBody).header("Authorization", basic(ADMIN, ADMIN_PASSWORD))),
        "a stored filter");
  }

  @Test
  void theWebappsEngineApiRefusesExpressionsForASignedInUser() throws Exception {
    Fixture f = fixture("10000", "1500");
    submitPlan(requestPlan(f), f.manager(), plan(2, "300"));
    Webapp tasklist = signIn("ruth", PASSWORD);
    String body = "{\"orQueries\":[{\"dueAfterExpression\":" + quoted(attack) + "}]}";

    assertOffTheList(tasklist.post("/camunda/api/engine/engine/default/task", body), "webapp task");
    assertOffTheList(tasklist.post("/camunda/api/engine/engine/default/task/count", body), "webapp task count");
    assertRefused(tasklist.post("/camunda/api/engine/engine/default/filter/" + filterId("Plans to review") + "/count", body),
        "webapp filter count");
    assertRefused(tasklist.post("/camunda/api/engine/engine/default/filter/" + filterId("Plans to review") + "/list", body),
        "webapp filter list");
    // the same session lists its filter without expressions, as Tasklist does
    HttpResponse<String> list = tasklist.post("/camunda/api/engine/engine/default/filter/" + filterId("Plans to review")
        + "/list", "{}");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(TrainingPlanProcess.TASK_REVIEW);
  }

  @Test
  void theEngineRefusesOrQueryExpressionsFromAnyCaller() {
    assertThatThrownBy(() -> tasks.createTaskQuery().or().dueAfterExpression(attack).endOr().list())
        .isInstanceOf(BadUserRequestException.class).hasMessageContaining("Expressions are not allowed in queries");
    assertThatThrownBy(() -> tasks.createTaskQuery().or().taskAssigneeExpression(attack).endOr().count())
        .isInstanceOf(BadUserRequestException.class);
  }

  @Test
  void expressionsCannotReachReflectionProcessesOrTheEngineConfiguration() {
    for (String expression : List.of(attack, "${''.class}", "${''['cl'.concat('ass')].forName('java.lang.Runtime')}",
        "${'x'.getClass().getClassLoader()}")) {
      assertThatThrownBy(() -> evaluate(expression)).as(expression)
          .isInstanceOf(ProcessEngineException.class).hasMessageContaining("expressions may not use reflection");
    }
    assertThat(evaluate("${'plain'.toUpperCase()}")).isEqualTo("PLAIN");
  }

  @Test
  void expressionsCannotReachTheEngineOrItsServicesThroughTheExecution() {
    for (String named : List.of("${execution.processEngine.managementService}", "${execution.processEngineServices}",
        "${execution.getProcessEngine().identityService}")) {
      assertThatThrownBy(() -> repository.createDeployment().addString("reach.bpmn", model("Process_Reach", named)).deploy())
          .as(named).isInstanceOf(ParseException.class).hasMessageContaining("expressions may not use reflection");
    }
    // a name built at run time passes the text check; the sandbox refuses it when it runs
    Deployment disguised = repository.createDeployment().addString("reach.bpmn",
        model("Process_Reach", "${execution['process'.concat('Engine')].managementService}")).deploy();
    try {
      assertThatThrownBy(() -> runtime.startProcessInstanceByKey("Process_Reach"))
          .hasMessageContaining("expressions may not use reflection");
    } finally {
      repository.deleteDeployment(disguised.getId(), true);
    }
    // Spin's functions would serialize any object by its getters, past the sandbox: they are not there
    for (String function : List.of("${JSON(execution)}", "${S('{}')}", "${XML('<a/>')}")) {
      assertThatThrownBy(() -> evaluate(function)).as(function).hasMessageContaining("Could not resolve function");
    }
  }

  @Test
  void objectVariablesOfAnyClassAreRefusedAtTheDoorAndByTheEngine() throws Exception {
    Path file = folder.resolve("written-by-a-constructor");
    String body = "{\"variables\":{\"settingUrn\":{\"value\":\"EY1\",\"type\":\"String\"},\"programmeCode\":"
        + "{\"type\":\"Object\",\"value\":" + quoted(quoted(file.toString())) + ",\"valueInfo\":{\"objectTypeName\":"
        + "\"org.apache.commons.io.output.LockableFileWriter\",\"serializationDataFormat\":\"application/json\"}}}}";
    assertOffTheList(send(post("/engine-rest/process-definition/key/trainingPlan/start", body)
        .header("Authorization", basic("cora", PASSWORD))), "a coordinator's start");
    HttpResponse<String> refused = send(post("/engine-rest/process-definition/key/trainingPlan/submit-form", body)
        .header("Authorization", basic("cora", PASSWORD)));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("programmeCode: must be of type");

    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    runtime.setVariable(instance.getId(), "smuggled", org.camunda.bpm.engine.variable.Variables
        .serializedObjectValue(quoted(file.toString())).objectTypeName("org.apache.commons.io.output.LockableFileWriter")
        .serializationDataFormat("application/json").create());
    assertThatThrownBy(() -> runtime.getVariable(instance.getId(), "smuggled")).isInstanceOf(ProcessEngineException.class);
    assertThat(file).doesNotExist();
  }

  @Test
  void listenerClassesAndCaseModelsAreNotDeployed() {
    String listener = definitions("Process_Listener", "<serviceTask id=\"Task_Evaluate\" name=\"Evaluate\" "
        + "camunda:expression=\"${true}\"><extensionElements><camunda:executionListener class=\"java.util.Timer\" "
        + "event=\"start\" /></extensionElements></serviceTask>");
    assertThatThrownBy(() -> repository.createDeployment().addString("listener.bpmn", listener).deploy())
        .isInstanceOf(ParseException.class).hasMessageContaining("a class (camunda:class, or class on a listener) is not allowed");
    Deployment cases = repository.createDeployment().addString("case.cmmn", """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="Definitions_Case" targetNamespace="http://coachgrant.org/test">
          <case id="Case_Reach"><casePlanModel id="CasePlanModel_Reach" /></case>
        </definitions>
        """).deploy();
    try {
      assertThat(repository.createCaseDefinitionQuery().caseDefinitionKey("Case_Reach").count()).isZero();
    } finally {
      repository.deleteDeployment(cases.getId(), true);
    }
  }

  @Test
  void expressionsSeeTheModelBeansAndNoOtherBean() {
    assertThat(evaluate("${planDeadline != null}")).isEqualTo(true);
    for (String bean : List.of("dataSource", "runtimeService", "environment", "jdbcTemplate", "trainingPlanService", "applicationContext")) {
      assertThatThrownBy(() -> evaluate("${" + bean + "}")).as(bean).hasMessageContaining("Cannot resolve identifier '" + bean + "'");
    }
  }

  @Test
  void aModelThatReachesForReflectionIsRefusedAtDeploymentAndTheSameModelWithoutItRuns() throws Exception {
    HttpResponse<String> refused = deploy("reflection.bpmn", model("Process_Reflection", attack));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("getClass").contains("expressions may not use reflection");
    assertThatThrownBy(() -> repository.createDeployment().addString("script.bpmn", scriptModel()).deploy())
        .isInstanceOf(ParseException.class).hasMessageContaining("scripts are not allowed");
    assertThatThrownBy(() -> repository.createDeployment().addString("class.bpmn", classModel()).deploy())
        .isInstanceOf(ParseException.class).hasMessageContaining("a class (camunda:class, or class on a listener) is not allowed");

    Deployment plain = repository.createDeployment()
        .addString("plain.bpmn", model("Process_Plain", "${execution.setVariable('greeting', 'hello')}")).deploy();
    Deployment disguised = repository.createDeployment()
        .addString("disguised.bpmn", model("Process_Disguised", "${''['cl'.concat('ass')]}")).deploy();
    try {
      ProcessInstance instance = runtime.startProcessInstanceByKey("Process_Plain");
      // the expression ran and the instance went on to its end (variables are not kept in history: system.EngineHistory)
      assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(instance.getId())
          .completed().count()).isOne();
      // what the text check cannot see, the sandbox stops when it runs: a clear refusal, nothing started
      assertThatThrownBy(() -> runtime.startProcessInstanceByKey("Process_Disguised"))
          .hasMessageContaining("expressions may not use reflection");
      assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("Process_Disguised").count()).isZero();
    } finally {
      repository.deleteDeployment(plain.getId(), true);
      repository.deleteDeployment(disguised.getId(), true);
    }
  }

  @Test
  void decisionTablesCannotCallJava() {
    Deployment deployment = repository.createDeployment().addString("external.dmn", """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_External" name="External"
            namespace="http://camunda.org/schema/1.0/dmn">
          <decision id="Decision_External" name="External" camunda:historyTimeToLive="1"
              xmlns:camunda="http://camunda.org/schema/1.0/dmn">
            <variable id="Variable_External" name="result" typeRef="integer" />
            <literalExpression id="LiteralExpression_External">
              <text>{ f: function(a, b) external { java: { class: "java.lang.Math", method signature: "max(int, int)" } }, r: f(3, 4) }.r</text>
            </literalExpression>
          </decision>
        </definitions>
        """).deploy();
    try {
      Object result;
      try {
        result = engine.getDecisionService().evaluateDecisionByKey("Decision_External").evaluate().getSingleEntry();
      } catch (RuntimeException refused) {
        result = refused.getMessage();
      }
      assertThat(result).isNotEqualTo(4);
    } finally {
      repository.deleteDeployment(deployment.getId(), true);
    }
  }

  @Test
  void theAdminSetupEndpointIsClosedWhetherTheAdministratorIsADirectMemberOrNot() throws Exception {
    String user = "{\"profile\":{\"id\":\"intruder\",\"firstName\":\"I\",\"lastName\":\"X\",\"email\":\"i@example.org\"},"
        + "\"credentials\":{\"password\":\"Intruder-Pass-1!\"}}";
    List<String> paths = List.of("/camunda/api/admin/setup/default/user/create",
        "/camunda/api/admin//setup/default/user/create", "/camunda/api/admin/SETUP/default/user/create");
    for (String path : paths) {
      assertThat(send(post(path, user)).statusCode()).as(path).isEqualTo(403);
    }
    List<String> admins = identity.createUserQuery().memberOfGroup("camunda-admin").list().stream().map(u -> u.getId()).toList();
    admins.forEach(id -> identity.deleteMembership(id, "camunda-admin"));
    try {
      for (String path : paths) {
        assertThat(send(post(path, user)).statusCode()).as(path).isEqualTo(403);
      }
    } finally {
      admins.forEach(id -> identity.createMembership(id, "camunda-admin"));
    }
    assertThat(identity.createUserQuery().userId("intruder").count()).isZero();
  }

  @Test
  void theStoredFiltersStillListTheirTasks() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    Task task = task(instance, TrainingPlanProcess.TASK_REVIEW);
    HttpResponse<String> list = send(post("/engine-rest/filter/" + filterId("Plans to review") + "/list", "{}")
        .header("Authorization", basic("ruth", PASSWORD)));
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(task.getId());
    assertThat(engine.getFilterService().createFilterQuery().filterName("My training plans").count())
        .as("the managers' filter of earlier versions is gone: managers have no Tasklist").isZero();
  }

  // --- helpers

  private Object evaluate(String expression) {
    var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    return configuration.getCommandExecutorTxRequired().execute(context ->
        configuration.getExpressionManager().createExpression(expression).getValue(null));
  }

  private String filterId(String name) {
    Filter filter = engine.getFilterService().createFilterQuery().filterName(name).singleResult();
    return filter.getId();
  }

  private void assertRefused(HttpResponse<String> response, String what) {
    assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(400);
    assertThat(response.body()).as(what).contains("expressions are not allowed in queries");
  }

  private void assertOffTheList(HttpResponse<String> response, String what) {
    assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(403);
    assertThat(response.body()).as(what).isEqualTo("{\"type\":\"Forbidden\",\"message\":\"You are not allowed to do this.\"}");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder post(String path, String json) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private HttpResponse<String> deploy(String name, String bpmn) throws Exception {
    String boundary = "----coachgrant" + System.nanoTime();
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\ntest\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name + "\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n" + bpmn + "\r\n--" + boundary + "--\r\n";
    return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest/deployment/create"))
        .header("Authorization", basic(ADMIN, ADMIN_PASSWORD))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static String model(String key, String expression) {
    return definitions(key, "<serviceTask id=\"Task_Evaluate\" name=\"Evaluate\" camunda:expression=\""
        + expression.replace("'", "&apos;") + "\" />");
  }

  private static String scriptModel() {
    return definitions("Process_Script", "<scriptTask id=\"Task_Evaluate\" name=\"Evaluate\" scriptFormat=\"groovy\">"
        + "<script>'touch x'.execute()</script></scriptTask>");
  }

  private static String classModel() {
    return definitions("Process_Class", "<serviceTask id=\"Task_Evaluate\" name=\"Evaluate\" camunda:class=\"java.lang.Object\" />");
  }

  private static String definitions(String key, String task) {
    return TestModels.oneStep(key, "Task_Evaluate", task);
  }

  /** A browser's session in the webapps: signed in once on Coachgrant's sign-in page, with the webapps' CSRF token. */
  private Webapp signIn(String user, String password) throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    HttpResponse<String> login = browser.signIn(user, password);
    assertThat(login.headers().firstValue("Location")).as("signed in").hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
    // the webapps' first call hands out their CSRF token, as in Tasklist
    browser.api("/camunda/api/admin/auth/user/default");
    return new Webapp(browser.http(), browser.cookies());
  }

  private final class Webapp {
    private final HttpClient browser;
    private final CookieManager cookies;

    Webapp(HttpClient browser, CookieManager cookies) {
      this.browser = browser;
      this.cookies = cookies;
    }

    String token() {
      return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
          .map(HttpCookie::getValue).reduce((a, b) -> b).orElse("");
    }

    HttpResponse<String> post(String path, String json) throws Exception {
      return browser.send(EngineEntryPointsTest.this.post(path, json).header("X-XSRF-TOKEN", token()).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
