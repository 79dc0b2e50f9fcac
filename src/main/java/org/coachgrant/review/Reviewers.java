package org.coachgrant.review;

import java.util.Set;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.coachgrant.programme.ProgrammeRepository;
import org.coachgrant.system.InvalidInputException;
import org.coachgrant.security.SystemAccess;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.coachgrant.trainingplan.TrainingPlanService;
import org.springframework.stereotype.Component;

/**
 * Who may not decide a plan: anyone linked to its setting (its manager, coach, staff) and, for the
 * senior approval, the first approver. They do not see the task (their authorizations on it are
 * revoked, so it goes to another reviewer), and cannot claim or complete it by any route.
 */
@Component
class Reviewers {

  private final TrainingPlanService plans;
  private final ProgrammeRepository programmes;

  Reviewers(TrainingPlanService plans, ProgrammeRepository programmes) {
    this.plans = plans;
    this.programmes = programmes;
  }

  Set<String> conflicted(DelegateTask task) {
    long settingId = plans.context(TrainingPlanProcess.PLAN_ID.require(task)).setting().id();
    return programmes.linkedUsers(settingId);
  }

  void exclude(DelegateTask task, Set<String> users) {
    AuthorizationService authorizations = task.getProcessEngineServices().getAuthorizationService();
    SystemAccess.run(() -> users.forEach(user -> {
      Authorization revoke = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
      revoke.setUserId(user);
      revoke.setResource(Resources.TASK);
      revoke.setResourceId(task.getId());
      revoke.removePermission(Permissions.READ);
      revoke.removePermission(Permissions.UPDATE);
      revoke.removePermission(TaskPermissions.TASK_WORK);
      authorizations.saveAuthorization(revoke);
    }));
  }

  void refuse(String field, String userId, Set<String> excluded, String why) {
    if (userId != null && excluded.contains(userId)) {
      throw new InvalidInputException(field, userId + " " + why);
    }
  }
}
