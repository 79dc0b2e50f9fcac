package org.coachgrant.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.system.SignedInBrowser;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** Each access rule, attacked through the REST API by the wrong person: refused, and nothing changed. */
class AccessRulesTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;
  @LocalServerPort int port;

  @Test
  void anonymousCallersAreTurnedAway() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    String taskId = task(instance, TrainingPlanProcess.TASK_SUBMIT).getId();

    assertThat(http.getForEntity("/engine-rest/task", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(http.postForEntity("/engine-rest/task/{id}/submit-form", Map.of("variables", planForm("300")),
        String.class, taskId).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(http.withBasicAuth(f.manager(), "wrong").getForEntity("/engine-rest/task", String.class).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(http.getForEntity("/api/plans", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(http.getForEntity("/mailbox", String.class).getBody()).as("sent to the sign-in page")
        .contains("Sign in to Coachgrant");
    assertThat(version(instance)).isZero();
  }

  @Test
  void aManagerSeesAndDoesOnlyTheirOwnSettingsWork() {
    Fixture mine = fixture("10000", "1500");
    Fixture theirs = enrol(mine.programmeCode(), mine.programmeId());
    ProcessInstance own = requestPlan(mine);
    ProcessInstance other = requestPlan(theirs);
    TestRestTemplate manager = http.withBasicAuth(mine.manager(), PASSWORD);

    List<?> visible = manager.getForObject("/api/my/tasks", List.class);
    assertThat(visible).hasSize(1);
    // a manager has none of the engine's APIs, their own records included
    assertThat(manager.getForEntity("/engine-rest/process-instance/{id}", String.class, own.getId()).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(manager.getForEntity("/engine-rest/task", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

    String theirTask = task(other, TrainingPlanProcess.TASK_SUBMIT).getId();
    assertThat(manager.postForEntity("/api/my/tasks/{id}", Map.of("variables", planForm("300")),
        String.class, theirTask).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(version(other)).isZero();

    assertThat(manager.postForEntity("/engine-rest/process-definition/key/trainingPlan/submit-form",
        Map.of("variables", Map.of("programmeCode", Map.of("value", mine.programmeCode()),
            "settingUrn", Map.of("value", "NEW"))), String.class).getStatusCode())
        .as("only coordinators request plans").isEqualTo(HttpStatus.FORBIDDEN);

    assertThat(manager.postForEntity("/api/my/tasks/{id}", Map.of("variables", planForm("300")),
        String.class, task(own, TrainingPlanProcess.TASK_SUBMIT).getId()).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    executeJobs();
    List<Map<String, Object>> plans = manager.getForObject("/api/plans", List.class);
    assertThat(plans).extracting(p -> p.get("settingUrn")).containsExactly(mine.settingUrn());
    assertThat(manager.getForEntity("/api/plans/{id}/decisions", String.class, planId(other)).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(manager.postForEntity("/api/my/tasks/{id}",
        Map.of("variables", Map.of("reviewDecision", Map.of("value", "approve"))), String.class,
        task(own, TrainingPlanProcess.TASK_REVIEW).getId()).getStatusCode())
        .as("nobody approves their own plan").isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(task(own, TrainingPlanProcess.TASK_REVIEW)).isNotNull();
  }

  @Test
  void aReviewerLinkedToTheSettingCannotReviewItsPlan() {
    Fixture f = fixture("10000", "1500");
    programmes.link(f.settingId(), "rob", "COACH");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    String reviewTask = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();
    TestRestTemplate rob = http.withBasicAuth("rob", PASSWORD);

    List<Map<String, Object>> robsTasks = rob.getForObject("/engine-rest/task?candidateGroup=reviewers", List.class);
    assertThat(robsTasks).extracting(t -> t.get("id")).doesNotContain(reviewTask);
    assertThat(rob.postForEntity("/engine-rest/task/{id}/claim", Map.of("userId", "rob"), String.class, reviewTask)
        .getStatusCode()).isIn(HttpStatus.FORBIDDEN, HttpStatus.BAD_REQUEST);
    assertThat(rob.postForEntity("/engine-rest/task/{id}/submit-form", Map.of("variables",
        Map.of("reviewDecision", Map.of("value", "approve"))), String.class, reviewTask).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(task(instance, TrainingPlanProcess.TASK_REVIEW).getAssignee()).isNull();

    TestRestTemplate ruth = http.withBasicAuth("ruth", PASSWORD);
    List<Map<String, Object>> ruthsTasks = ruth.getForObject("/engine-rest/task?candidateGroup=reviewers", List.class);
    assertThat(ruthsTasks).extracting(t -> t.get("id")).contains(reviewTask);
    assertThat(ruth.postForEntity("/engine-rest/task/{id}/submit-form", Map.of("variables",
        Map.of("reviewDecision", Map.of("value", "approve"))), String.class, reviewTask).getStatusCode())
        .isEqualTo(HttpStatus.NO_CONTENT);
  }

  @Test
  void theFirstApproverCannotGiveTheSeniorApproval() {
    Fixture f = fixture("10000", "3000");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(5, "500"));
    TestRestTemplate vera = http.withBasicAuth("vera", PASSWORD);
    assertThat(vera.postForEntity("/engine-rest/task/{id}/submit-form", Map.of("variables",
        Map.of("reviewDecision", Map.of("value", "approve"))), String.class,
        task(instance, TrainingPlanProcess.TASK_REVIEW).getId()).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    executeJobs();
    String seniorTask = task(instance, TrainingPlanProcess.TASK_SENIOR_APPROVAL).getId();

    assertThat(vera.postForEntity("/engine-rest/task/{id}/claim", Map.of("userId", "vera"), String.class, seniorTask)
        .getStatusCode()).isIn(HttpStatus.FORBIDDEN, HttpStatus.BAD_REQUEST);
    assertThat(vera.postForEntity("/engine-rest/task/{id}/submit-form", Map.of("variables",
        Map.of("seniorDecision", Map.of("value", "approve"))), String.class, seniorTask).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(task(instance, TrainingPlanProcess.TASK_SENIOR_APPROVAL)).isNotNull();
    assertThat(programmes.findProgramme(f.programmeId()).orElseThrow().committed()).isEqualByComparingTo("0");

    ResponseEntity<List> decisions = http.withBasicAuth("cora", PASSWORD)
        .getForEntity("/api/plans/{id}/decisions", List.class, planId(instance));
    assertThat(decisions.getBody()).extracting(d -> ((Map<?, ?>) d).get("decidedBy")).containsExactly("vera");
  }

  @Test
  void onlyAdministratorsReadTheMailboxAfterTheSignIn() throws Exception {
    person("ada", Roles.ADMINISTRATORS);
    SignedInBrowser anonymous = new SignedInBrowser(port);
    var unsigned = anonymous.get("/mailbox");
    assertThat(unsigned.statusCode()).as("the sign-in page, never a Basic pop-up").isEqualTo(302);
    assertThat(unsigned.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(unsigned.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

    SignedInBrowser ada = new SignedInBrowser(port);
    ada.signIn("ada", PASSWORD);
    assertThat(ada.get("/mailbox").statusCode()).isEqualTo(200);

    SignedInBrowser cora = new SignedInBrowser(port);
    cora.signIn("cora", PASSWORD);
    var page = cora.get("/mailbox");
    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.body()).as("a page a person understands").contains("You can't open this page")
        .doesNotContain("Whitelabel");
  }

  @Test
  void everyDecisionIsListedWithWhoWhenAndWhy() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "ruth", "changes", "Add the baby room");
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "rob", "reject", "Not linked to the needs");

    List<Map<String, Object>> decisions = http.withBasicAuth(f.manager(), PASSWORD)
        .exchange("/api/plans/{id}/decisions", HttpMethod.GET, null, List.class, planId(instance)).getBody();
    assertThat(decisions).extracting(d -> d.get("decision"), d -> d.get("decidedBy"), d -> d.get("reason"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("CHANGES_REQUESTED", "ruth", "Add the baby room"),
            org.assertj.core.groups.Tuple.tuple("REJECTED", "rob", "Not linked to the needs"));
    assertThat(decisions).allSatisfy(d -> assertThat(d.get("decidedAt")).isNotNull());
  }



  private int version(ProcessInstance instance) {
    return jdbc.sql("select current_version from training_plan where process_instance_id = ?").param(instance.getId())
        .query(Integer.class).single();
  }
}
