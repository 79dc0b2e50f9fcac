package org.coachgrant.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
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
  @Autowired AuthorizationService authorizations;
  @Autowired org.camunda.bpm.engine.FilterService filters;
  @Autowired AccessSetup accessSetup;

  /** Issue 19: a database from before managers left Tasklist loses their Tasklist, their filter and its grant at start-up. */
  @Test
  void aDatabaseWhereManagersHadTasklistLosesTheirAccessTheirFilterAndItsGrant() {
    Authorization tasklist = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    tasklist.setGroupId(Roles.MANAGERS);
    tasklist.setResource(Resources.APPLICATION);
    tasklist.setResourceId("tasklist");
    tasklist.addPermission(Permissions.ACCESS);
    authorizations.saveAuthorization(tasklist);
    var filter = filters.saveFilter(filters.newTaskFilter("My training plans").setQuery(tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}")));
    Authorization read = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    read.setGroupId(Roles.MANAGERS);
    read.setResource(Resources.FILTER);
    read.setResourceId(filter.getId());
    read.addPermission(Permissions.READ);
    authorizations.saveAuthorization(read);

    accessSetup.run(null);

    assertThat(authorizations.createAuthorizationQuery().groupIdIn(Roles.MANAGERS).resourceType(Resources.APPLICATION).count())
        .as("managers' Tasklist").isZero();
    assertThat(filters.createFilterQuery().filterName("My training plans").count()).as("their filter").isZero();
    assertThat(authorizations.createAuthorizationQuery().resourceType(Resources.FILTER).resourceId(filter.getId()).count())
        .as("its grant").isZero();
  }

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

  @Test
  void anAuthorizationOfOneKindNeverReachesAResourceOfTheOther() {
    Fixture f = fixture("10000", "1500");
    ProcessInstance instance = requestPlan(f);
    String planTask = task(instance, TrainingPlanProcess.TASK_SUBMIT).getId();
    String outsider = "outsider" + java.util.UUID.randomUUID().toString().substring(0, 8);
    person(outsider, "outsiders");
    // a TASK grant whose resource id is the process's key is not a grant on that process's tasks
    Authorization taskGrant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    taskGrant.setUserId(outsider);
    taskGrant.setResource(Resources.TASK);
    taskGrant.setResourceId(TrainingPlanProcess.KEY);
    taskGrant.addPermission(Permissions.READ);
    authorizations.saveAuthorization(taskGrant);
    try {
      actAs(outsider);
      assertThat(tasks.createTaskQuery().processInstanceId(instance.getId()).count()).isZero();
      identity.clearAuthentication();

      // a PROCESS_DEFINITION grant on the key is
      Authorization keyGrant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      keyGrant.setUserId(outsider);
      keyGrant.setResource(Resources.PROCESS_DEFINITION);
      keyGrant.setResourceId(TrainingPlanProcess.KEY);
      keyGrant.addPermission(ProcessDefinitionPermissions.READ_TASK);
      authorizations.saveAuthorization(keyGrant);
      actAs(outsider);
      assertThat(tasks.createTaskQuery().processInstanceId(instance.getId()).list()).extracting(t -> t.getId())
          .containsExactly(planTask);
    } finally {
      identity.clearAuthentication();
      authorizations.createAuthorizationQuery().userIdIn(outsider).list()
          .forEach(a -> authorizations.deleteAuthorization(a.getId()));
    }
  }
}
