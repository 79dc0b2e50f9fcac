package org.coachgrant.review;

import java.util.Set;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.coachgrant.security.SystemAccess;
import org.coachgrant.trainingplan.TrainingPlanProcess;
import org.springframework.stereotype.Component;

/**
 * Who may take and decide a review task: someone who could claim it themselves ({@link ReviewEligibility}:
 * in one of the task's candidate groups, not the setting's manager, coach or linked person) and, for the
 * senior approval, not the first approver. The conflicted do not see the task (their authorizations on it
 * are revoked, so it goes to another reviewer); nobody ineligible can be given it, claim it or complete it,
 * by any route: the checks run in the task's listeners, inside the engine.
 */
@Component
class Reviewers {

  private final ReviewEligibility eligibility;

  Reviewers(ReviewEligibility eligibility) {
    this.eligibility = eligibility;
  }

  Set<String> conflicted(DelegateTask task) {
    return eligibility.conflicted(TrainingPlanProcess.PLAN_ID.require(task));
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

  /** Whether {@code userId} could claim {@code task} themselves now. */
  boolean mayTake(DelegateTask task, String userId) {
    return eligibility.whyNot(task, userId).isEmpty();
  }

  /** {@link ReviewEligibility#refuse(DelegateTask, String, String, Set, String)}. */
  void refuse(DelegateTask task, String field, String userId, Set<String> alsoExcluded, String alsoWhy) {
    eligibility.refuse(task, field, userId, alsoExcluded, alsoWhy);
  }
}
