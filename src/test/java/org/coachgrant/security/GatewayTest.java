package org.coachgrant.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.admin.Roles;
import org.coachgrant.system.SignedInBrowser;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The attacks of issue 18 on the engine's APIs, as they were made: each is refused at the gateway, before
 * the engine or any parser sees the call, and nothing changes.
 */
class GatewayTest extends CoachgrantTest {

  private static final String WEBAPP = "/camunda/api/engine/engine/default";

  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  /** The REST recipe (docs/rest-api.md), call by call as it is written (with a senior approval): every call passes the gateway. */
  @Test
  void theReadmeRestRecipePassesThroughTheAllowList() throws Exception {
    Fixture f = fixture("10000", "3000");
    long refusalsBefore = GatewayRefusals.count();
    attendanceWaived(f);
    HttpResponse<String> requested = send("cora", "POST", "/engine-rest/process-definition/key/trainingPlan/submit-form",
        "application/json", "{\"variables\":{\"programmeCode\":{\"value\":\"" + f.programmeCode()
            + "\"},\"settingUrn\":{\"value\":\"" + f.settingUrn() + "\"}}}");
    assertThat(requested.statusCode()).as(requested.body()).isEqualTo(200);
    String instance = new com.fasterxml.jackson.databind.ObjectMapper().readTree(requested.body()).path("id").asText();
    executeJobs();

    String month = plannedMonth().toString();
    submitAsManager(f.manager(), "Submit training plan", "{\"variables\":{"
        + "\"identifiedNeeds\":{\"value\":\"Speech and language support for two-year-olds\"},"
        + "\"actions\":{\"type\":\"Json\",\"value\":\"[{\\\"course\\\":\\\"Elklan\\\",\\\"provider\\\":\\\"Elklan Training\\\","
        + "\\\"staffCount\\\":5,\\\"costEach\\\":500,\\\"plannedMonth\\\":\\\"" + month + "\\\"}]\"},"
        + "\"totalRequested\":{\"value\":2500},"
        + "\"expectedOutcomes\":{\"value\":\"Earlier help for children with language delay\"},"
        + "\"cascadingPlan\":{\"value\":\"Trained staff lead two room meetings each term\"}}}");
    submit("ruth", instance, TrainingPlanProcess.TASK_REVIEW,
        "{\"variables\":{\"reviewDecision\":{\"value\":\"approve\"},\"reviewComment\":{\"value\":\"A clear plan\"}}}");
    submit("sam", instance, TrainingPlanProcess.TASK_SENIOR_APPROVAL,
        "{\"variables\":{\"seniorDecision\":{\"value\":\"approve\"},\"seniorComment\":{\"value\":\"Agreed\"}}}");
    submitAsManager(f.manager(), "Report impact", "{\"variables\":{"
        + "\"impactActions\":{\"type\":\"Json\",\"value\":\"[{\\\"tookPlace\\\":true,\\\"staffTrained\\\":5,\\\"actualCost\\\":2250}]\"},"
        + "\"changesForChildren\":{\"value\":\"Two-year-olds use more words at snack time\"},"
        + "\"changesInPractice\":{\"value\":\"Key persons comment instead of asking questions during play\"},"
        + "\"colleaguesReached\":{\"value\":6},"
        + "\"cascadeHow\":{\"value\":\"Two staff meetings; each trained practitioner mentors a colleague\"},"
        + "\"cascadeWhen\":{\"value\":\"September and October\"}}}");
    submit("cora", instance, TrainingPlanProcess.TASK_REVIEW_IMPACT, "{\"variables\":{\"impactDecision\":{\"value\":\"accept\"}}}");

    HttpResponse<String> closed = send("cora", "GET", "/engine-rest/history/activity-instance?processInstanceId=" + instance
        + "&activityId=Event_GrantClosed", null, null);
    assertThat(closed.statusCode()).isEqualTo(200);
    assertThat(closed.body()).contains("Event_GrantClosed");
    assertThat(send("cora", "GET", "/api/plans", null, null).body()).contains(f.settingUrn());
    assertThat(GatewayRefusals.since(refusalsBefore)).isEmpty();
  }

