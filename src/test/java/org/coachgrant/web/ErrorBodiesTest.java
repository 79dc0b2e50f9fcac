package org.coachgrant.web;

import org.coachgrant.forms.Json;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Bad input through the REST API gets a 4xx that names the field and the rule: never a 500, an
 * engine code, a library's or an internal class's name, or someone else's record.
 */
class ErrorBodiesTest extends CoachgrantTest {

  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aJsonVariableThatIsNotJsonNamesTheVariable() throws Exception {
    Fixture f = fixture("10000", "1500");
    String task = task(requestPlan(f), TrainingPlanProcess.TASK_SUBMIT).getId();
    // a manager's door is Coachgrant's own API: the same checks, the same bodies
    HttpResponse<String> response = post(f.manager(), "/api/my/tasks/" + task,
        "{\"variables\":{\"actions\":{\"type\":\"Json\",\"value\":\"nope\"}}}");
    assertClean(response, 400, "actions: is not valid JSON");
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertClean(post(f.manager(), "/api/my/tasks/" + task,
        "{\"variables\":{\"actions\":{\"type\":\"Json\",\"value\":\"" + deep + "\"}}}"), 400, "actions: must nest at most 32 levels deep");
  }

  @Test
  void wrongShapesAndTypesAreRefusedWithoutNamingClasses() throws Exception {
    Fixture f = fixture("10000", "1500");
    String task = task(requestPlan(f), TrainingPlanProcess.TASK_SUBMIT).getId();
    String path = "/api/my/tasks/" + task;
    assertClean(post(f.manager(), path, "{\"variables\":\"x\"}"), 400, "variables: must be an object of named values");
    // Jersey names the member where Jackson tells it, and sometimes only that the body does not fit
    HttpResponse<String> shape = post(f.manager(), path,
        "{\"variables\":{\"totalRequested\":{\"value\":600}},\"withVariablesInReturn\":[1]}");
    // a member a submission does not have is refused by name before the engine reads the body
    assertClean(shape, 400, "withVariablesInReturn: is not a member of a submission (only variables)");
    assertClean(post(f.manager(), path, "{\"variables\":{\"totalRequested\":{\"type\":\"Object\",\"value\":\"rO0AB\"}}}"),
        400, "totalRequested: must be of type String, Boolean, Integer, Long, Double, Date, Json or Null (was 'Object')");
    assertClean(post(f.manager(), path, "{\"variables\":{\"totalRequested\":{\"type\":\"Integer\",\"value\":{\"a\":1}}}}"),
        400, "must be a whole number");
  }

  @Test
  void hiddenCharactersInTextAreRefused() throws Exception {
    Fixture f = fixture("10000", "1500");
    String task = task(requestPlan(f), TrainingPlanProcess.TASK_SUBMIT).getId();
    for (String hidden : new String[] {"\\u0000", "\\u202E", "\\u0007"}) {
      String body = Json.write(java.util.Map.of("variables", planForm("300"))).replace("\"Better talk\"", "\"Better" + hidden + " talk\"");
      assertClean(post(f.manager(), "/api/my/tasks/" + task, body), 400,
          "What difference will the training make?: must not contain control or text-direction characters");
    }
  }

  @Test
  void claimingAClaimedTaskIsAConflictAndAMissingTaskIsNotFound() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    String review = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();
    assertThat(post("ruth", "/engine-rest/task/" + review + "/claim", "{\"userId\":\"ruth\"}").statusCode()).isEqualTo(204);
    assertClean(post("vera", "/engine-rest/task/" + review + "/claim", "{\"userId\":\"vera\"}"), 409,
        "task: is already claimed by someone else");
    assertClean(post("ruth", "/engine-rest/task/no-such-task/submit-form", "{}"), 404, ErrorBodies.TASK_NOT_FOUND);
    // Tasklist shows the message as text in its notification: plain words, nothing it would escape
    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest/task/no-such-task"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("ruth:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertClean(missing, 404, "\"message\":\"This task was not found, or is not yours to see.\"");
    assertThat(missing.body()).doesNotContain("<").doesNotContain(">").doesNotContain("&");
    String own = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();
    HttpResponse<String> deleted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest/task/" + own))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("ruth:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
        .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).as(deleted.body()).isIn(400, 403);
    assertThat(tasks.createTaskQuery().taskId(own).count()).as("the task is still there").isEqualTo(1);
  }

  @Test
  void invalidInputAtTheStartIsA400() throws Exception {
    assertClean(post("cora", "/engine-rest/process-definition/key/trainingPlan/submit-form",
        "{\"variables\":{\"programmeCode\":{\"value\":\"NOPE\"},\"settingUrn\":{\"value\":\"X\"}}}"), 400,
        "Programme code: no programme has the code 'NOPE'");
  }

  @Test
  void refusalsNameNoOtherPersonsRecordsNorCountThem() throws Exception {
    Fixture f = fixture("10000", "1500");
    Fixture other = fixture("10000", "1500");
    ProcessInstance theirs = requestPlan(other);
    HttpResponse<String> forbidden = post(f.manager(), "/engine-rest/process-instance/" + theirs.getId() + "/variables",
        "{\"modifications\":{\"x\":{\"value\":1}}}");
    assertThat(forbidden.statusCode()).isIn(403, 404);
    assertThat(forbidden.body()).doesNotContain(theirs.getId());
    assertClean(forbidden, forbidden.statusCode(), "");
    // no screen correlates messages: off the allow-list, a bare 403 whatever the message
    HttpResponse<String> correlation = post(f.manager(), "/engine-rest/message", "{\"messageName\":\"budgetToppedUp\",\"all\":false}");
    assertClean(correlation, 403, ErrorBodies.FORBIDDEN);
    assertThat(correlation.body()).doesNotContainPattern("\\d+ executions");
  }

  private static void assertClean(HttpResponse<String> response, int status, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).contains(message).doesNotContain("Exception").doesNotContain("ENGINE-")
        .doesNotContain("SPIN").doesNotContain("org.").doesNotContain("java.").doesNotContain("Dto");
  }

  private HttpResponse<String> post(String user, String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
