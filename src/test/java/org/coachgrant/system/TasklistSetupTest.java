package org.coachgrant.system;

import org.coachgrant.time.DueDates;
import org.coachgrant.format.Formats;
import org.coachgrant.forms.Json;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tasklist as Coachgrant sets it up: the filters' lists show what a person chooses by, sorted by due
 * date; review tasks are due in the programme's working days, plan tasks on the plan's deadline; a refusal
 * names the field by its label; nobody creates a task of their own; the webapps' own login is closed.
 */
class TasklistSetupTest extends CoachgrantTest {

  @LocalServerPort int port;
  @Autowired FilterService filters;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void eachFilterShowsWhatAPersonChoosesByAndIsSortedByDueDate() {
    assertThat(shown("Plans to review")).containsExactly("settingName", "amountRequested", "planVersion", "dueOn");
    assertThat(shown("Senior approvals")).containsExactly("settingName", "amountRequested", "planVersion", "dueOn");
    assertThat(filter("My training plans")).as("managers have no Tasklist, so no filter").isNull();
    assertThat(shown("Coordinator tasks")).contains("settingName");
    Filter review = filter("Plans to review");
    assertThat(review.getProperties()).containsEntry("sortBy", "dueDate").containsEntry("sortOrder", "asc")
        .containsEntry("showUndefinedVariable", false);
    assertThat(filters.getFilter(review.getId()).getQuery().toString()).isNotNull();
  }

  @Test
  void aReviewIsDueInTheProgrammesWorkingDaysAndShowsSettingAmountAndVersion() {
    Fixture f = fixture("10000", "1500");
    programmes.setReviewWorkingDays(f.programmeId(), 3);
    ProcessInstance instance = requestPlan(f);
    Task plan = task(instance, TrainingPlanProcess.TASK_SUBMIT);
    LocalDate deadline = LocalDate.now().plusDays(30);
    assertThat(plan.getDueDate()).isEqualTo(endOf(deadline));
    assertThat(tasks.getVariableLocal(plan.getId(), "deadline")).isEqualTo(Formats.date(deadline));

    submitPlan(instance, f.manager(), plan(2, "590"));
    Task review = task(instance, TrainingPlanProcess.TASK_REVIEW);
    LocalDate due = DueDates.workingDaysAfter(LocalDate.now(), 3);
    assertThat(review.getDueDate()).isEqualTo(endOf(due));
    assertThat((String) tasks.getVariableLocal(review.getId(), "settingName")).startsWith("Setting ");
    assertThat(tasks.getVariablesLocal(review.getId())).containsEntry("amountRequested", "£1,180.00").containsEntry("planVersion", 1).containsEntry("dueOn", Formats.date(due));

    // in Tasklist's order: the filter lists the soonest due first
    actAs("ruth");
    try {
      List<Task> listed = filters.list(filter("Plans to review").getId());
      // (tasks created before due dates were set have none; where they go is the database's choice)
      assertThat(listed.stream().map(Task::getDueDate).filter(java.util.Objects::nonNull).toList()).isSorted();
    } finally {
      identity.clearAuthentication();
    }
  }

  @Test
  void workingDaysSkipWeekends() {
    LocalDate friday = LocalDate.of(2027, 6, 4);
    assertThat(DueDates.workingDaysAfter(friday, 10)).isEqualTo(LocalDate.of(2027, 6, 18));
    assertThat(DueDates.workingDaysAfter(friday, 1)).isEqualTo(LocalDate.of(2027, 6, 7));
    assertThat(DueDates.workingDaysAfter(friday.plusDays(1), 1)).as("from a Saturday").isEqualTo(LocalDate.of(2027, 6, 7));
    assertThat(DueDates.workingDaysAfter(friday.minusDays(1), 1)).isEqualTo(friday);
  }