  /** The manager's steps of the recipe, on Coachgrant's own API: her task by name, submitted, and the jobs run. */
  private void submitAsManager(String manager, String taskName, String form) throws Exception {
    HttpResponse<String> found = send(manager, "GET", "/api/my/tasks", null, null);
    assertThat(found.statusCode()).as(manager + " lists her tasks").isEqualTo(200);
    var list = new com.fasterxml.jackson.databind.ObjectMapper().readTree(found.body());
    assertThat(list.size()).as(manager + " finds " + taskName + ": " + found.body()).isEqualTo(1);
    assertThat(list.get(0).path("name").asText()).isEqualTo(taskName);
    HttpResponse<String> submitted = send(manager, "POST", "/api/my/tasks/" + list.get(0).path("id").asText(),
        "application/json", form);
    assertThat(submitted.statusCode()).as(manager + " submits " + taskName + ": " + submitted.body()).isEqualTo(204);
    executeJobs();
  }

  /** Steps 2 to 7 of the recipe: find one's task of the plan, submit its form, and let the jobs run. */
  private void submit(String user, String instance, String taskKey, String form) throws Exception {
    HttpResponse<String> found = send(user, "GET", "/engine-rest/task?processInstanceId=" + instance
        + "&taskDefinitionKey=" + taskKey, null, null);
    assertThat(found.statusCode()).as(user + " finds " + taskKey).isEqualTo(200);
    var list = new com.fasterxml.jackson.databind.ObjectMapper().readTree(found.body());
    assertThat(list.size()).as(user + " finds " + taskKey + ": " + found.body()).isEqualTo(1);
    HttpResponse<String> submitted = send(user, "POST", "/engine-rest/task/" + list.get(0).path("id").asText() + "/submit-form",
        "application/json", form);
    assertThat(submitted.statusCode()).as(user + " submits " + taskKey + ": " + submitted.body()).isEqualTo(204);
    executeJobs();
  }

  @Test
  void aCoordinatorCannotFundAPlanWithStartInstructions() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    String attack = "{\"startInstructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"Task_CommitGrant\","
        + "\"variables\":{\"planId\":{\"value\":" + planId(instance) + ",\"type\":\"Long\"}}}]}";

