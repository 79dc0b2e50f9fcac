package org.coachgrant.admin;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.coachgrant.security.Callers;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * People as pages and messages name them: their full name from the identity service, never their user id. Views call
 * it as {@code ${@people.name(id)}}. The look-up runs as the system, so a manager reads her coach's name as a coach
 * reads hers.
 */
@Component("people")
public class People {

  /** Who did something, once their account is gone (erased, or removed by an administrator). */
  public static final String FORMER_MEMBER = "a former member";

  private final IdentityService identity;
  private final Callers callers;

  People(@Lazy IdentityService identity, Callers callers) {
    this.identity = identity;
    this.callers = callers;
  }

  /**
   * "Carl Example"; {@value #FORMER_MEMBER} for an account no longer there; "Coachgrant" for what the application did
   * itself ({@code system}); the user id of an account with no name.
   */
  public String name(String userId) {
    if (userId == null || userId.isBlank()) {
      return FORMER_MEMBER;
    }
    if ("system".equals(userId)) {
      return "Coachgrant";
    }
    User user = callers.asSystem(() -> identity.createUserQuery().userId(userId).singleResult());
    if (user == null) {
      return FORMER_MEMBER;
    }
    String full = ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
        + (user.getLastName() == null ? "" : user.getLastName())).strip();
    return full.isEmpty() ? userId : full;
  }
}
