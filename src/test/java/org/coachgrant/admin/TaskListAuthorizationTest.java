package org.coachgrant.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.coachgrant.CoachgrantTest;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** The task list's own authorization check (TaskListAuthorization): the same tasks as the engine's, read fast. */
class TaskListAuthorizationTest extends CoachgrantTest {

  @Autowired TestRestTemplate http;

  @Test
  void theTaskQueryRunsTheIndexedStatements() {
    var sessions = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDbSqlSessionFactory();
    assertThat(sessions.mapStatement("selectTaskByQueryCriteria")).isEqualTo("selectTaskByQueryCriteriaAuthorized");
    assertThat(sessions.mapStatement("selectTaskCountByQueryCriteria")).isEqualTo("selectTaskCountByQueryCriteriaAuthorized");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aConflictedReviewerNeitherListsNorCountsTheReviewAndAnotherReviewerDoes() {
    Fixture f = fixture("10000", "1500");
    programmes.link(f.settingId(), "rob", "COACH");
    ProcessInstance instance = requestPlan(f);
    submitPlan(instance, f.manager(), plan(2, "300"));
    String review = task(instance, TrainingPlanProcess.TASK_REVIEW).getId();
    String url = "/engine-rest/task?candidateGroup=reviewers&processInstanceId=" + instance.getId();

    List<Map<String, Object>> ruths = http.withBasicAuth("ruth", PASSWORD).getForObject(url, List.class);
    assertThat(ruths).extracting(t -> t.get("id")).containsExactly(review);
    assertThat(http.withBasicAuth("rob", PASSWORD).getForObject(url, List.class)).isEmpty();
    assertThat(http.withBasicAuth("rob", PASSWORD).getForObject(url.replace("/task?", "/task/count?"), Map.class))
        .containsEntry("count", 0);

    actAs("rob");
    try {
      assertThat(tasks.createTaskQuery().taskId(review).count()).isZero();
      assertThat(tasks.createTaskQuery().taskCandidateGroup("reviewers").processInstanceId(instance.getId()).list()).isEmpty();
    } finally {
      identity.clearAuthentication();
    }
    actAs("ruth");
    try {
      assertThat(tasks.createTaskQuery().or().taskCandidateGroup("reviewers").taskAssignee("ruth").endOr()
          .processInstanceId(instance.getId()).list()).extracting(t -> t.getId()).containsExactly(review);
    } finally {
      identity.clearAuthentication();
    }
  }
}