    for (String path : List.of("/engine-rest/process-definition/key/trainingPlan/start",
        "/engine-rest/process-definition/key/trainingPlan/submit-form")) {
      HttpResponse<String> refused = send("cora", "POST", path, "application/json", attack);
      assertThat(refused.statusCode()).as(path).isEqualTo(403);
    }
    assertThat(programmes.findProgramme(f.programmeId()).orElseThrow().committed()).isEqualByComparingTo("0");
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(TrainingPlanProcess.KEY)
        .variableValueEquals("settingUrn", f.settingUrn()).count()).isEqualTo(1);
  }

  @Test
  void aReviewerCanClaimAReviewOnlyForHerself() throws Exception {
    person("carl", Roles.COACHES);
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    String review = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();

    HttpResponse<String> forCarl = send("ruth", "POST", "/engine-rest/task/" + review + "/claim", "application/json",
        "{\"userId\":\"carl\"}");
    assertThat(forCarl.statusCode()).isEqualTo(403);
    assertThat(forCarl.body()).contains("userId: is not allowed here");
    assertThat(task(instance, TrainingPlanProcess.TASK_REVIEW).getAssignee()).isNull();
    assertThat(send("ruth", "POST", "/engine-rest/task/" + review + "/claim", "application/json", "{\"userId\":\"ruth\"}")
        .statusCode()).isEqualTo(204);
    assertThat(task(instance, TrainingPlanProcess.TASK_REVIEW).getAssignee()).isEqualTo("ruth");
  }

  @Test
  void noReviewerTakesAClaimedReviewFromTheColleagueWhoHoldsIt() throws Exception {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    String review = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();
    assertThat(send("rob", "POST", "/engine-rest/task/" + review + "/claim", "application/json", "{\"userId\":\"rob\"}")
        .statusCode()).isEqualTo(204);

    // a claim without a user is the engine's unclaim: it would hand rob's review back for anyone to take
    for (String body : new String[] {"{}", "{\"userId\":null}", ""}) {
      assertThat(send("ruth", "POST", "/engine-rest/task/" + review + "/claim", "application/json", body).statusCode())
          .as(body).isEqualTo(403);
    }
    SignedInBrowser ruth = signedIn("ruth");
    assertThat(webapp(ruth, "POST", WEBAPP + "/task/" + review + "/claim", "{}").statusCode()).isEqualTo(403);

    assertThat(task(instance, TrainingPlanProcess.TASK_REVIEW).getAssignee()).isEqualTo("rob");
  }

  @Test
  void aCoordinatorFiltersCockpitsInstancesByAVariable() throws Exception {
    Fixture f = fixture("10000", "1500");
    long planId = planId(requestPlan(f));
    SignedInBrowser cora = signedIn("cora");
    HttpResponse<String> count = webapp(cora, "POST", "/camunda/api/cockpit/plugin/base/default/process-instance/count",
        "{\"variables\":[{\"name\":\"planId\",\"operator\":\"eq\",\"value\":" + planId + "}]}");
    assertThat(count.statusCode()).isEqualTo(200);
    assertThat(count.body()).contains("\"count\":1");
  }

  @Test
  void aPersonCannotChangeTheirOwnEmailButAnAdministratorCan() throws Exception {
    person("noah", Roles.MANAGERS);
    person("ada", Roles.ADMINISTRATORS);
    String profile = "{\"id\":\"noah\",\"firstName\":\"Noah\",\"lastName\":\"Example\",\"email\":\"takeover@example.org\"}";

    assertThat(send("noah", "PUT", "/engine-rest/user/noah/profile", "application/json", profile).statusCode()).isEqualTo(403);
    SignedInBrowser noah = signedIn("noah");
    assertThat(webapp(noah, "PUT", WEBAPP + "/user/noah/profile", profile).statusCode()).isEqualTo(403);
    assertThat(identity.createUserQuery().userId("noah").singleResult().getEmail()).isEqualTo("noah@example.org");

    SignedInBrowser ada = signedIn("ada");
    assertThat(webapp(ada, "PUT", WEBAPP + "/user/noah/profile", profile.replace("takeover", "noah.new")).statusCode())
        .isEqualTo(204);
    assertThat(identity.createUserQuery().userId("noah").singleResult().getEmail()).isEqualTo("noah.new@example.org");
  }

  @Test
  void aPersonChangesOnlyTheirOwnPasswordInWelcome() throws Exception {
    person("nina", Roles.COACHES);
    person("noor", Roles.COACHES);
    SignedInBrowser nina = signedIn("nina");
    String change = "{\"password\":\"Nina-New-Pass-4!\",\"authenticatedUserPassword\":\"" + PASSWORD + "\"}";
    assertThat(webapp(nina, "PUT", WEBAPP + "/user/noor/credentials", change).statusCode()).isEqualTo(403);
    assertThat(identity.checkPassword("noor", PASSWORD)).isTrue();
    assertThat(webapp(nina, "PUT", WEBAPP + "/user/nina/credentials", change).statusCode()).isEqualTo(204);
    assertThat(identity.checkPassword("nina", "Nina-New-Pass-4!")).isTrue();
    User restored = identity.createUserQuery().userId("nina").singleResult();
    restored.setPassword(PASSWORD);
    identity.saveUser(restored);
  }

  @Test
  void noContentTypeGetsAQueryPastTheExpressionGuard() throws Exception {
    Fixture f = fixture("10000", "1500");
    submitPlan(requestPlan(f), f.manager(), plan(2, "300"));
    String filter = engine.getFilterService().createFilterQuery().filterName("Plans to review").singleResult().getId();
    String attack = "{\"orQueries\":[{\"dueAfterExpression\":\"${planDeadline.reviewDue(20000000)}\"}]}";
    for (String contentType : new String[] {"*/*", null, "text/plain", "application/x-www-form-urlencoded", "application/jsonx"}) {
      for (String path : List.of("/engine-rest/filter/" + filter + "/count", "/engine-rest/filter/" + filter + "/list")) {
        HttpResponse<String> refused = send("ruth", "POST", path, contentType, attack);
        assertThat(refused.statusCode()).as(contentType + " " + path).isEqualTo(415);
        assertThat(refused.body()).contains("Content-Type: must be application/json");
      }
    }
    SignedInBrowser manager = signedIn("ruth");
    HttpResponse<String> webapp = manager.http().send(HttpRequest.newBuilder(uri(WEBAPP + "/filter/" + filter + "/count"))
        .header("Content-Type", "*/*").header("X-XSRF-TOKEN", manager.webappToken())
        .POST(HttpRequest.BodyPublishers.ofString(attack)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(webapp.statusCode()).isEqualTo(415);
    assertThat(send("ruth", "POST", "/engine-rest/filter/" + filter + "/count", "application/json;charset=UTF-8", attack)
        .body()).contains("expressions are not allowed in queries");
  }

  @Test
  void noObjectVariableComesInByAnyEncodingAdministratorsIncluded() throws Exception {
    person("ada", Roles.ADMINISTRATORS);
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    String submit = "/engine-rest/task/" + task(instance, TrainingPlanProcess.TASK_REVIEW).getId() + "/submit-form";

    String untypedList = "{\"variables\":{\"identifiedNeeds\":{\"value\":[\"a\",\"b\"]}}}";
    assertThat(send("ruth", "POST", submit, "application/json", untypedList).body())
        .contains("identifiedNeeds: a list or an object must have the type Json");
    String objectWithoutValue = "{\"variables\":{\"identifiedNeeds\":{\"type\":\"Object\",\"valueInfo\":"
        + "{\"objectTypeName\":\"java.util.ArrayList\",\"serializationDataFormat\":\"application/x-java-serialized-object\"}}}}";
    assertThat(send("ruth", "POST", submit, "application/json", objectWithoutValue).body())
        .contains("identifiedNeeds: must be of type String");
    String classInValueInfo = "{\"variables\":{\"identifiedNeeds\":{\"type\":\"Json\",\"value\":\"[]\",\"valueInfo\":"
        + "{\"objectTypeName\":\"java.util.ArrayList\"}}}}";
    assertThat(send("ruth", "POST", submit, "application/json", classInValueInfo).statusCode()).isEqualTo(400);
    assertThat(send("ruth", "POST", submit, "application/x-www-form-urlencoded",
        "variables=%7B%7D").statusCode()).isEqualTo(415);

    String boundary = "----coachgrant";
    String upload = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"list.ser\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\nrO0ABXNyABNqYXZhLnV0aWwuQXJyYXlMaXN0\r\n--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"valueType\"\r\n\r\nObject\r\n--" + boundary + "--\r\n";
    for (String path : List.of("/engine-rest/process-instance/" + instance.getId() + "/variables/smuggled/data",
        "/engine-rest/task/" + task(instance, TrainingPlanProcess.TASK_REVIEW).getId() + "/variables/smuggled/data")) {
      assertThat(send("ada", "POST", path, "multipart/form-data; boundary=" + boundary, upload).statusCode()).as(path).isEqualTo(403);
    }
    HttpResponse<String> deployment = send("ada", "POST", "/engine-rest/deployment/create",
        "multipart/form-data; boundary=" + boundary, upload);
    assertThat(deployment.statusCode()).isEqualTo(400);
    assertThat(deployment.body()).contains("valueType: variables are not taken by upload");
    assertThat(runtime.getVariables(instance.getId())).doesNotContainKey("smuggled");
  }

  @Test
  void aManagersUploadIsRefusedBeforeItIsRead() throws Exception {
    Fixture f = fixture("10000", "1500");
    for (String path : List.of("/engine-rest/deployment/create", "/api/admin/models/deploy")) {
      // a body announced as 5 MB of which only the start is sent: a server that read it first would wait for the rest
      String answer = rawRequest("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic(f.manager())
          + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 5000000\r\n\r\n--x\r\n", null);
      assertThat(answer).as(path).startsWith("HTTP/1.1 403");
    }
    SignedInBrowser manager = signedIn(f.manager());
    String session = manager.cookies().getCookieStore().getCookies().stream().filter(c -> c.getName().equals("SESSION"))
        .map(c -> c.getName() + "=" + c.getValue()).findFirst().orElseThrow();
    String answer = rawRequest("POST /admin/models/api/deploy HTTP/1.1\r\nHost: localhost\r\nCookie: " + session
        + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 5000000\r\n\r\n--x\r\n", null);
    assertThat(answer).as("the models page's upload").startsWith("HTTP/1.1 403");
  }

  @Test
  void aChunkedUploadOverTheLimitIsA413() throws Exception {
    person("ada", Roles.ADMINISTRATORS);
    byte[] chunk = new byte[1024 * 1024];
    java.util.Arrays.fill(chunk, (byte) 'x');
    // no Content-Length: the size shows only while reading, and the answer comes before the 60 MB are sent
    String answer = rawRequest("POST /engine-rest/deployment/create HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
        + basic("ada") + "\r\nContent-Type: multipart/form-data; boundary=x\r\nTransfer-Encoding: chunked\r\n\r\n", out -> {
          for (int i = 0; i < 60; i++) {
            out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          }
        });
    assertThat(answer).startsWith("HTTP/1.1 413").contains("body: must be at most 10 MB");
  }

  @Test
  void aChunkedEnrolmentFileOverTheLimitIsA413() throws Exception {
    Fixture f = fixture("10000", "1500");
    byte[] chunk = ("Setting " + "x".repeat(1000) + ",EY1,Manager,m@example.org\n").repeat(1000).getBytes(StandardCharsets.UTF_8);
    String answer = rawRequest("POST /api/programmes/" + f.programmeCode() + "/enrolments HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: " + basic("cora") + "\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n", out -> {
          for (int i = 0; i < 12; i++) {
            out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
    assertThat(answer).startsWith("HTTP/1.1 413").contains("body: must be at most 10 MB");
  }

  @Test
  void noContentTypeAndNoMalformedBodyIsA500() throws Exception {
    person("ada", Roles.ADMINISTRATORS);
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    String submit = "/engine-rest/task/" + task(instance, TrainingPlanProcess.TASK_REVIEW).getId() + "/submit-form";
    assertThat(send("ruth", "POST", submit, "application/json; charset=nonsense", "{\"variables\":{}}").statusCode())
        .isEqualTo(415);
    for (String body : List.of("null", "[1]", "\"text\"", "{\"variables\":", "\u0000")) {
      assertThat(send("ruth", "POST", submit, "application/json", body).statusCode()).as(body).isEqualTo(400);
    }
    assertThat(send("cora", "POST", "/api/programmes", "application/json; charset=nonsense", "{}").statusCode()).isBetween(400, 499);
    for (String wildcard : List.of("*/*", "application/*")) {
      for (String[] call : new String[][] {{"cora", "/api/programmes"}, {"ruth", "/api/my/tasks/x"}}) {
        HttpResponse<String> answer = send(call[0], "POST", call[1], wildcard, "{}");
        assertThat(answer.statusCode()).as(wildcard + " to " + call[1] + ": " + answer.body()).isEqualTo(415);
        assertThat(answer.body()).contains("Content-Type");
      }
    }
    for (String[] upload : new String[][] {{"multipart/form-data", "garbage"}, {"multipart/form-data; boundary=x", "--x\r\nbroken"},
        {"multipart/form-data; boundary=x", ""}, {"application/json", "{}"}}) {
      HttpResponse<String> answer = send("ada", "POST", "/engine-rest/deployment/create", upload[0], upload[1]);
      assertThat(answer.statusCode()).as(upload[0] + " " + upload[1] + ": " + answer.body()).isBetween(400, 499);
    }
  }

  /** A path that becomes the engine's only once the server decodes it ("/api/%2e%2e/engine-rest/…") is refused in words. */
  @Test
  void aPathWithDotSegmentsOrEncodedDotsIsA400() throws Exception {
    for (String path : List.of("/api/%2e%2e/engine-rest/task", "/api/%2E%2E/engine-rest/task", "/programmes/%2e%2e/engine-rest/task",
        "/engine-rest/%2e/task")) {
      HttpResponse<String> answer = send("ruth", "GET", path, null, null);
      assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(400);
      assertThat(answer.body()).as(path).contains("\"field\":\"path\"").doesNotContain("Exception");
    }
    assertThat(send("ruth", "GET", "/engine-rest/task", null, null).statusCode()).as("the plain path").isEqualTo(200);
  }

  @Test
  void aBadSortingIsA400ThatSaysWhy() throws Exception {
    Fixture f = fixture("10000", "1500");
    submitPlan(requestPlan(f), f.manager(), plan(2, "300"));
    String filter = engine.getFilterService().createFilterQuery().filterName("Plans to review").singleResult().getId();
    for (String sorting : List.of("[{\"sortBy\":\"processVariable\",\"sortOrder\":\"asc\",\"parameters\":{\"variable\":\"x\",\"type\":\"Object\"}}]",
        "[{\"sortBy\":\"processVariable\",\"sortOrder\":\"asc\",\"parameters\":{\"variable\":\"x\",\"type\":\"Nope\"}}]",
        "[{\"sortBy\":\"nope\",\"sortOrder\":\"asc\"}]", "[{\"sortBy\":\"dueDate\",\"sortOrder\":\"sideways\"}]", "\"dueDate\"")) {
      HttpResponse<String> refused = send("ruth", "POST", "/engine-rest/filter/" + filter + "/list", "application/json",
          "{\"sorting\":" + sorting + "}");
      assertThat(refused.statusCode()).as(sorting + ": " + refused.body()).isEqualTo(400);
      assertThat(refused.body()).contains("sorting");
    }
    assertThat(send("ruth", "POST", "/engine-rest/filter/" + filter + "/list", "application/json",
        "{\"sorting\":[{\"sortBy\":\"dueDate\",\"sortOrder\":\"asc\"}]}").statusCode()).isEqualTo(200);
  }

  @Test
  void theEnginesVersionIsForAdministratorsAndTheEngineListForNobodyAnonymous() throws Exception {
    person("ada", Roles.ADMINISTRATORS);
    for (String user : List.of("cora", "ruth")) {
      assertThat(send(user, "GET", "/engine-rest/version", null, null).statusCode()).as(user).isEqualTo(403);
    }
    assertThat(send("ada", "GET", "/engine-rest/version", null, null).statusCode()).isEqualTo(200);
    for (String user : List.of("cora", "ada")) {
      HttpResponse<String> description = send(user, "OPTIONS", "/engine-rest/task", null, null);
      assertThat(description.statusCode()).as(user).isEqualTo(403);
      assertThat(description.body()).doesNotContain("wadl").hasSizeLessThan(200);
    }
    HttpResponse<String> engines = http.send(HttpRequest.newBuilder(uri("/engine-rest/engine")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(engines.statusCode()).isEqualTo(401);
    assertThat(engines.body()).doesNotContain("default");
  }

  @Test
  void anAdministratorMakesAFilterWithListColumnsThroughRest() throws Exception {
    person("ada", Roles.ADMINISTRATORS);
    String filter = "{\"resourceType\":\"Task\",\"name\":\"Reviews with their settings\",\"query\":{\"candidateGroup\":\"reviewers\"},"
        + "\"properties\":{\"variables\":[{\"name\":\"settingName\",\"label\":\"Setting\"}],\"priority\":5}}";
    HttpResponse<String> created = send("ada", "POST", "/engine-rest/filter/create", "application/json", filter);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body()).path("id").asText();
    try {
      assertThat(engine.getFilterService().getFilter(id).getProperties()).containsKey("variables");
      assertThat(send("cora", "POST", "/engine-rest/filter/create", "application/json", filter).statusCode()).isEqualTo(403);
    } finally {
      engine.getFilterService().deleteFilter(id);
    }
  }

  // --- helpers

  private HttpResponse<String> send(String user, String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", basic(user))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private SignedInBrowser signedIn(String user) throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn(user, PASSWORD);
    // the webapps' first call hands out their CSRF token, as in Tasklist
    browser.api("/camunda/api/admin/auth/user/default");
    return browser;
  }

  private HttpResponse<String> webapp(SignedInBrowser browser, String method, String path, String json) throws Exception {
    return browser.http().send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .header("X-XSRF-TOKEN", browser.webappToken()).method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static String basic(String user) {
    String password = user.equals("admin") ? "Test-Only-Coach-7x!" : PASSWORD;
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private interface Body {
    void write(OutputStream out) throws IOException;
  }

  /** Sends the head of a request (and what {@code body} writes, until the server answers) and reads the answer. */
  private String rawRequest(String head, Body body) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Thread writer = new Thread(() -> {
        try {
          if (body != null) {
            body.write(out);
            out.flush();
          }
        } catch (IOException closed) {
          // the server answered and closed before the whole body was sent: the answer is what counts
        }
      });
      writer.setDaemon(true);
      writer.start();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      int n;
      while ((n = in.read(buffer)) != -1) {
        answer.write(buffer, 0, n);
        String text = answer.toString(StandardCharsets.ISO_8859_1);
        if (text.contains("\r\n\r\n") && (text.contains("}") || text.contains("\r\n0\r\n"))) {
          break;
        }
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
