package org.coachgrant.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.system.SignedInBrowser;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A manager's tasks on Coachgrant's own API and page, never the engine's: the list, the form with its values,
 * a submission checked by the same form handler as before (a 400 naming the field by its label), drafts, the
 * links that lead there, and 404 for anyone else's task, at both doors.
 */
class MyTasksTest extends CoachgrantTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate http;
  @LocalServerPort int port;

  @Test
  void aManagerListsOpensAndSubmitsHerPlanThroughHerOwnApi() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    TestRestTemplate manager = http.withBasicAuth(f.manager(), PASSWORD);

    JsonNode list = JSON.readTree(manager.getForObject("/api/my/tasks", String.class));
    assertThat(list).hasSize(1);
    String taskId = list.get(0).path("id").asText();
    assertThat(taskId).isEqualTo(task(instance, TrainingPlanProcess.TASK_SUBMIT).getId());
    assertThat(list.get(0).path("name").asText()).isEqualTo("Submit training plan");
    assertThat(list.get(0).path("programme").asText()).isNotBlank();
    assertThat(list.get(0).path("setting").asText()).isNotBlank();
    assertThat(list.get(0).path("due").asText()).matches("\\d{4}-\\d{2}-\\d{2}");

    JsonNode form = JSON.readTree(manager.getForObject("/api/my/tasks/{id}/form", String.class, taskId));
    assertThat(form.path("schema").path("id").asText()).isEqualTo("submit-training-plan");
    assertThat(form.path("data").path("settingName").asText()).isEqualTo(list.get(0).path("setting").asText());
    assertThat(form.path("data").has("managerId")).as("only what the form names").isFalse();

    Map<String, Object> plan = planForm("300");
    plan.put("totalRequested", Map.of("value", 500));
    ResponseEntity<String> refused = manager.postForEntity("/api/my/tasks/{id}", Map.of("variables", plan), String.class, taskId);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    JsonNode body = JSON.readTree(refused.getBody());
    assertThat(body.path("type").asText()).isEqualTo("InvalidInput");
    assertThat(body.path("field").asText()).isEqualTo("totalRequested");
    assertThat(body.path("message").asText()).startsWith("Total grant requested: must equal the sum of the training actions");

    Map<String, Object> transientVariable = planForm("300");
    transientVariable.put("managerId", Map.of("value", "someone-else", "type", "String", "valueInfo", Map.of("transient", true)));
    ResponseEntity<String> transientRefused = manager.postForEntity("/api/my/tasks/{id}", Map.of("variables", transientVariable),
        String.class, taskId);
    assertThat(transientRefused.getStatusCode()).as(transientRefused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(JSON.readTree(transientRefused.getBody()).path("message").asText()).isEqualTo("managerId: valueInfo: must be empty");
    ResponseEntity<String> notJson = manager.postForEntity("/api/my/tasks/{id}", new HttpEntity<>("variables=x",
        textPlain()), String.class, taskId);
    assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    assertThat(JSON.readTree(notJson.getBody()).path("field").asText()).isEqualTo("Content-Type");

    Map<String, Object> words = planForm("300");
    words.put("actions", Map.of("type", "Json", "value", "[{\"course\":\"Elklan\",\"provider\":\"Elklan Training\","
        + "\"staffCount\":\"2\",\"costEach\":\"300\",\"plannedMonth\":\"" + org.coachgrant.format.Formats.month(plannedMonth()) + "\"}]"));
    ResponseEntity<String> accepted = manager.postForEntity("/api/my/tasks/{id}", Map.of("variables", words), String.class, taskId);
    assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(task(instance, TrainingPlanProcess.TASK_REVIEW)).isNotNull();
    assertThat(jdbc.sql("select planned_month from training_action a join training_plan_version v on v.id = a.plan_version_id"
        + " where v.plan_id = ?").param(planId(instance)).query(String.class).single()).isEqualTo(plannedMonth().toString());
    assertThat(JSON.readTree(manager.getForObject("/api/my/tasks", String.class))).isEmpty();
    assertThat(manager.postForEntity("/api/my/tasks/{id}", Map.of("variables", words), String.class, taskId).getStatusCode())
        .as("sent again once taken").isEqualTo(HttpStatus.NOT_FOUND);

    review(instance, "ruth", "approve", null);
    executeJobs();
    JsonNode impact = JSON.readTree(manager.getForObject("/api/my/tasks", String.class)).get(0);
    assertThat(impact.path("name").asText()).isEqualTo("Report impact");
    assertThat(impact.path("programme").asText()).isEqualTo(list.get(0).path("programme").asText());
    assertThat(impact.path("setting").asText()).isEqualTo(list.get(0).path("setting").asText());
    assertThat(impact.path("due").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
  }

  @Test
  void aReviewersGroupTasksAreClaimedInTasklistNotTakenHere() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    String review = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();
    TestRestTemplate ruth = http.withBasicAuth("ruth", PASSWORD);
    // other tests' revisions may be assigned to ruth (she asked for their changes): this review is not among hers
    assertThat(JSON.readTree(ruth.getForObject("/api/my/tasks", String.class)).findValuesAsText("id"))
        .as("offered to her group, not hers yet").doesNotContain(review);
    assertThat(ruth.postForEntity("/api/my/tasks/{id}", Map.of("variables", Map.of("reviewDecision", Map.of("value", "approve"))),
        String.class, review).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(task(instance, TrainingPlanProcess.TASK_REVIEW).getId()).isEqualTo(review);
  }

  @Test
  void anotherManagersTaskIsNotFoundAtEveryDoorAndNothingChanges() throws Exception {
    Fixture mine = fixture("10000", "1500");
    Fixture other = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(mine);
    String taskId = task(instance, TrainingPlanProcess.TASK_SUBMIT).getId();
    TestRestTemplate noah = http.withBasicAuth(other.manager(), PASSWORD);

    assertThat(noah.getForEntity("/api/my/tasks/{id}/form", String.class, taskId).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(noah.postForEntity("/api/my/tasks/{id}", Map.of("variables", planForm("300")), String.class, taskId)
        .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(noah.exchange("/api/my/tasks/{id}/draft", HttpMethod.PUT, new HttpEntity<>(Map.of("data", Map.of("x", 1))),
        String.class, taskId).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    for (String id : new String[] {"no-such-task", "../../engine-rest/task", "x".repeat(300)}) {
      assertThat(noah.getForEntity("/api/my/tasks/" + id + "/form", String.class).getStatusCode().value()).as(id).isIn(400, 404);
    }
    assertThat(JSON.readTree(noah.getForObject("/api/my/tasks", String.class))).isEmpty();
    assertThat(task(instance, TrainingPlanProcess.TASK_SUBMIT).getId()).isEqualTo(taskId);

    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn(other.manager(), PASSWORD);
    assertThat(browser.get("/tasks/" + taskId).statusCode()).isEqualTo(404);
  }

  @Test
  void aManagerHasNoneOfTheEnginesApisBySessionOrPassword() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    String taskId = task(instance, TrainingPlanProcess.TASK_SUBMIT).getId();
    TestRestTemplate manager = http.withBasicAuth(f.manager(), PASSWORD);
    for (String path : new String[] {"/engine-rest/task", "/engine-rest/task/" + taskId + "/form-variables",
        "/engine-rest/filter", "/engine-rest/user/" + f.manager() + "/profile"}) {
      assertThat(manager.getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(manager.postForEntity("/engine-rest/task/{id}/submit-form", Map.of("variables", planForm("300")), String.class,
        taskId).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn(f.manager(), PASSWORD);
    for (String path : new String[] {"/camunda/api/engine/engine/default/task", "/camunda/api/admin/auth/user/default",
        "/camunda/api/engine/engine/default/task/" + taskId + "/form-variables"}) {
      assertThat(browser.api(path).statusCode()).as(path).isEqualTo(403);
    }
    HttpResponse<String> tasklist = browser.get("/camunda/app/tasklist/default/");
    assertThat(tasklist.statusCode()).isEqualTo(302);
    assertThat(tasklist.headers().firstValue("Location").orElseThrow()).endsWith("/my");
    assertThat(task(instance, TrainingPlanProcess.TASK_SUBMIT).getId()).isEqualTo(taskId);
  }

  @Test
  void theEmailLinkOpensTheTaskPageForAManagerAndTasklistForAReviewer() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    String taskId = task(instance, TrainingPlanProcess.TASK_SUBMIT).getId();
    SignedInBrowser manager = new SignedInBrowser(port);
    manager.signIn(f.manager(), PASSWORD);
    HttpResponse<String> link = manager.get("/plans/" + planId(instance) + "/next");
    assertThat(link.headers().firstValue("Location").orElseThrow()).endsWith("/tasks/" + taskId);
    HttpResponse<String> page = manager.get("/tasks/" + taskId);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Submit training plan").contains("Save and come back later").contains("/my")
        .contains("form-viewer.umd.js").doesNotContain("/camunda/app/tasklist");
    assertThat(manager.get("/my").body()).contains("/tasks/" + taskId).doesNotContain("/camunda/app/tasklist");

    submitPlan(instance, f.manager(), plan(2, "300"));
    SignedInBrowser ruth = new SignedInBrowser(port);
    ruth.signIn("ruth", PASSWORD);
    assertThat(ruth.get("/plans/" + planId(instance) + "/next").headers().firstValue("Location").orElseThrow())
        .contains("/camunda/app/tasklist/default/#/?task=");
  }

  @Test
  void aDraftIsKeptForItsTaskAndPersonAndGoesWithTheSubmission() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    String taskId = task(instance, TrainingPlanProcess.TASK_SUBMIT).getId();
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn(f.manager(), PASSWORD);
    String token = csrfOf(browser.get("/tasks/" + taskId).body());

    HttpResponse<String> saved = call(browser, "PUT", "/tasks/api/" + taskId + "/draft", token,
        "{\"data\":{\"identifiedNeeds\":\"Speech and language, half written\"}}");
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    assertThat(browser.get("/tasks/" + taskId).body()).contains("You saved this form on").contains("half written");
    assertThat(call(browser, "PUT", "/tasks/api/" + taskId + "/draft", null, "{\"data\":{}}").statusCode())
        .as("without the page's CSRF token").isEqualTo(403);
    assertThat(call(browser, "PUT", "/tasks/api/" + taskId + "/draft", token, "{\"data\":[1,2]}").statusCode()).isEqualTo(400);
    for (String body : new String[] {"[]", "\"x\"", "{\"data\":{},\"extra\":1}", "{}"}) {
      HttpResponse<String> refused = call(browser, "PUT", "/tasks/api/" + taskId + "/draft", token, body);
      assertThat(refused.statusCode()).as(body).isEqualTo(400);
      assertThat(JSON.readTree(refused.body()).path("field").asText()).as(body).isNotBlank();
    }
    assertThat(call(browser, "PUT", "/tasks/api/" + taskId + "/draft", token,
        "{\"data\":{\"x\":\"" + "y".repeat(120_000) + "\"}}").statusCode()).isEqualTo(400);
    // what the submission would refuse is not kept either: a NUL, at the top or inside a list of actions
    for (String body : new String[] {"{\"data\":{\"identifiedNeeds\":\"half\\u0000written\"}}",
        "{\"data\":{\"identifiedNeeds\":[{\"title\":\"x\\u202Ey\"}]}}"}) {
      HttpResponse<String> refused = call(browser, "PUT", "/tasks/api/" + taskId + "/draft", token, body);
      assertThat(refused.statusCode()).as(body).isEqualTo(400);
      assertThat(refused.body()).as(body).contains("\"field\":\"identifiedNeeds\"")
          .contains("must not contain control or text-direction characters");
    }
    assertThat(browser.get("/tasks/" + taskId).body()).contains("half written");

    HttpResponse<String> submitted = call(browser, "POST", "/tasks/api/" + taskId, token,
        JSON.writeValueAsString(Map.of("variables", planForm("300"))));
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(204);
    assertThat(jdbc.sql("select count(*) from task_draft where task_id = ?").param(taskId).query(Long.class).single()).isZero();
    HttpResponse<String> done = browser.get("/tasks/" + taskId + "/done");
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body()).contains("Plan received").contains("What happens next").contains("/my");

    SignedInBrowser ruth = new SignedInBrowser(port);
    ruth.signIn("ruth", PASSWORD);
    assertThat(ruth.get("/tasks/" + taskId + "/done").statusCode()).as("not ruth's task").isEqualTo(404);
  }

  @Test
  void aManagerChangesHerOwnPasswordAfterGivingTheCurrentOne() throws Exception {
    Fixture f = fixture("10000", "1500");
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn(f.manager(), PASSWORD);
    HttpResponse<String> mismatch = browser.postForm("/my/password", "/my/password",
        Map.of("current", PASSWORD, "password", "Daffodil-Meadow-42", "confirm", "Daffodil-Meadow-43"));
    assertThat(mismatch.body()).contains("There is a problem").contains("Type the same new password again");
    assertThat(identity.checkPassword(f.manager(), PASSWORD)).isTrue();

    HttpResponse<String> changed = browser.postForm("/my/password", "/my/password",
        Map.of("current", PASSWORD, "password", "Daffodil-Meadow-42", "confirm", "Daffodil-Meadow-42"));
    assertThat(changed.statusCode()).isEqualTo(302);
    assertThat(identity.checkPassword(f.manager(), "Daffodil-Meadow-42")).isTrue();

    // a wrong current password counts as a wrong sign-in does: the same throttle, so the page guesses nothing
    HttpResponse<String> wrong = browser.postForm("/my/password", "/my/password",
        Map.of("current", PASSWORD, "password", "Tulip-Field-77", "confirm", "Tulip-Field-77"));
    assertThat(wrong.body()).contains("This is not your current password");
    assertThat(identity.checkPassword(f.manager(), "Daffodil-Meadow-42")).isTrue();
  }

  private static org.springframework.http.HttpHeaders textPlain() {
    org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
    headers.setContentType(org.springframework.http.MediaType.TEXT_PLAIN);
    return headers;
  }


  private static String csrfOf(String page) {
    Matcher m = Pattern.compile("name=\"_csrf\" content=\"([^\"]+)\"").matcher(page);
    assertThat(m.find()).as("the page's CSRF token").isTrue();
    return m.group(1);
  }

  private static HttpResponse<String> call(SignedInBrowser browser, String method, String path, String token, String json)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(browser.uri(path)).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      request.header("X-CSRF-TOKEN", token);
    }
    return browser.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
