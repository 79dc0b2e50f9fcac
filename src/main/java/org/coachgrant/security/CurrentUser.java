package org.coachgrant.security;

import org.coachgrant.forms.InvalidInputException;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who is acting: the authenticated user of the engine call, else the task's assignee. Every decision
 * is recorded with a person, so an anonymous completion of an unclaimed task is refused.
 */
@Component
public class CurrentUser {

  private final IdentityService identityService;

  CurrentUser(IdentityService identityService) {
    this.identityService = identityService;
  }

  public String id(DelegateTask task) {
    Authentication authentication = identityService.getCurrentAuthentication();
    if (authentication != null && authentication.getUserId() != null) {
      return authentication.getUserId();
    }
    if (task.getAssignee() != null) {
      return task.getAssignee();
    }
    throw new InvalidInputException("assignee", "claim the task (or authenticate) before completing it,"
        + " so the decision is recorded with who made it");
  }
}
