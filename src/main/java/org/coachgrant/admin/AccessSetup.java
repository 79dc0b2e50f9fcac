package org.coachgrant.admin;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;
import static org.coachgrant.admin.Roles.COACHES;
import static org.coachgrant.admin.Roles.COORDINATORS;
import static org.coachgrant.admin.Roles.MANAGERS;
import static org.coachgrant.admin.Roles.REVIEWERS;
import static org.coachgrant.admin.Roles.SENIOR_REVIEWERS;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.task.TaskQuery;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Who may see and do what, created by the application itself in every profile (nobody clicks it
 * together in Admin): the groups, their Tasklist filters and their authorizations. Tasks are
 * authorized by the engine from their assignee and candidate groups; a manager's own process
 * instance is granted when their plan is opened. Idempotent: run at every start.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AccessSetup implements ApplicationRunner {

  /**
   * A Tasklist filter: its list shows the task variables named in {@code shown} (name, then the label
   * Tasklist shows), and it is sorted by {@code sortBy}, in the query (the REST API) and for Tasklist
   * (its {@code sortBy}/{@code sortOrder} properties, which Coachgrant's Tasklist script applies).
   */
  private record TaskFilter(String name, String description, int priority, String group, TaskQuery query,
      List<Map<String, String>> shown) {}

  private static final List<Map<String, String>> PLAN_TO_REVIEW = List.of(shown("settingName", "Setting"),
      shown("amountRequested", "Amount"), shown("planVersion", "Plan version"), shown("dueOn", "Due"));

  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final FilterService filters;
  private final TaskService tasks;

  AccessSetup(IdentityService identity, AuthorizationService authorizations, FilterService filters, TaskService tasks) {
    this.identity = identity;
    this.authorizations = authorizations;
    this.filters = filters;
    this.tasks = tasks;
  }

  @Override
  public void run(ApplicationArguments args) {
    Roles.NAMES.forEach(this::group);
    for (String group : List.of(COACHES, REVIEWERS, SENIOR_REVIEWERS, COORDINATORS)) {
      grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    }
    // managers do their tasks on Coachgrant's own pages: no Tasklist, and no filter of theirs, in a database that had them
    authorizations.createAuthorizationQuery().groupIdIn(MANAGERS).resourceType(Resources.APPLICATION).list()
        .forEach(old -> authorizations.deleteAuthorization(old.getId()));
    filters.createFilterQuery().filterName(MANAGERS_FILTER).list().forEach(old -> {
      authorizations.createAuthorizationQuery().resourceType(Resources.FILTER).resourceId(old.getId()).list()
          .forEach(grant -> authorizations.deleteAuthorization(grant.getId()));
      filters.deleteFilter(old.getId());
    });
    grant(COORDINATORS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    // coordinators request plans and watch the programme's work: its instances, tasks and history
    grant(COORDINATORS, Resources.PROCESS_DEFINITION, TrainingPlanProcess.KEY, ProcessDefinitionPermissions.READ,
        ProcessDefinitionPermissions.CREATE_INSTANCE, ProcessDefinitionPermissions.READ_INSTANCE,
        ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.READ_HISTORY);
    grant(COORDINATORS, Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE);
    grant(COORDINATORS, Resources.DECISION_DEFINITION, ANY, Permissions.READ);
    for (TaskFilter filter : filters()) {
      Filter saved = filters.createFilterQuery().filterName(filter.name()).singleResult();
      // created, or brought up to date: Coachgrant's filters are the application's, like its models
      saved = filters.saveFilter((saved == null ? filters.newTaskFilter(filter.name()) : saved).setQuery(filter.query())
          .setProperties(Map.of("description", filter.description(), "priority", filter.priority(), "refresh", true,
              "variables", filter.shown(), "showUndefinedVariable", false, "sortBy", "dueDate", "sortOrder", "asc")));
      grant(filter.group(), Resources.FILTER, saved.getId(), Permissions.READ);
    }
  }

  /** The managers' Tasklist filter of earlier versions, removed at start. */
  private static final String MANAGERS_FILTER = "My training plans";

  private List<TaskFilter> filters() {
    return List.of(
        new TaskFilter("Plans to review", "Training plans waiting for a reviewer", 0, REVIEWERS,
            byDueDate(tasks.createTaskQuery().taskCandidateGroup(REVIEWERS).includeAssignedTasks()), PLAN_TO_REVIEW),
        new TaskFilter("Senior approvals", "Plans the approval rules send to a senior reviewer", 1, SENIOR_REVIEWERS,
            byDueDate(tasks.createTaskQuery().taskCandidateGroup(SENIOR_REVIEWERS).includeAssignedTasks()), PLAN_TO_REVIEW),
        new TaskFilter("Coordinator tasks", "Overdue plans and impact reports, budget shortfalls, impact reports to review", 2, COORDINATORS,
            byDueDate(tasks.createTaskQuery().taskCandidateGroup(COORDINATORS).includeAssignedTasks()),
            List.of(shown("settingName", "Setting"), shown("programmeName", "Programme"), shown("amountRequested", "Amount"))));
  }

  /** Soonest due first, then the oldest. */
  private static TaskQuery byDueDate(TaskQuery query) {
    return query.orderByDueDate().asc().orderByTaskCreateTime().asc();
  }

  private static Map<String, String> shown(String variable, String label) {
    return Map.of("name", variable, "label", label);
  }

  private void group(String id, String name) {
    if (identity.createGroupQuery().groupId(id).count() == 0) {
      Group group = identity.newGroup(id);
      group.setName(name);
      group.setType("WORKFLOW");
      identity.saveGroup(group);
    }
  }

  private void grant(String group, Resource resource, String resourceId, Permission... permissions) {
    Authorization existing = authorizations.createAuthorizationQuery().groupIdIn(group)
        .resourceType(resource).resourceId(resourceId).singleResult();
    Authorization authorization = existing != null ? existing : authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
    authorization.setGroupId(group);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    for (Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizations.saveAuthorization(authorization);
  }
}
