package org.coachgrant.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Every endpoint that returns a plan's data, walked as each role: who may see it does, and whoever may not
 * (another manager, a reviewer or senior reviewer linked to the setting, a coach) gets what they would get
 * for a plan that does not exist: an empty list or 404.
 */
class PlanDataVisibilityTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;

  @Test
  void planDataIsShownOnlyToThoseWithoutAConflict() {
    Fixture f = fixture("10000", "1500");
    Fixture other = enrol(f.programmeCode(), f.programmeId());
    person("carl", Roles.COACHES);
    person("sid", Roles.SENIOR_REVIEWERS);
    person("ada", Roles.ADMINISTRATORS);
    programmes.link(f.settingId(), "rob", "STAFF");
    programmes.link(f.settingId(), "sid", "STAFF");
    programmes.link(f.settingId(), "carl", "COACH");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    review(instance, "ruth", "changes", "Add the baby room");
    submitPlan(instance, f.manager(), plan(2, "300"));
    long planId = planId(instance);
    String reviewTask = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();

    Map<String, Boolean> seesPlan = Map.of(f.manager(), true, other.manager(), false, "ruth", true, "rob", false,
        "sam", true, "sid", false, "carl", false, "cora", true, "ada", true);
    seesPlan.forEach((user, sees) -> {
      TestRestTemplate as = http.withBasicAuth(user, PASSWORD);
      List<Map<String, Object>> plans = as.getForObject("/api/plans", List.class);
      List<Long> ids = plans.stream().map(p -> ((Number) p.get("id")).longValue()).toList();
      assertThat(ids.contains(planId)).as("/api/plans as %s", user).isEqualTo(sees);
      ResponseEntity<String> decisions = as.getForEntity("/api/plans/{id}/decisions", String.class, planId);
      assertThat(decisions.getStatusCode()).as("decisions as %s", user).isEqualTo(sees ? HttpStatus.OK : HttpStatus.NOT_FOUND);
      assertThat(as.getForEntity("/api/plans/{id}/decisions", String.class, Long.MAX_VALUE).getStatusCode())
          .as("a plan that does not exist, as %s", user).isEqualTo(HttpStatus.NOT_FOUND);
      if (sees) {
        assertThat(decisions.getBody()).contains("Add the baby room");
      } else {
        assertThat(decisions.getBody()).doesNotContain("Add the baby room").doesNotContain(f.settingUrn());
      }
    });

    for (String user : List.of(other.manager(), "rob", "sid", "carl")) {
      TestRestTemplate as = http.withBasicAuth(user, PASSWORD);
      for (String list : List.of("/engine-rest/task?processInstanceId={id}", "/engine-rest/process-instance?processInstanceIds={id}",
          "/engine-rest/variable-instance?processInstanceIdIn={id}", "/engine-rest/history/variable-instance?processInstanceId={id}",
          "/engine-rest/history/task?processInstanceId={id}", "/engine-rest/history/process-instance?processInstanceId={id}",
          "/engine-rest/history/detail?processInstanceId={id}")) {
        // a read no screen of theirs makes is off the allow-list (403); one a screen makes shows nothing
        ResponseEntity<String> answer = as.getForEntity(list, String.class, instance.getId());
        assertThat(answer.getStatusCode()).as("%s as %s", list, user).isIn(HttpStatus.OK, HttpStatus.FORBIDDEN);
        if (answer.getStatusCode() == HttpStatus.OK) {
          assertThat(answer.getBody()).as("%s as %s", list, user).isEqualTo("[]");
        }
      }
      for (String one : List.of("/engine-rest/task/{id}", "/engine-rest/task/{id}/form-variables",
          "/engine-rest/task/{id}/variables", "/engine-rest/task/{id}/comment")) {
        assertThat(as.getForEntity(one, String.class, reviewTask).getStatusCode()).as("%s as %s", one, user)
            .isIn(HttpStatus.NOT_FOUND, HttpStatus.FORBIDDEN);
      }
      assertThat(as.getForEntity("/engine-rest/process-instance/{id}/variables", String.class, instance.getId())
          .getStatusCode()).as("instance variables as %s", user).isIn(HttpStatus.NOT_FOUND, HttpStatus.FORBIDDEN);
    }
    ResponseEntity<String> ruthSees = http.withBasicAuth("ruth", PASSWORD)
        .getForEntity("/engine-rest/task/{id}/form-variables", String.class, reviewTask);
    assertThat(ruthSees.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(ruthSees.getBody()).contains("identifiedNeeds");
  }
}
