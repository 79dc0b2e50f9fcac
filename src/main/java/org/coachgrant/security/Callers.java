package org.coachgrant.security;

import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/** Who calls Coachgrant's own endpoints (authenticated by RestAuthentication), and what groups they are in. */
@Component
public class Callers {

  private final IdentityService identity;

  Callers(IdentityService identity) {
    this.identity = identity;
  }

  /** The caller; 401 for nobody. */
  public Authentication current() {
    Authentication caller = identity.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      throw new ResponseStatusException(HttpStatus.UNAUTHORIZED);
    }
    return caller;
  }

  public boolean isIn(Authentication caller, Set<String> groups) {
    return caller.getGroupIds() != null && caller.getGroupIds().stream().anyMatch(groups::contains);
  }

  /** The caller, if in one of {@code groups}; 403 otherwise. */
  public Authentication requireAnyOf(Set<String> groups, String why) {
    Authentication caller = current();
    if (!isIn(caller, groups)) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, why);
    }
    return caller;
  }

  /** Runs what a caller was allowed to start as the system: the caller's own grants do not limit it. */
  public <T> T asSystem(java.util.function.Supplier<T> action) {
    Authentication caller = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      return action.get();
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      }
    }
  }
}