  @Test
  void aRefusedSubmissionNamesTheFieldByItsLabelAndKeepsTheKeyForIntegrators() throws Exception {
    Fixture f = fixture("10000", "1500");
    String task = task(requestPlan(f), TrainingPlanProcess.TASK_SUBMIT).getId();
    Map<String, Object> form = planForm("450");
    form.put("totalRequested", Map.of("value", 850));
    // the manager's own door, and the REST API's for the review (the same form labels)
    for (String path : List.of("/api/my/tasks/" + task)) {
      HttpResponse<String> refused = post(f.manager(), path, Json.write(Map.of("variables", form)));
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(Json.tree(refused.body()).path("message").asText())
          .isEqualTo("Total grant requested: must equal the sum of the training actions, £900.00 (was £850.00)");
      assertThat(Json.tree(refused.body()).path("field").asText()).isEqualTo("totalRequested");
      assertThat(refused.body()).doesNotContain(task).doesNotContain("Cannot submit");
    }
    form.put("totalRequested", Map.of("value", 900));
    form.put("actions", Map.of("type", "Json", "value",
        "[{\"course\":\"Elklan\",\"provider\":\"Elklan\",\"staffCount\":2,\"costEach\":-5,\"plannedMonth\":\"" + plannedMonth() + "\"}]"));
    HttpResponse<String> row = post(f.manager(), "/api/my/tasks/" + task, Json.write(Map.of("variables", form)));
    assertThat(Json.tree(row.body()).path("message").asText()).startsWith("Training actions, row 1, Cost per person: must not be negative");
    assertThat(Json.tree(row.body()).path("field").asText()).isEqualTo("actions[1].costEach");
  }

  @Test
  void nobodyButAnAdministratorCreatesATaskOfTheirOwn() throws Exception {
    Fixture f = fixture("10000", "1500");
    HttpResponse<String> created = post(f.manager(), "/engine-rest/task/create", "{\"name\":\"My own task\"}");
    assertThat(created.statusCode()).isEqualTo(403);
    assertThat(post("ruth", "/engine-rest/task/create", "{\"name\":\"My own task\"}").statusCode()).isEqualTo(403);
    assertThat(tasks.createTaskQuery().taskName("My own task").count()).isZero();
  }

  @Test
  void theWebappsOwnLoginIsClosedSoTheOnlyWayInIsCoachgrantsSignIn() throws Exception {
    for (String path : List.of("/camunda/api/admin/auth/user/default/login/tasklist", "/camunda/api/admin/auth/user/default/login/cockpit",
        "/camunda//api/admin/auth/user/default/login/admin", "/camunda/api/admin/auth/user/default/login/welcome")) {
      HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("username=cora&password=" + PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).as(path).isIn(403, 400);
      assertThat(login.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("SESSION") || c.startsWith("JSESSIONID"));
    }
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn("cora", PASSWORD);
    assertThat(browser.api("/camunda/api/admin/auth/user/default").statusCode()).as("Coachgrant's sign-in still opens them").isEqualTo(200);
  }

  @Test
  void theWebappsAreCustomisedTheDocumentedWay() throws Exception {
    SignedInBrowser browser = new SignedInBrowser(port);
    browser.signIn("cora", PASSWORD);
    for (String app : List.of("tasklist", "cockpit", "admin")) {
      HttpResponse<String> config = browser.get("/camunda/app/" + app + "/scripts/config.js");
      assertThat(config.statusCode()).isEqualTo(200);
      assertThat(config.body()).contains("coachgrant-config.js").contains("coachgrant('" + app.substring(0, 1).toUpperCase());
      assertThat(browser.get("/camunda/app/" + app + "/styles/user-styles.css").body()).contains("coachgrant.css");
    }
    assertThat(browser.get("/camunda/app/tasklist/scripts/coachgrant-config.js").body())
        .contains("vendor: 'Coachgrant'").contains("D MMMM YYYY").contains("customScripts");
    assertThat(browser.get("/camunda/app/tasklist/styles/coachgrant.css").body()).contains(".ce-eol-banner { display: none");
    HttpResponse<String> script = browser.get("/camunda/app/tasklist/scripts/coachgrant.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.body()).contains("/login?signedOut");
  }

  private static java.util.Date endOf(LocalDate day) {
    return java.util.Date.from(day.plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant().minusSeconds(60));
  }

  private Filter filter(String name) {
    return filters.createFilterQuery().filterName(name).singleResult();
  }

  @SuppressWarnings("unchecked")
  private List<String> shown(String name) {
    return ((List<Map<String, String>>) filter(name).getProperties().get("variables")).stream().map(v -> v.get("name")).toList();
  }

  private HttpResponse<String> post(String user, String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
