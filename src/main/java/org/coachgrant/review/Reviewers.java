package org.coachgrant.review;

import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.IdentityLink;
import org.coachgrant.system.InvalidInputException;
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

  /**
   * Refuses {@code userId} (given the task, or completing it) unless they could claim the task themselves and are
   * not one of {@code alsoExcluded} (who are refused {@code alsoWhy}). Nobody given: a task handed back, allowed.
   */
  void refuse(DelegateTask task, String field, String userId, Set<String> alsoExcluded, String alsoWhy) {
    if (userId == null) {
      return;
    }
    Set<String> groups = SystemAccess.run(() -> task.getCandidates()).stream().map(IdentityLink::getGroupId)
        .filter(group -> group != null).collect(java.util.stream.Collectors.toSet());
    Optional<String> why = eligibility.whyNot(TrainingPlanProcess.PLAN_ID.require(task), userId, groups)
        .or(() -> alsoExcluded.contains(userId) ? Optional.of(alsoWhy) : Optional.empty());
    if (why.isPresent()) {
      throw new InvalidInputException(field, inWords(task, userId, why.get()));
    }
  }

  /**
   * The reason to the person it is about, or to the application itself; to a colleague who tried to hand them
   * the task, only the rule: another person's conflicts of interest are not theirs to learn.
   */
  private static String inWords(DelegateTask task, String userId, String why) {
    Authentication caller = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null || caller.getUserId().equals(userId)) {
      return userId + " " + why;
    }
    return userId + " may not take this task: a task can be passed only to someone who could claim it themselves"
        + " (in its group, not linked to the setting, and not its manager or coach)";
  }
}
